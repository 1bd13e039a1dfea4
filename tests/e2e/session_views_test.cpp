// A camera that was moved shows its viewers a scene its references never had. Its frames served into
// another session are foreign but match no reference; the views its own session showed attribute them,
// in one run and in a merge of shards alike. A session served wholly by it is a change of scene for the
// claimed camera until the case shows the view is the moved camera's (two of its own sessions show it,
// none of the claimed camera's other sessions do).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

// Sessions s-b-0, s-b-1, ... of cam-B, each 80 pictures of its moved view, the i-th from picture i * step.
void addMovedCameraSessions(const test::TempDir& dir, const std::vector<YuvImage>& moved, int sessions,
                            int step, nlohmann::json& into) {
  for (int i = 0; i < sessions; ++i) {
    const std::string cap = "cap/b-" + std::to_string(i) + ".mp4";
    const auto first = moved.begin() + static_cast<ptrdiff_t>(step) * i;
    test::writeVideo(dir.file(cap), std::vector<YuvImage>(first, first + 80));
    into.push_back(
        {{"id", "s-b-" + std::to_string(i)}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {cap}}});
  }
}

TEST(SessionViews, AttributeBurstsOfAMovedCameraInOneRunAndInShards) {
  test::TempDir dir;
  for (const char* sub : {"ref", "cap"}) fs::create_directories(dir.path() / sub);
  const auto a = test::renderScene(300, 160, 320, 180);
  const auto bBefore = test::renderScene(301, 40, 320, 180);  // cam-B where its reference footage was filmed
  const auto bMoved = test::renderScene(302, 120, 320, 180);  // cam-B after it was moved: another room
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), bBefore);
  std::vector<YuvImage> sessionA(a.begin() + 40, a.end());
  for (int i = 50; i < 58; ++i)
    sessionA[static_cast<size_t>(i)] = bMoved[static_cast<size_t>(i)];  // the cache mix-up
  test::writeVideo(dir.file("cap/a.mp4"), sessionA);
  test::writeVideo(dir.file("cap/b.mp4"), bMoved);
  nlohmann::json c;
  c["case_id"] = "moved";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a.mp4"}}},
                   {{"id", "s-b"}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {"cap/b.mp4"}}}};
  test::writeBytes(dir.file("case.json"), c.dump(2));

  auto run = test::camtrace("audit --case " + quote(dir.file("case.json")) + " -o " +
                                quote(dir.file("f.json")) + " --frames " + quote(dir.file("fr.jsonl")),
                            dir);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(dir.file("f.json")));
  int foreign = 0, sceneChanges = 0;
  for (const auto& f : report["findings"]) {
    if (f["type"] == "scene_change") {
      ++sceneChanges;
      EXPECT_EQ(f["session"],
                "s-b");  // the moved camera's own session: a change of scene, not foreign frames
      continue;
    }
    ++foreign;
    EXPECT_EQ(f["session"], "s-a");
    EXPECT_EQ(f["first_index"], 50);
    EXPECT_EQ(f["last_index"], 57);
    EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
    ASSERT_TRUE(f["evidence"].contains("attributed_via_sessions")) << f.dump();
    EXPECT_EQ(f["evidence"]["attributed_via_sessions"]["camera"], "cam-B");
  }
  EXPECT_EQ(foreign, 1);
  EXPECT_EQ(report["summary"]["cameras_exposed"], nlohmann::json::array({"cam-B"}));
  // frames.jsonl tells the same.
  std::istringstream lines(test::readBytes(dir.file("fr.jsonl")));
  std::string line;
  std::map<std::string, int> movedVerdicts;
  while (std::getline(lines, line)) {
    const auto frame = nlohmann::json::parse(line);
    if (frame["session"] == "s-b") ++movedVerdicts[frame["verdict"].get<std::string>()];
    if (frame["verdict"] == "foreign") {
      EXPECT_EQ(frame["attributed_camera"], "cam-B") << line;
    }
  }

  // The moved camera's own session is its own: consistent (the rooms are alike enough here) or a scene
  // change.
  EXPECT_EQ(movedVerdicts.count("foreign"), 0u) << nlohmann::json(movedVerdicts).dump() << sceneChanges;
  // Two shards, one session each: neither sees both, the merge decides as the single run did.
  std::string merge = "merge";
  for (int i = 0; i < 2; ++i) {
    const std::string out = dir.file("shard-" + std::to_string(i) + ".json");
    auto shard = test::camtrace("audit --case " + quote(dir.file("case.json")) + " --shard " +
                                    std::to_string(i) + "/2 -o " + quote(out),
                                dir);
    ASSERT_EQ(shard.exitCode, 0) << shard.err;
    merge.append(" ").append(quote(out));  // not " " + string: GCC bug 105651 at -O3
  }
  auto merged = test::camtrace(merge + " -o " + quote(dir.file("merged.json")), dir);
  ASSERT_EQ(merged.exitCode, 1) << merged.err;
  // The single run without --frames (findings.json then names no frames.jsonl by its SHA-256).
  ASSERT_EQ(test::camtrace(
                "audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("single.json")), dir)
                .exitCode,
            1);
  EXPECT_TRUE(test::readBytes(dir.file("merged.json")) == test::readBytes(dir.file("single.json")));
}

