#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audit/osd_evidence.h"

namespace camtrace {
namespace {

// Frames 25 a second; `scene` gives each frame's picture: frames with the same letter are one shot's
// (the same structure, no cut between them), a change of letter is a cut.
std::vector<FrameRecord> framesOf(const std::string& scene) {
  std::vector<FrameRecord> frames(scene.size());
  for (size_t i = 0; i < scene.size(); ++i) {
    frames[i].index = static_cast<int64_t>(i);
    frames[i].pts = static_cast<double>(i) / 25;
    frames[i].hasPts = true;
    auto& structure = frames[i].signals.structure;
    for (size_t k = 0; k < structure.size(); ++k)  // a layout of its own for each letter
      structure[k] = static_cast<uint8_t>((k * 37 + static_cast<size_t>(scene[i]) * (k % 7) * 11) % 251);
  }
  return frames;
}

OsdFrameClock clock(const std::string& shown, OsdStanding standing, double offset) {
  OsdFrameClock c;
  c.shown = shown;
  c.standing = standing;
  c.offsetSeconds = offset;
  return c;
}

TEST(DropDigitFlips, AClockJumpInsideAShotWithTheSameSecondsUnitsIsAMisread) {
  // The seconds' "0" over a bright passer-by read as a "1": 05:25:01 -> 05:25:11 in one shot.
  const auto frames = framesOf(std::string(20, 'a'));
  std::vector<OsdFrameClock> clocks;
  clocks.reserve(frames.size());
  for (int i = 0; i < 20; ++i)
    clocks.push_back(i >= 8 && i < 14 ? clock("2019-12-26 05:25:11", OsdStanding::Ahead, 10.5)
                                      : clock("2019-12-26 05:25:01", OsdStanding::Consistent, 0.2));
  dropDigitFlips(frames, clocks);
  for (int i = 0; i < 20; ++i) {
    const bool flipped = i >= 8 && i < 14;
    EXPECT_EQ(clocks[static_cast<size_t>(i)].standing,
              flipped ? OsdStanding::Unread : OsdStanding::Consistent)
        << i;
  }
}

TEST(DropDigitFlips, AFrameTensOfSecondsOffJustPastATickIsAMisread) {
  // 22:17:11 on frames 0-9, the tick to :12 between frames 9 and 10, and frame 10 read 22:17:22 (its "1" of
  // the tens named "2"), the frames after it unread: its units are the session's at its instant, not its
  // neighbour's.
  const auto frames = framesOf(std::string(20, 'a'));
  std::vector<OsdFrameClock> clocks(20);
  for (size_t i = 0; i < 10; ++i) clocks[i] = clock("2019-12-25 22:17:11", OsdStanding::Consistent, 0.1);
  clocks[10] = clock("2019-12-25 22:17:22", OsdStanding::Ahead, 10.53);
  dropDigitFlips(frames, clocks);
  EXPECT_EQ(clocks[10].standing, OsdStanding::Unread);
  EXPECT_EQ(clocks[9].standing, OsdStanding::Consistent);
}

TEST(DropDigitFlips, AnotherMomentAfterACutOrWithOtherSecondsStandsApart) {
  // A cached picture cut in (scene b) showing 05:25:11, and in the camera's own shot a frame 23 seconds
  // ahead (other seconds' units): both stay what they were read as.
  const auto frames = framesOf("aaaaabbbaaaaaaaaaa");
  std::vector<OsdFrameClock> clocks;
  clocks.reserve(frames.size());
  for (size_t i = 0; i < frames.size(); ++i)
    clocks.push_back(i >= 5 && i < 8 ? clock("2019-12-26 05:25:11", OsdStanding::Ahead, 10.5)
                     : i == 12       ? clock("2019-12-26 05:25:24", OsdStanding::Ahead, 23.2)
                                     : clock("2019-12-26 05:25:01", OsdStanding::Consistent, 0.2));
  const auto before = clocks;
  dropDigitFlips(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, before[i].standing) << i;
}

TEST(DropDigitFlips, AgreementMoreThanASecondAwayDoesNotCount) {
  // The shot's agreeing frames are two seconds before the frame that stands apart: nothing tells a misread.
  const auto frames = framesOf(std::string(60, 'a'));
  std::vector<OsdFrameClock> clocks(60);
  for (size_t i = 0; i < 10; ++i) clocks[i] = clock("2019-12-26 05:25:01", OsdStanding::Consistent, 0.2);
  clocks[59] = clock("2019-12-26 05:25:11", OsdStanding::Behind, -10.5);
  dropDigitFlips(frames, clocks);
  EXPECT_EQ(clocks[59].standing, OsdStanding::Behind);
}

TEST(DropLoneDateSlips, OneFrameADayOrAMonthOffToTheSecondIsAMisreadDate) {
  // Among frames read right or not at all, one reads its month "12" as "11" (30 days behind) and one its
  // day "26" as "25" (a day behind, which a zone 24 hours away would also give).
  const auto frames = framesOf(std::string(100, 'a'));
  std::vector<OsdFrameClock> clocks(100);
  for (size_t i = 0; i < 40; ++i) clocks[i] = clock("2019-12-26 15:54:30", OsdStanding::Consistent, 0.3);
  clocks[55] = clock("2019-11-26 15:54:55", OsdStanding::Behind, -30 * 86400 + 0.32);
  clocks[80] = clock("2019-12-25 15:54:56", OsdStanding::OtherZone, -86400 + 0.3);
  dropLoneDateSlips(frames, clocks);
  EXPECT_EQ(clocks[55].standing, OsdStanding::Unread);
  EXPECT_EQ(clocks[80].standing, OsdStanding::Unread);
  EXPECT_EQ(clocks[10].standing, OsdStanding::Consistent);
}

TEST(DropLoneDateSlips, ARunOfAnotherDaysPicturesOrAnotherMomentStands) {
  // Half a second of frames from the same second yesterday (a segment cached without its date), a lone
  // frame a day and 40 seconds behind (another moment), and a still without timestamps a day off: each
  // stays what it was read as.
  auto frames = framesOf(std::string(100, 'a'));
  std::vector<OsdFrameClock> clocks(100);
  for (size_t i = 0; i < 100; ++i) clocks[i] = clock("2019-12-26 15:54:30", OsdStanding::Consistent, 0.3);
  for (size_t i = 20; i < 32; ++i)
    clocks[i] = clock("2019-12-25 15:54:31", OsdStanding::OtherZone, -86400 + 0.2);
  clocks[60] = clock("2019-12-25 15:53:52", OsdStanding::Behind, -86440.1);
  frames[90].hasPts = false;
  clocks[90] = clock("2019-12-25 15:54:33", OsdStanding::OtherZone, -86400 + 0.4);
  const auto before = clocks;
  dropLoneDateSlips(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, before[i].standing) << i;
}

// A clock at 25 frames a second whose ticks fall `phase` seconds into its timestamps' seconds and that gains
// `drift` seconds a second; each frame read right, standing with the session's clock (offset: its reading
// less its timestamp, less the session's 0.5).
std::vector<OsdFrameClock> tickingClock(const std::vector<FrameRecord>& frames, double phase, double drift) {
  std::vector<OsdFrameClock> clocks;
  for (const auto& f : frames) {
    const double shown = std::floor(f.pts * (1 + drift) + phase);
    clocks.push_back(clock("2019-12-26 05:25:00", OsdStanding::Consistent, shown - f.pts - 0.5));
  }
  return clocks;
}

TEST(DropOffTheSecond, ASecondReadAsTheOneBeforeIsLeftUnread) {
  // The clock ticks 0.7 s into each second of timestamps (frames 18, 43, 68, 93, 118...): frames 93-117 show
  // 05:25:04, read as 05:25:03 (a "3" and a "4" under one glyph name).
  const auto frames = framesOf(std::string(250, 'a'));
  auto clocks = tickingClock(frames, 0.3, 0);
  for (size_t i = 93; i < 118; ++i) clocks[i].offsetSeconds -= 1;
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) {
    const bool misread = i >= 93 && i < 118;
    EXPECT_EQ(clocks[i].standing, misread ? OsdStanding::Unread : OsdStanding::Consistent) << i;
  }
}

TEST(DropOffTheSecond, TheNextSecondReadAFrameBeforeItsTickIsLeftUnread) {
  // 32 frames a second (timestamps exact in binary), ticks at frames 24, 56, 88, 120...: frame 119 reads
  // 05:25:04 a frame early (its "3" named as a "4"), a whole frame past the last frame of every other
  // second, where half a frame is all a tick's jitter gives.
  auto frames = framesOf(std::string(320, 'a'));
  for (size_t i = 0; i < frames.size(); ++i) frames[i].pts = static_cast<double>(i) / 32;
  auto clocks = tickingClock(frames, 0.25, 0);
  clocks[119].offsetSeconds += 1;
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i)
    EXPECT_EQ(clocks[i].standing, i == 119 ? OsdStanding::Unread : OsdStanding::Consistent) << i;
}

