#include <gtest/gtest.h>

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

}  // namespace
}  // namespace camtrace