// The incident's worst case with a moved camera: a viewer of cam-A is served cam-B's feed for a whole
// session, and cam-B no longer films what its reference shows. Nothing matches a reference, so the session
// looks like cam-A's new view; cam-B's own two sessions show it and cam-A's other session does not.
struct WholeSessionCase {
  test::TempDir dir;
  explicit WholeSessionCase(int movedSessions, int servedSessions = 1) {
    for (const char* sub : {"ref", "cap"}) fs::create_directories(dir.path() / sub);
    const auto a = test::renderScene(310, 120, 320, 180);
    const auto bBefore = test::renderScene(311, 40, 320, 180);
    const auto bMoved = test::renderScene(312, 160, 320, 180);
    test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
    test::writeVideo(dir.file("ref/b.mp4"), bBefore);
    test::writeVideo(dir.file("cap/a-own.mp4"), std::vector<YuvImage>(a.begin() + 40, a.end()));
    test::writeVideo(dir.file("cap/a-served-b.mp4"),
                     std::vector<YuvImage>(bMoved.begin() + 80, bMoved.end()));
    nlohmann::json sessions = {
        {{"id", "s-a-own"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a-own.mp4"}}},
        {{"id", "s-a-served"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a-served-b.mp4"}}}};
    if (servedSessions > 1) {
      test::writeVideo(dir.file("cap/a-served-b-again.mp4"),
                       std::vector<YuvImage>(bMoved.begin() + 80, bMoved.end()));
      sessions.push_back({{"id", "s-a-served-again"},
                          {"camera", "cam-A"},
                          {"viewer", "u-3"},
                          {"captures", {"cap/a-served-b-again.mp4"}}});
    }
    addMovedCameraSessions(dir, bMoved, movedSessions, 40, sessions);
    nlohmann::json c;
    c["case_id"] = "whole-session";
    c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                    {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
    c["sessions"] = sessions;
    test::writeBytes(dir.file("case.json"), c.dump(2));
  }
  std::string audit(const std::string& extra) const {
    return "audit --case " + quote(dir.file("case.json")) + " " + extra;
  }
};

TEST(SessionViews, ASessionServedWhollyByAMovedCameraIsThatCamerasWhenItsOwnSessionsShowIt) {
  WholeSessionCase c(2);
  auto run = test::camtrace(
      c.audit("-o " + quote(c.dir.file("f.json")) + " --frames " + quote(c.dir.file("fr.jsonl"))), c.dir);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(c.dir.file("f.json")));
  int served = 0;
  for (const auto& f : report["findings"]) {
    if (f["session"] == "s-a-served") {
      ++served;
      EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
      EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
      const auto& via = f["evidence"]["attributed_via_sessions"];
      EXPECT_EQ(via["from_scene_change"], true) << f.dump();
      EXPECT_EQ(via["captures_showing"], 2) << f.dump();
      EXPECT_TRUE(via["claimed_camera_score"].is_number()) << f.dump();
    } else {
      // cam-B's own sessions stay its change of scene; cam-A's own session is clean.
      EXPECT_EQ(f["type"], "scene_change") << f.dump();
      EXPECT_EQ(f["claimed_camera"], "cam-B") << f.dump();
    }
  }
  EXPECT_EQ(served, 1);
  std::istringstream lines(test::readBytes(c.dir.file("fr.jsonl")));
  std::string line;
  std::map<std::string, int> servedVerdicts;
  while (std::getline(lines, line)) {
    const auto frame = nlohmann::json::parse(line);
    if (frame["session"] != "s-a-served") continue;
    ++servedVerdicts[frame["verdict"].get<std::string>()];
    if (frame["verdict"] == "foreign") {
      EXPECT_EQ(frame["attributed_camera"], "cam-B") << line;
    }
  }
  EXPECT_EQ(servedVerdicts["foreign"], 80) << nlohmann::json(servedVerdicts).dump();
  EXPECT_EQ(report["summary"]["frames_foreign"], 80) << report["summary"].dump();

  // Shards that each hold some sessions: the merge decides, and counts, as the single run did.
  std::string merge = "merge";
  for (int i = 0; i < 3; ++i) {
    const std::string out = c.dir.file("shard-" + std::to_string(i) + ".json");
    auto shard = test::camtrace(c.audit("--shard " + std::to_string(i) + "/3 -o " + quote(out)), c.dir);
    ASSERT_NE(shard.exitCode, 2) << shard.err;
    merge.append(" ").append(quote(out));
  }
  ASSERT_EQ(test::camtrace(merge + " -o " + quote(c.dir.file("merged.json")), c.dir).exitCode, 1);
  ASSERT_EQ(test::camtrace(c.audit("-o " + quote(c.dir.file("single.json"))), c.dir).exitCode, 1);
  EXPECT_TRUE(test::readBytes(c.dir.file("merged.json")) == test::readBytes(c.dir.file("single.json")));
}

TEST(SessionViews, AViewTwoCamerasEachShowOnceStaysAChangeOfScene) {
  WholeSessionCase c(1);
  auto run = test::camtrace(c.audit("-o " + quote(c.dir.file("f.json"))), c.dir);
  ASSERT_NE(run.exitCode, 2) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(c.dir.file("f.json")));
  int served = 0;
  for (const auto& f : report["findings"]) {
    if (f["session"] != "s-a-served") continue;
    ++served;
    EXPECT_EQ(f["type"], "scene_change") << f.dump();
    EXPECT_TRUE(f["attributed_camera"].is_null()) << f.dump();
  }
  EXPECT_EQ(served, 1);
}

// A cache that keeps mixing up two devices serves cam-B's feed to cam-A's viewers in two sessions. Each
// shows the other the same scene change; it is still cam-B's, which shows the view in more captures (three
// against cam-A's two). The claimed camera's other scene changes are not views it is known to film.
TEST(SessionViews, AStrangersFeedServedInTwoSessionsIsItsCamerasInBoth) {
  WholeSessionCase c(3, 2);
  auto run = test::camtrace(c.audit("-o " + quote(c.dir.file("f.json"))), c.dir);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(c.dir.file("f.json")));
  std::map<std::string, std::string> typeOf;
  for (const auto& f : report["findings"]) {
    typeOf[f["session"].get<std::string>()] = f["type"].get<std::string>();
    if (f["claimed_camera"] == "cam-A") {
      EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
      EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
      EXPECT_EQ(f["evidence"]["attributed_via_sessions"]["captures_showing"], 3) << f.dump();
    } else {
      EXPECT_EQ(f["type"], "scene_change") << f.dump();  // cam-B's own sessions: its change of scene
    }
  }
  EXPECT_EQ(typeOf["s-a-served"], "foreign_frames");
  EXPECT_EQ(typeOf["s-a-served-again"], "foreign_frames");
}

// Two captures each: which camera films the view is not known, and neither side is called foreign.
TEST(SessionViews, AViewTwoCamerasEachShowTwiceStaysAChangeOfSceneForBoth) {
  WholeSessionCase c(2, 2);
  auto run = test::camtrace(c.audit("-o " + quote(c.dir.file("f.json"))), c.dir);
  ASSERT_NE(run.exitCode, 2) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(c.dir.file("f.json")));
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["type"], "scene_change") << f.dump();
    EXPECT_TRUE(f["attributed_camera"].is_null()) << f.dump();
  }
}