// Frames first..last of `clocks` read `seconds` past 05:25, standing `whole` seconds from the session's
// clock.
void readApart(std::vector<OsdFrameClock>& clocks, size_t first, size_t last, int seconds, int whole) {
  char shown[32];
  std::snprintf(shown, sizeof shown, "2019-12-26 05:25:%02d", seconds);
  for (size_t i = first; i <= last; ++i) {
    clocks[i].shown = shown;
    clocks[i].offsetSeconds += whole;
    clocks[i].standing = whole > 0 ? OsdStanding::Ahead : OsdStanding::Behind;
  }
}

TEST(DropOffTheSecond, ASecondReadFiveAheadInsideAShotIsLeftUnread) {
  // The clock ticks 0.7 s into each second of timestamps: frames 93-117 show 05:25:04, read as 05:25:09 (a
  // "4" named as a "9"), with the shot's frames either side standing with the session.
  const auto frames = framesOf(std::string(250, 'a'));
  auto clocks = tickingClock(frames, 0.3, 0);
  readApart(clocks, 93, 117, 9, 5);
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) {
    const bool misread = i >= 93 && i < 118;
    EXPECT_EQ(clocks[i].standing, misread ? OsdStanding::Unread : OsdStanding::Consistent) << i;
  }
}

TEST(DropOffTheSecond, AnotherMomentCutInOrHeldLongerOrTensAwayStandsApart) {
  // The same second 5 s ahead after a cut (frames 93-117), a picture held two seconds 3 s behind (frames
  // 143-192: 05:25:02 and 05:25:03 for 05:25:05 and 05:25:06) and a second 10 s ahead (frames 218-242:
  // 05:25:19 for 05:25:09): each stays what it was read as.
  std::string scene(250, 'a');
  for (size_t i = 93; i < 118; ++i) scene[i] = 'b';
  const auto frames = framesOf(scene);
  auto clocks = tickingClock(frames, 0.3, 0);
  readApart(clocks, 93, 117, 9, 5);
  readApart(clocks, 143, 167, 2, -3);
  readApart(clocks, 168, 192, 3, -3);
  readApart(clocks, 218, 242, 19, 10);
  const auto before = clocks;
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, before[i].standing) << i;
}

