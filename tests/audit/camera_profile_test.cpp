#include <gtest/gtest.h>

#include <algorithm>

#include "audit/camera_profile.h"
#include "tests/audit/classifier_fixture.h"

namespace camtrace {
namespace {

TEST(CameraProfile, DeduplicatesNearIdenticalViews) {
  auto records = test::recordsOf(test::renderScene(50, 60));
  CameraProfile profile("cam-A");
  for (const auto& r : records) profile.add(r);
  EXPECT_EQ(profile.framesSeen(), 60);
  EXPECT_GE(profile.entries().size(), 1u);
  EXPECT_LT(profile.entries().size(), 30u);
  // Every frame it was built from matches it closely.
  for (const auto& r : records) {
    auto m = profile.match(r.signals);
    EXPECT_LE(m.pdqDistance, 20);
    EXPECT_GE(m.structureSimilarity, 0.95f);
  }
}

// A recorder that draws its 4:3 picture inside a 16:9 frame: the profile knows the picture inside its bars,
// so the picture alone (fitted into another stream with bars of its own) matches it as closely as whole
// frames match whole frames.
TEST(CameraProfile, AReferenceInsideBarsIsKnownInsideThem) {
  const auto pictures = test::renderScene(52, 20, 240, 180);
  std::vector<YuvImage> boxed;
  for (const auto& p : pictures) {
    YuvImage frame(320, 180);
    for (int y = 0; y < 180; ++y)
      std::copy_n(p.y.begin() + static_cast<long>(y) * 240, 240,
                  frame.y.begin() + static_cast<long>(y) * 320 + 40);
    boxed.push_back(frame);
  }
  CameraProfile profile("cam-S");
  for (const auto& r : test::recordsOf(boxed)) profile.add(r);
  for (const auto& r : test::recordsOf(pictures)) {
    const auto m = profile.match(r.signals);
    EXPECT_LE(m.pdqDistance, 20);
    EXPECT_GE(m.structureSimilarity, 0.95f);
  }
}

TEST(CameraProfile, SkipsDamagedAndFlatFrames) {
  auto records = test::recordsOf(test::renderScene(51, 2));
  records[0].decodeDamaged = true;
  records[1].signals.pdqQuality = 0;
  CameraProfile profile("cam-A");
  for (const auto& r : records) profile.add(r);
  EXPECT_TRUE(profile.empty());
}

TEST(CameraProfile, JsonRoundTripKeepsEveryEntry) {
  auto records = test::recordsOf(test::renderScene(52, 30));
  CameraProfile profile("cam-Z");
  for (const auto& r : records) profile.add(r);
  profile.addSource("ref/z.mp4");
  auto back = CameraProfile::fromJson(nlohmann::json::parse(profile.toJson().dump()));
  EXPECT_EQ(back.cameraId(), "cam-Z");
  EXPECT_EQ(back.sources(), std::vector<std::string>{"ref/z.mp4"});
  ASSERT_EQ(back.entries().size(), profile.entries().size());
  for (const auto& r : records) {
    EXPECT_EQ(back.match(r.signals).pdqDistance, profile.match(r.signals).pdqDistance);
  }
  EXPECT_THROW(CameraProfile::fromJson(nlohmann::json::parse(R"({"schema":"other"})")),
               std::invalid_argument);
}

TEST(CameraProfile, DominantSceneLeavesShortForeignBurstsOut) {
  auto own = test::renderScene(53, 90);
  auto other = test::renderScene(153, 10);
  std::vector<YuvImage> session(own.begin(), own.begin() + 40);
  session.insert(session.end(), other.begin(), other.end());
  session.insert(session.end(), own.begin() + 40, own.end());
  auto records = test::recordsOf(session);
  auto profile = CameraProfile::fromDominantScene("cam-A", records);
  ASSERT_FALSE(profile.empty());
  for (size_t i = 40; i < 50; ++i) EXPECT_GT(profile.match(records[i].signals).pdqDistance, 40) << i;
  EXPECT_LE(profile.match(records[10].signals).pdqDistance, 30);
}

TEST(CameraProfile, DominantSceneLeavesASessionServedWhollyByAnotherCameraOut) {
  // Three short sessions of the camera's own room, and a long one the cache served wholly from another
  // camera: pooled, the stranger's room is 40% of the frames; session by session, it dominates one in four.
  std::vector<FrameRecord> frames;
  std::vector<size_t> sessionOf;
  for (size_t s = 0; s < 4; ++s) {
    const auto records = test::recordsOf(s < 3 ? test::renderScene(54, 40) : test::renderScene(154, 80));
    frames.insert(frames.end(), records.begin(), records.end());
    sessionOf.resize(frames.size(), s);
  }
  const auto profile = CameraProfile::fromDominantScene("cam-A", frames, sessionOf);
  ASSERT_FALSE(profile.empty());
  EXPECT_LE(profile.match(frames[10].signals).pdqDistance, 30);
  for (size_t i = 120; i < 200; i += 10) EXPECT_GT(profile.match(frames[i].signals).pdqDistance, 40) << i;
  // Pooled as one session, the stranger's room passes for the camera's.
  const auto pooled = CameraProfile::fromDominantScene("cam-A", frames);
  EXPECT_LE(pooled.match(frames[150].signals).pdqDistance, 30);
}

TEST(CameraProfile, AViewThatHoldsMoreInAnotherCamerasSessionsIsThatCamerasOwn) {
  // cam-A's sessions are short and in three of its four the cache served cam-B's room for half of it:
  // alone, cam-A learns cam-B's room as its own (it holds in half of its sessions and more). With cam-B's
  // sessions beside it (its room in all four), that view is left to cam-B; cam-A keeps its own room, which
  // holds in all of its sessions.
  std::vector<FrameRecord> a, b;
  std::vector<size_t> aSession, bSession;
  const auto roomA = test::renderScene(55, 80), roomB = test::renderScene(155, 120);
  for (size_t s = 0; s < 4; ++s) {
    const auto at = [](const std::vector<YuvImage>& room, size_t first) {
      return room.begin() + static_cast<std::ptrdiff_t>(first);
    };
    std::vector<YuvImage> session(at(roomA, s * 20), at(roomA, s * 20 + 20));
    if (s < 3) session.insert(session.end(), at(roomB, s * 20), at(roomB, s * 20 + 20));
    const auto records = test::recordsOf(session);
    a.insert(a.end(), records.begin(), records.end());
    aSession.resize(a.size(), s);
    const auto own = test::recordsOf(std::vector<YuvImage>(at(roomB, s * 30), at(roomB, s * 30 + 30)));
    b.insert(b.end(), own.begin(), own.end());
    bSession.resize(b.size(), s);
  }
  const auto alone = CameraProfile::fromDominantScene("cam-A", a, aSession);
  EXPECT_LE(alone.match(a[30].signals).pdqDistance, 30);  // cam-B's room, learned as cam-A's
  const auto both = CameraProfile::fromDominantScenes({{"cam-A", a, aSession}, {"cam-B", b, bSession}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].cameraId(), "cam-A");
  EXPECT_LE(both[0].match(a[5].signals).pdqDistance, 30);  // its own room stays
  for (size_t i = 20; i < 40; i += 5) EXPECT_GT(both[0].match(a[i].signals).pdqDistance, 40) << i;
  EXPECT_LE(both[1].match(b[10].signals).pdqDistance, 30);
}

TEST(CameraProfile, AViewHeldInAsManySessionsOfTwoCamerasIsTheOneWhoseFramesItFills) {
  // cam-B's room is 40% of three of cam-A's four sessions (the cache served it into them), and fills three
  // of cam-B's four (the fourth the cache served wholly from a third room): it holds in three sessions of
  // four for both. It fills most of cam-B's frames and a third of cam-A's: it is cam-B's.
  std::vector<FrameRecord> a, b;
  std::vector<size_t> aSession, bSession;
  const auto roomA = test::renderScene(56, 120), roomB = test::renderScene(156, 120),
             roomC = test::renderScene(256, 30);
  const auto at = [](const std::vector<YuvImage>& room, size_t first) {
    return room.begin() + static_cast<std::ptrdiff_t>(first);
  };
  for (size_t s = 0; s < 4; ++s) {
    std::vector<YuvImage> session(at(roomA, s * 30), at(roomA, s * 30 + 30));
    if (s < 3) session.insert(session.end(), at(roomB, s * 20), at(roomB, s * 20 + 20));
    const auto records = test::recordsOf(session);
    a.insert(a.end(), records.begin(), records.end());
    aSession.resize(a.size(), s);
    const auto own =
        test::recordsOf(s < 3 ? std::vector<YuvImage>(at(roomB, s * 30), at(roomB, s * 30 + 30)) : roomC);
    b.insert(b.end(), own.begin(), own.end());
    bSession.resize(b.size(), s);
  }
  const auto both = CameraProfile::fromDominantScenes({{"cam-A", a, aSession}, {"cam-B", b, bSession}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_LE(both[0].match(a[5].signals).pdqDistance, 30);  // cam-A's own room stays
  for (size_t i = 30; i < 50; i += 5) EXPECT_GT(both[0].match(a[i].signals).pdqDistance, 40) << i;
  EXPECT_LE(both[1].match(b[10].signals).pdqDistance, 30);
  EXPECT_LE(both[1].match(a[35].signals).pdqDistance, 30);
}

// A camera panning across a room three times as wide as its picture, once per session, without a cut: no
// single view is in a third of a session, but each continues the session's one chain of views, so each is
// the camera's own.
TEST(CameraProfile, APanningCamerasViewsAreLearnedAlongTheirChain) {
  const auto room = test::renderScene(57, 90, 480, 96);
  std::vector<FrameRecord> frames;
  std::vector<size_t> sessionOf;
  for (size_t s = 0; s < 4; ++s) {
    std::vector<YuvImage> session;
    for (int i = 0; i < 90; ++i) {
      YuvImage window(160, 96);
      const int x0 = i * 320 / 89;
      for (int y = 0; y < 96; ++y)
        std::copy_n(room[static_cast<size_t>(i)].y.begin() + y * 480 + x0, 160, window.y.begin() + y * 160);
      session.push_back(window);
    }
    const auto records = test::recordsOf(session);
    frames.insert(frames.end(), records.begin(), records.end());
    sessionOf.resize(frames.size(), s);
  }
  const auto profile = CameraProfile::fromDominantScene("cam-P", frames, sessionOf);
  for (size_t i = 0; i < 90; i += 10) EXPECT_LE(profile.match(frames[i].signals).pdqDistance, 30) << i;
}

// cam-A's own room is in all six of its sessions; a cache served cam-B's room into four of them, for two
// thirds of each. cam-B's room is in four of its six sessions (two long ones were served wholly from a third
// room). The room holds in four sessions of six for both, and fills more of cam-A's sampled frames than of
// cam-B's; but against each camera's steadiest view (six of six for cam-A, four of six for cam-B) it is all
// of cam-B's footage and two thirds of cam-A's: it is cam-B's.
TEST(CameraProfile, AViewIsWeighedAgainstEachCamerasSteadiestView) {
  std::vector<FrameRecord> a, b;
  std::vector<size_t> aSession, bSession;
  const auto roomA = test::renderScene(58, 120), roomB = test::renderScene(158, 160),
             roomC = test::renderScene(258, 120);
  const auto part = [](const std::vector<YuvImage>& room, size_t first, size_t count) {
    return std::vector<YuvImage>(room.begin() + static_cast<std::ptrdiff_t>(first),
                                 room.begin() + static_cast<std::ptrdiff_t>(first + count));
  };
  for (size_t s = 0; s < 6; ++s) {
    auto session = part(roomA, s * 20, 20);
    if (s < 4) {
      const auto served = part(roomB, s * 40, 40);
      session.insert(session.end(), served.begin(), served.end());
    }
    const auto records = test::recordsOf(session);
    a.insert(a.end(), records.begin(), records.end());
    aSession.resize(a.size(), s);
    const auto own = test::recordsOf(s < 4 ? part(roomB, s * 40, 10) : part(roomC, (s - 4) * 60, 60));
    b.insert(b.end(), own.begin(), own.end());
    bSession.resize(b.size(), s);
  }
  const auto both = CameraProfile::fromDominantScenes({{"cam-A", a, aSession}, {"cam-B", b, bSession}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_LE(both[0].match(a[5].signals).pdqDistance, 30);  // cam-A's own room stays
  for (size_t i = 20; i < 60; i += 5) EXPECT_GT(both[0].match(a[i].signals).pdqDistance, 40) << i;
  EXPECT_LE(both[1].match(b[5].signals).pdqDistance, 30);
}

// A time-lapse camera whose every session opens on a short shot of one view and cuts to its main view (or a
// handheld camera that opens close up): the opening shot is a sixth of each session, less than a quarter,
// but it is where the session's footage begins. The stranger's room a cache served into the middle of the
// main view, as long, in every session, is cut into it. The first is the camera's own; the second is left
// out.
TEST(CameraProfile, AShotThatOpensEverySessionIsTheCamerasOwnThoughShort) {
  const auto opening = test::renderScene(59, 80), room = test::renderScene(159, 320),
             stranger = test::renderScene(259, 80);
  const auto part = [](const std::vector<YuvImage>& from, size_t first, size_t count) {
    return std::vector<YuvImage>(from.begin() + static_cast<std::ptrdiff_t>(first),
                                 from.begin() + static_cast<std::ptrdiff_t>(first + count));
  };
  std::vector<FrameRecord> frames;
  std::vector<size_t> sessionOf;
  for (size_t s = 0; s < 4; ++s) {
    auto session = part(opening, s * 20, 20);
    const auto before = part(room, s * 80, 40), served = part(stranger, s * 20, 20),
               after = part(room, s * 80 + 40, 40);
    session.insert(session.end(), before.begin(), before.end());
    session.insert(session.end(), served.begin(), served.end());
    session.insert(session.end(), after.begin(), after.end());
    const auto records = test::recordsOf(session);
    frames.insert(frames.end(), records.begin(), records.end());
    sessionOf.resize(frames.size(), s);
  }
  const auto profile = CameraProfile::fromDominantScene("cam-L", frames, sessionOf);
  for (size_t s = 0; s < 4; ++s) {
    const size_t at = s * 120;
    EXPECT_LE(profile.match(frames[at + 10].signals).pdqDistance, 30) << s;  // the opening shot
    EXPECT_LE(profile.match(frames[at + 40].signals).pdqDistance, 30) << s;  // the main view
    for (size_t i = at + 60; i < at + 80; i += 5)
      EXPECT_GT(profile.match(frames[i].signals).pdqDistance, 40) << i;  // the stranger's room
  }
}

}  // namespace
}  // namespace camtrace