// A moved camera's feed was served to a viewer of cam-C for a whole session and then, as a burst, to a
// viewer of cam-A. The burst matches no reference; it matches cam-C's session views (the served session)
// as well as cam-B's own (three sessions of its new view). It is cam-B's, whose captures show the view
// most: a camera films its own view in most of its sessions, a served feed shows in few.
TEST(SessionViews, ABurstTwoCamerasSessionsShowAlikeIsTheCameraThatShowsItInMostCaptures) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(350, 120, 320, 180);
  const auto bBefore = test::renderScene(351, 40, 320, 180);
  const auto bMoved = test::renderScene(352, 200, 320, 180);
  const auto c = test::renderScene(353, 40, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), bBefore);
  test::writeVideo(dir.file("ref/c.mp4"), c);
  std::vector<YuvImage> sessionA(a.begin() + 40, a.end());
  for (size_t i = 30; i < 42; ++i) sessionA[i] = bMoved[i + 100];  // the burst
  test::writeVideo(dir.file("cap/a.mp4"), sessionA);
  test::writeVideo(dir.file("cap/c-served.mp4"), std::vector<YuvImage>(bMoved.begin() + 120, bMoved.end()));
  nlohmann::json sessions = {
      {{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a.mp4"}}},
      {{"id", "s-c-served"}, {"camera", "cam-C"}, {"viewer", "u-3"}, {"captures", {"cap/c-served.mp4"}}}};
  addMovedCameraSessions(dir, bMoved, 3, 60, sessions);
  nlohmann::json manifest;
  manifest["case_id"] = "served-twice";
  manifest["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                         {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}},
                         {{"id", "cam-C"}, {"references", {"ref/c.mp4"}}}};
  manifest["sessions"] = sessions;
  const auto run = test::auditCase(dir, manifest);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  int burst = 0;
  const auto report = test::findingsOf(dir);
  for (const auto& f : report["findings"]) {
    if (f["session"] != "s-a") continue;
    EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
    EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
    EXPECT_EQ(f["evidence"]["attributed_via_sessions"]["camera"], "cam-B") << f.dump();
    burst += f["frames"].get<int>();
  }
  EXPECT_EQ(burst, 12);
}

// A camera without references whose sessions show no scene in common has no profile: each of its captures
// says so, and its frames are still judged against the case's other cameras (written to frames.jsonl),
// never reported as undecodable.
TEST(SessionViews, ACameraWithNoUsableProfileStillHasItsFramesJudged) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "cap");
  nlohmann::json sessions = nlohmann::json::array();
  const auto a = test::renderScene(320, 120, 320, 180);
  for (int i = 0; i < 2; ++i) {
    const std::string cap = "cap/a-" + std::to_string(i) + ".mp4";
    const auto first = a.begin() + static_cast<ptrdiff_t>(60) * i;
    test::writeVideo(dir.file(cap), std::vector<YuvImage>(first, first + 60));
    sessions.push_back(
        {{"id", "s-a-" + std::to_string(i)}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {cap}}});
  }
  for (int i = 0; i < 3; ++i) {  // three rooms, one per session: no view in half of them
    const std::string cap = "cap/b-" + std::to_string(i) + ".mp4";
    test::writeVideo(dir.file(cap), test::renderScene(330 + static_cast<uint64_t>(i), 40, 320, 180));
    sessions.push_back(
        {{"id", "s-b-" + std::to_string(i)}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {cap}}});
  }
  nlohmann::json c;
  c["case_id"] = "no-profile";
  c["cameras"] = {{{"id", "cam-A"}}, {{"id", "cam-B"}}};
  c["sessions"] = sessions;
  test::writeBytes(dir.file("case.json"), c.dump(2));
  auto run = test::camtrace("audit --case " + quote(dir.file("case.json")) + " -o " +
                                quote(dir.file("f.json")) + " --frames " + quote(dir.file("fr.jsonl")),
                            dir);
  ASSERT_EQ(run.exitCode, 3) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(dir.file("f.json")));
  int noProfile = 0;
  for (const auto& e : report["errors"]) {
    const std::string message = e["message"];
    EXPECT_EQ(message.find("damaged or unreadable"), std::string::npos) << e.dump();
    noProfile += message.find("cam-B has no usable profile") != std::string::npos;
  }
  EXPECT_EQ(noProfile, 3) << report["errors"].dump();
  std::istringstream lines(test::readBytes(dir.file("fr.jsonl")));
  std::string line;
  int judgedB = 0;
  while (std::getline(lines, line))
    judgedB += nlohmann::json::parse(line)["session"].get<std::string>().rfind("s-b-", 0) == 0;
  EXPECT_EQ(judgedB, 120);
}

