#include <gtest/gtest.h>

#include "analyzers/analyzer.h"
#include "analyzers/damage_detector.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

TEST(DamageDetector, SmoothPictureHasNoSeams) {
  auto luma = test::lumaOf(test::renderScene(40, 1)[0]);
  EXPECT_LT(measureDecodeDamage(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}), 0.05f);
}

TEST(DamageDetector, PastedMacroblocksLeaveSeams) {
  auto luma = test::lumaOf(test::renderScene(40, 1)[0]);
  // Fill a band of macroblocks with flat gray blocks at alternating levels, as failed concealment does.
  for (int by = 2; by < 5; ++by)
    for (int bx = 0; bx < luma.width / 16; ++bx)
      for (int y = by * 16; y < by * 16 + 16; ++y)
        for (int x = bx * 16; x < bx * 16 + 16; ++x)
          luma.pixels[static_cast<size_t>(y * luma.width + x)] = (bx + by) % 2 ? 40 : 200;
  EXPECT_GT(measureDecodeDamage(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}), 0.3f);
}

TEST(AnalyzerRegistry, ListsEveryAnalyzerInNameOrderAndRejectsUnknownOptions) {
  auto names = AnalyzerRegistry::instance().names();
  EXPECT_EQ(names, (std::vector<std::string>{"damage", "exposure", "pdq", "structure"}));
  auto analyzers = AnalyzerRegistry::instance().createAll();
  for (const auto& a : analyzers) EXPECT_GT(a->cost(), 0.0);
  EXPECT_THROW(AnalyzerRegistry::instance().createAll({{"pdq.nonsense", 1.0}}), std::invalid_argument);
  EXPECT_THROW(AnalyzerRegistry::instance().createAll({{"nothere.x", 1.0}}), std::invalid_argument);
}

TEST(AnalyzerRegistry, AnalyzeFrameFillsEverySignal) {
  auto luma = test::lumaOf(test::renderScene(41, 1)[0]);
  auto signals = analyzeFrame(AnalyzerRegistry::instance().createAll(),
                              GrayView{luma.pixels.data(), luma.width, luma.height, luma.width});
  EXPECT_GT(signals.pdqQuality, 50);
  EXPECT_GT(signals.meanLuma, 10.0f);
  EXPECT_GT(signals.lumaStdDev, 5.0f);
  EXPECT_GT(signals.structureEnergy, 0.5f);
  EXPECT_NE(signals.pdq, Hash256{});
}

}  // namespace
}  // namespace camtrace
