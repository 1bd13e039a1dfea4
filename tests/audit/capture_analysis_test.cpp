#include <gtest/gtest.h>

#include "analyzers/analyzer.h"
#include "audit/capture_analysis.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

// What the analyzers read on each frame, as text, to compare readings.
std::vector<std::string> signalsOf(const CaptureAnalysis& analysis) {
  std::vector<std::string> out;
  for (const auto& f : analysis.frames)
    out.push_back(std::to_string(f.index) + " " + f.signals.pdq.hex() + " " +
                  std::to_string(f.signals.structureEnergy) + " " + std::to_string(f.signals.damage));
  return out;
}

TEST(CaptureAnalysis, RecordsGrowInPlaceWhileHelpersWriteThemWhetherTheFramesAreAnnouncedOrNot) {
  // An MP4 announces its frames and its records are reserved up front; a raw H.264 stream does not, and
  // its records grow while helper threads are writing signals into them: the readings must not differ.
  test::TempDir dir;
  const auto pictures = test::renderScene(11, 700);
  test::writeVideo(dir.file("c.mp4"), pictures);
  test::writeVideo(dir.file("c.h264"), pictures);
  const auto analyzers = AnalyzerRegistry::instance().createAll();
  const auto alone = signalsOf(analyzeCapture(dir.file("c.mp4"), analyzers));
  ASSERT_EQ(alone.size(), 700u);
  for (const char* name : {"c.mp4", "c.h264"})
    for (int helpers : {1, 3})
      EXPECT_EQ(signalsOf(analyzeCapture(dir.file(name), analyzers, nullptr, {}, nullptr, helpers)), alone)
          << name << " " << helpers;
}

}  // namespace
}  // namespace camtrace