// A camera with no profile that films a scene like another camera's (a pan/tilt camera sweeping over the
// same yard) cannot be told from that camera: what fills most of its capture is its change of scene, not
// that camera's feed. A burst cut into it from a third camera is still foreign.
TEST(SessionViews, ACameraWithNoProfileIsNotCalledTheCameraItResembles) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto c = test::renderScene(340, 140, 320, 180);
  const auto d = test::renderScene(341, 80, 320, 180);
  test::writeVideo(dir.file("ref/c.mp4"), std::vector<YuvImage>(c.begin(), c.begin() + 40));
  test::writeVideo(dir.file("ref/d.mp4"), std::vector<YuvImage>(d.begin(), d.begin() + 40));
  std::vector<YuvImage> first(c.begin() + 40, c.end());
  for (size_t i = 50; i < 56; ++i) first[i] = d[i];  // six frames of cam-D served in it
  test::writeVideo(dir.file("cap/p-0.mp4"), first);
  nlohmann::json sessions = {
      {{"id", "s-p-0"}, {"camera", "cam-P"}, {"viewer", "u-1"}, {"captures", {"cap/p-0.mp4"}}}};
  for (int i = 1; i < 3; ++i) {  // its other sessions show other rooms: no view in half of them
    const std::string cap = "cap/p-" + std::to_string(i) + ".mp4";
    test::writeVideo(dir.file(cap), test::renderScene(342 + static_cast<uint64_t>(i), 60, 320, 180));
    sessions.push_back(
        {{"id", "s-p-" + std::to_string(i)}, {"camera", "cam-P"}, {"viewer", "u-1"}, {"captures", {cap}}});
  }
  nlohmann::json manifest;
  manifest["case_id"] = "no-profile-look-alike";
  manifest["cameras"] = {{{"id", "cam-C"}, {"references", {"ref/c.mp4"}}},
                         {{"id", "cam-D"}, {"references", {"ref/d.mp4"}}},
                         {{"id", "cam-P"}}};
  manifest["sessions"] = sessions;
  auto run = test::auditCase(dir, manifest);
  ASSERT_EQ(run.exitCode, 3) << run.err;  // cam-P has no usable profile
  std::map<std::string, int> verdicts;
  for (const auto& frame : test::framesOf(dir)) {
    if (frame["session"] != "s-p-0") continue;
    const int64_t index = frame["index"];
    const bool served = index >= 50 && index < 56;
    ++verdicts[(served ? "served " : "own ") + frame["verdict"].get<std::string>()];
    if (frame["verdict"] == "foreign") {
      EXPECT_EQ(frame["attributed_camera"], "cam-D") << frame.dump();
    }
  }
  EXPECT_EQ(verdicts["served foreign"], 6) << nlohmann::json(verdicts).dump();
  EXPECT_EQ(verdicts["own foreign"], 0) << nlohmann::json(verdicts).dump();
}

