#include <gtest/gtest.h>

#include "audit/progress_line.h"

namespace camtrace {
namespace {

TEST(ProgressLine, SaysAmountsRateAndTimeLeft) {
  EXPECT_EQ(captureProgressLine(3, 8, 4512, 15.0, "cap/s-003.ts"),
            "decoded 3/8 captures, 4512 frames, 301 frames/s, about 25 s left (cap/s-003.ts)");
  EXPECT_EQ(captureProgressLine(1, 100, 900, 30.0, "a.mp4"),
            "decoded 1/100 captures, 900 frames, 30 frames/s, about 49 min 30 s left (a.mp4)");
  EXPECT_EQ(captureProgressLine(10, 2000, 1, 60.0, "b.ts"),
            "decoded 10/2000 captures, 1 frames, 0 frames/s, about 3 h 19 min left (b.ts)");
}

TEST(ProgressLine, NoRateBeforeASecondAndNoTimeLeftAtTheEnd) {
  EXPECT_EQ(captureProgressLine(1, 2, 40, 0.5, "a.mp4"), "decoded 1/2 captures, 40 frames (a.mp4)");
  EXPECT_EQ(captureProgressLine(2, 2, 80, 2.0, "b.mp4"),
            "decoded 2/2 captures, 80 frames, 40 frames/s (b.mp4)");
}

TEST(ProgressLine, ALogSaysBytesRateAndTimeLeft) {
  EXPECT_EQ(logProgressLine("logs/cdn.log", 412'000'000, 2'100'000'000, 3'100'000, 4.0),
            "log logs/cdn.log: 412 MB of 2100 MB (19%), 103 MB/s, about 16 s left, 3100000 lines");
  EXPECT_EQ(logProgressLine("a.log.gz", 1'000'000, 0, 65536, 0.5), "log a.log.gz: 1 MB, 65536 lines");
}

}  // namespace
}  // namespace camtrace