TEST(DropOffTheSecond, ALoneFrameReadAheadWithNothingReadAfterItInItsShotIsLeftUnread) {
  // Over a bright sky the reader reads frames 100-129 of a shot (frames 100-199) and then only frame 170:
  // 05:25:07 read 05:25:09 (a "7" named a "9"). Nothing after it in its shot was read; frames before it
  // were, and stand with the session. A whole second read 3 s behind in the same place (frames 218-242 of
  // another shot, nothing read after them) stays: a picture of another moment may be held that long.
  std::string scene(400, 'a');
  for (size_t i = 100; i < 200; ++i) scene[i] = 'b';
  for (size_t i = 200; i < 300; ++i) scene[i] = 'c';
  const auto frames = framesOf(scene);
  auto clocks = tickingClock(frames, 0.3, 0);
  for (size_t i = 130; i < 200; ++i) clocks[i] = OsdFrameClock{};
  readApart(clocks, 170, 170, 9, 2);
  for (size_t i = 243; i < 300; ++i) clocks[i] = OsdFrameClock{};
  readApart(clocks, 218, 242, 6, -3);
  auto before = clocks;
  dropOffTheSecond(frames, clocks);
  EXPECT_EQ(clocks[170].standing, OsdStanding::Unread);
  for (size_t i = 218; i < 243; ++i) EXPECT_EQ(clocks[i].standing, before[i].standing) << i;
}

TEST(DropOffTheSecond, AClockThatRunsSlowAgainstItsTimestampsKeepsEveryFrame) {
  // A real recorder's clock ticking every 25.09 frames: over 40 s its ticks slip a third of a second.
  const auto frames = framesOf(std::string(1000, 'a'));
  auto clocks = tickingClock(frames, 0.1, -0.0036);
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, OsdStanding::Consistent) << i;
}

TEST(DropOffTheSecond, ARecordersClockWhoseSecondsHold24To26FramesKeepsEveryFrame) {
  // The street recorder's ticks as the real-footage bench's clean session shows them (bench/real_footage.sh,
  // 25 frames a second): its seconds hold 24, 25 or 26 frames, so a second's first frame sits a frame
  // above the others now and then, read right.
  const std::vector<size_t> ticks = {21,  46,  71,  95,  121, 146, 171, 196, 221, 246, 271, 297, 322,
                                     347, 372, 397, 422, 446, 472, 497, 522, 547, 572, 597, 622, 648};
  const auto frames = framesOf(std::string(649, 'a'));
  std::vector<OsdFrameClock> clocks;
  clocks.reserve(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto shown = static_cast<double>(std::upper_bound(ticks.begin(), ticks.end(), i) - ticks.begin());
    clocks.push_back(clock("2019-12-26 02:06:40", OsdStanding::Consistent, shown - frames[i].pts + 0.16));
  }
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, OsdStanding::Consistent) << i;
}

TEST(DropOffTheSecond, AClockThatDoesNotTickWithItsTimestampsKeepsEveryFrame) {
  // Ticks every 15 to 35 frames (a clock drawn on the recorder's own schedule): the frames' offsets spread
  // over more than a second, and nothing tells a misread.
  const auto frames = framesOf(std::string(500, 'a'));
  std::vector<OsdFrameClock> clocks;
  double shown = 0;
  for (size_t i = 0, next = 15; i < frames.size(); ++i) {
    if (i == next) shown += 1, next += 15 + (i * 7) % 21;
    clocks.push_back(clock("2019-12-26 05:25:00", OsdStanding::Consistent, shown - frames[i].pts));
  }
  dropOffTheSecond(frames, clocks);
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(clocks[i].standing, OsdStanding::Consistent) << i;
}

}  // namespace
}  // namespace camtrace