// `frames` pictures dissolving from `from` (starting at `fromFirst`) into `to` (at `toFirst`), one `frames`th
// a picture: a view changing without a cut.
std::vector<YuvImage> dissolve(const std::vector<YuvImage>& from, size_t fromFirst,
                               const std::vector<YuvImage>& to, size_t toFirst, int frames) {
  std::vector<YuvImage> out;
  for (int k = 0; k < frames; ++k) {
    YuvImage mixed = from[fromFirst + static_cast<size_t>(k)];
    const YuvImage& other = to[toFirst + static_cast<size_t>(k)];
    auto blend = [&](std::vector<uint8_t>& plane, const std::vector<uint8_t>& with) {
      for (size_t p = 0; p < plane.size(); ++p)
        plane[p] = static_cast<uint8_t>((plane[p] * (frames - k) + with[p] * k) / frames);
    };
    blend(mixed.y, other.y);
    blend(mixed.u, other.u);
    blend(mixed.v, other.v);
    out.push_back(std::move(mixed));
  }
  return out;
}

// A camera's own view that drifts, without a cut, into a view like another camera's (its session's tail
// past what its references show) is not another camera's feed: a cache switching feeds changes the picture
// at once. The same view entered with a cut is foreign and attributed.
TEST(SessionViews, AViewEnteredWithoutACutIsNotAnotherCamerasFeed) {
  test::TempDir dir;
  for (const char* sub : {"ref", "cap"}) fs::create_directories(dir.path() / sub);
  const auto a = test::renderScene(340, 120, 320, 180);
  const auto b = test::renderScene(341, 120, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> drift(a.begin() + 40, a.begin() + 80), cut(a.begin() + 40, a.begin() + 80);
  constexpr int kFade = 30;
  const auto fade = dissolve(a, 80, b, 40, kFade);
  drift.insert(drift.end(), fade.begin(), fade.end());
  drift.insert(drift.end(), b.begin() + 40 + kFade, b.begin() + 100);
  cut.insert(cut.end(), b.begin() + 40, b.begin() + 100);
  test::writeVideo(dir.file("cap/drift.mp4"), drift);
  test::writeVideo(dir.file("cap/cut.mp4"), cut);
  nlohmann::json c;
  c["case_id"] = "drift";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {
      {{"id", "s-drift"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/drift.mp4"}}},
      {{"id", "s-cut"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/cut.mp4"}}}};
  test::writeBytes(dir.file("case.json"), c.dump(2));
  auto run = test::camtrace(
      "audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("f.json")), dir);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  const auto report = nlohmann::json::parse(test::readBytes(dir.file("f.json")));
  int cutForeign = 0;
  for (const auto& f : report["findings"]) {
    if (f["session"] == "s-drift") {
      EXPECT_EQ(f["type"], "scene_change") << f.dump();
      continue;
    }
    EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
    EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
    cutForeign += f["frames"].get<int>();
  }
  EXPECT_GE(cutForeign, 55);  // the cut at frame 40 and the 60 frames of cam-B's view after it
}

// The case in `dir` audited in three shards and merged gives the bytes and the exit code of one audit.
void expectShardsMergeAsOneRun(const test::TempDir& dir, int exitCode) {
  std::string merge = "merge";
  for (int i = 0; i < 3; ++i) {
    const std::string out = dir.file("shard-" + std::to_string(i) + ".json");
    auto shard = test::camtrace("audit --case " + quote(dir.file("case.json")) + " --shard " +
                                    std::to_string(i) + "/3 -o " + quote(out),
                                dir);
    ASSERT_NE(shard.exitCode, 2) << shard.err;
    merge.append(" ").append(quote(out));
  }
  ASSERT_EQ(test::camtrace(merge + " -o " + quote(dir.file("merged.json")), dir).exitCode, exitCode);
  ASSERT_EQ(test::camtrace(
                "audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("single.json")), dir)
                .exitCode,
            exitCode);
  EXPECT_TRUE(test::readBytes(dir.file("merged.json")) == test::readBytes(dir.file("single.json")));
}

// A camera whose view drifts, without a cut, into a room its references never had (its own session keeps it
// along the chain), and another session of it where the same room follows a cut (a stream that dropped
// frames jumps as far as a cut between two cameras): the room after the cut matches no camera's references,
// but the camera's own other session shows it on frames judged its own. It is the camera's change of scene,
// not another camera's feed, and its evidence says which session views showed it.
TEST(SessionViews, AViewTheClaimedCamerasOwnSessionShowsIsNotForeignAfterACut) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(345, 120, 320, 180);
  const auto room = test::renderScene(346, 120, 320, 180);  // where cam-A's view drifts to
  const auto b = test::renderScene(347, 60, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> drift(a.begin() + 40, a.begin() + 80), jump(a.begin() + 40, a.begin() + 60);
  constexpr int kFade = 30;
  const auto fade = dissolve(a, 80, room, 0, kFade);
  drift.insert(drift.end(), fade.begin(), fade.end());
  drift.insert(drift.end(), room.begin() + kFade, room.begin() + 100);
  jump.insert(jump.end(), room.begin() + 60, room.begin() + 100);
  jump.insert(jump.end(), a.begin() + 60, a.begin() + 80);  // and back
  test::writeVideo(dir.file("cap/drift.mp4"), drift);
  test::writeVideo(dir.file("cap/jump.mp4"), jump);
  test::writeVideo(dir.file("cap/b.mp4"), std::vector<YuvImage>(b.begin() + 40, b.end()));
  nlohmann::json c;
  c["case_id"] = "drift-then-jump";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {
      {{"id", "s-drift"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/drift.mp4"}}},
      {{"id", "s-jump"}, {"camera", "cam-A"}, {"viewer", "u-2"}, {"captures", {"cap/jump.mp4"}}},
      {{"id", "s-b"}, {"camera", "cam-B"}, {"viewer", "u-3"}, {"captures", {"cap/b.mp4"}}}};
  const auto run = test::auditCase(dir, c);
  ASSERT_LE(run.exitCode, 1) << run.err;
  int held = 0;
  for (const auto& f : test::framesOf(dir))
    if (f["session"] == "s-drift" && f["index"].get<int>() >= 80 && f["verdict"] == "consistent") ++held;
  ASSERT_GE(held, 50);  // the drifted room is the camera's own along its chain
  int jumped = 0;
  const auto report = test::findingsOf(dir);
  for (const auto& f : report["findings"]) {
    EXPECT_NE(f["type"], "foreign_frames") << f.dump();
    if (f["session"] != "s-jump") continue;
    EXPECT_EQ(f["type"], "scene_change") << f.dump();
    EXPECT_GE(f["evidence"]["shown_by_claimed_camera"]["score"].get<double>(), 4.0) << f.dump();
    jumped += f["frames"].get<int>();
  }
  EXPECT_GE(jumped, 35);
  for (const auto& f : test::framesOf(dir)) {
    if (f["session"] != "s-jump") continue;
    EXPECT_NE(f["verdict"], "foreign") << f.dump();
  }
  // Shards of one session each: the merge decides, and counts, as the single run did.
  expectShardsMergeAsOneRun(dir, run.exitCode);
}

// cam-A's references show its room; in three of its sessions the camera turns to a second view its
// references never had and stays there (a scene change each). In a fourth it turns there for 20 pictures
// and back: a run cut out of its view and back in, which no camera explains. Its other sessions mostly
// show that view as theirs, no other camera's do: it is the camera's own view, a scene change, not
// another camera's feed (on the second held-out set, a patrol camera's pictures that jump like cuts were
// called foreign between a stranger's bursts, while its other sessions showed them as its scene changes).
TEST(SessionViews, ARunMostOfTheClaimedCamerasOtherSessionsShowIsItsSceneChangeNotForeign) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(348, 160, 320, 180);
  const auto turned = test::renderScene(349, 160, 320, 180);
  const auto b = test::renderScene(350, 80, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  test::writeVideo(dir.file("cap/b.mp4"), std::vector<YuvImage>(b.begin() + 40, b.end()));
  nlohmann::json c;
  c["case_id"] = "turned-view";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-b"}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {"cap/b.mp4"}}}};
  for (ptrdiff_t i = 0; i < 3; ++i) {
    std::vector<YuvImage> pictures(a.begin() + 40 + 10 * i, a.begin() + 60 + 10 * i);
    pictures.insert(pictures.end(), turned.begin() + 30 * i, turned.begin() + 30 * i + 40);
    const std::string cap = "cap/a-" + std::to_string(i) + ".mp4";
    test::writeVideo(dir.file(cap), pictures);
    c["sessions"].push_back(
        {{"id", "s-a-" + std::to_string(i)}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {cap}}});
  }
  std::vector<YuvImage> back(a.begin() + 100, a.begin() + 120);
  back.insert(back.end(), turned.begin() + 120, turned.begin() + 140);
  back.insert(back.end(), a.begin() + 120, a.begin() + 140);
  test::writeVideo(dir.file("cap/a-back.mp4"), back);
  c["sessions"].push_back(
      {{"id", "s-a-back"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a-back.mp4"}}});
  const auto run = test::auditCase(dir, c);
  ASSERT_LE(run.exitCode, 1) << run.err;
  int turnedFrames = 0;
  for (const auto& f : test::framesOf(dir)) {
    if (f["session"] != "s-a-back") continue;
    EXPECT_NE(f["verdict"], "foreign") << f.dump();
    turnedFrames += f["verdict"] == "indeterminate";
  }
  EXPECT_GE(turnedFrames, 18);
  for (const auto& f : test::findingsOf(dir)["findings"]) {
    EXPECT_NE(f["type"], "foreign_frames") << f.dump();
    if (f["session"] != "s-a-back") continue;
    const auto& shown = f["evidence"]["shown_by_claimed_camera"];
    EXPECT_EQ(shown["in_scene_changes"], true) << f.dump();
    EXPECT_EQ(shown["captures"], 3) << f.dump();
    EXPECT_EQ(shown["captures_of_camera"], 3) << f.dump();
  }
  // Shards of two sessions each: the merge decides, and counts, as the single run did.
  expectShardsMergeAsOneRun(dir, run.exitCode);
}

}  // namespace
}  // namespace camtrace
