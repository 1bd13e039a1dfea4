#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

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

// Macroblock rows [from, to) of `luma` set to `value`, every pixel.
void fillBlockRows(test::Luma& luma, int from, int to, uint8_t value) {
  std::fill(luma.pixels.begin() + static_cast<ptrdiff_t>(from) * 16 * luma.width,
            luma.pixels.begin() + static_cast<ptrdiff_t>(to) * 16 * luma.width, value);
}

TEST(DamageDetector, RowsOfMacroblocksThatNeverArrivedAreDamage) {
  // A decoder out of a frame's data leaves the rest one flat value, often reporting nothing: the lower
  // half black (rows 3-5 of 6), or a grey band between rows of picture (rows 2-3).
  auto scene = test::lumaOf(test::renderScene(40, 1)[0]);
  ASSERT_EQ(scene.height / 16, 6);
  const auto damage = [](test::Luma& l) {
    return measureDecodeDamage(GrayView{l.pixels.data(), l.width, l.height, l.width});
  };
  auto truncated = scene;
  fillBlockRows(truncated, 3, 6, 0);
  EXPECT_FLOAT_EQ(damage(truncated), 0.5f);
  auto band = scene;
  fillBlockRows(band, 2, 4, 157);
  EXPECT_GE(damage(band), 2.0f / 6);
  // Not damage: a letterbox (bars of one value, as high at the top as at the bottom), a picture flat from
  // its top (a night sky), a band one pixel of which differs, and a black picture.
  auto letterbox = scene;
  fillBlockRows(letterbox, 0, 1, 16);
  fillBlockRows(letterbox, 5, 6, 16);
  EXPECT_EQ(
      missingBlockRows(GrayView{letterbox.pixels.data(), letterbox.width, letterbox.height, letterbox.width}),
      0.0f);
  auto sky = scene;
  fillBlockRows(sky, 0, 3, 16);
  EXPECT_EQ(missingBlockRows(GrayView{sky.pixels.data(), sky.width, sky.height, sky.width}), 0.0f);
  auto noisy = truncated;
  noisy.pixels[static_cast<size_t>(4 * 16 * noisy.width + 7)] = 1;
  noisy.pixels[static_cast<size_t>(3 * 16 * noisy.width + 9)] = 1;
  noisy.pixels[static_cast<size_t>(5 * 16 * noisy.width + 3)] = 1;
  EXPECT_EQ(missingBlockRows(GrayView{noisy.pixels.data(), noisy.width, noisy.height, noisy.width}), 0.0f);
  auto black = scene;
  fillBlockRows(black, 0, 6, 0);
  EXPECT_EQ(missingBlockRows(GrayView{black.pixels.data(), black.width, black.height, black.width}), 0.0f);
}

// The seam count by its definition, one block side at a time, for the fast path to be held against.
float seamShareByDefinition(const GrayView& p, const SeamThresholds& t) {
  auto step = [&p](int x0, int y0, int dx, int dy, bool vertical) {
    int sum = 0;
    for (int i = 0; i < 16; ++i) {
      const int x = vertical ? x0 : x0 + i, y = vertical ? y0 + i : y0;
      sum += std::abs(p.at(x, y) - p.at(x - dx, y - dy));
    }
    return sum / 16.0f;
  };
  auto seam = [&t](float across, float before, float after) {
    return across > t.minStep && across > t.textureRatio * std::max(before, after) + 2.0f;
  };
  int edges = 0, seams = 0;
  for (int y0 = 0; y0 + 16 <= p.height; y0 += 16)
    for (int x = 16; x + 2 < p.width; x += 16, ++edges)
      seams += seam(step(x, y0, 1, 0, true), step(x - 1, y0, 1, 0, true), step(x + 1, y0, 1, 0, true));
  for (int y = 16; y + 2 < p.height; y += 16)
    for (int x0 = 0; x0 + 16 <= p.width; x0 += 16, ++edges)
      seams += seam(step(x0, y, 0, 1, false), step(x0, y - 1, 0, 1, false), step(x0, y + 1, 0, 1, false));
  return static_cast<float>(seams) / static_cast<float>(edges);
}

TEST(DamageDetector, CountsSeamsExactlyAsDefinedOnAnyStride) {
  // Blocks of random flat levels with noise inside, odd sizes, rows padded past the width.
  std::mt19937 random(3);
  for (auto [width, height] : {std::pair{1920, 1080}, std::pair{333, 201}, std::pair{48, 48}}) {
    const int stride = width + 24;
    std::vector<uint8_t> pixels(static_cast<size_t>(stride) * height);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < stride; ++x) {
        const int level = static_cast<int>(((x / 16) * 37 + (y / 16) * 91 + random() % 3 * 40) % 200);
        pixels[static_cast<size_t>(y) * stride + x] = static_cast<uint8_t>(level + random() % 12);
      }
    const GrayView view{pixels.data(), width, height, stride};
    for (const SeamThresholds& t : {SeamThresholds{}, SeamThresholds{2.0f, 1.5f}}) {
      const float expected = seamShareByDefinition(view, t);
      if (width > 48) {
        EXPECT_GT(expected, 0.0f);
      }
      EXPECT_EQ(measureDecodeDamage(view, t), expected) << width << "x" << height;
    }
  }
}

TEST(ExposureMeter, MeanAndSpreadAreExactOverEveryOtherPixel) {
  const auto analyzers = AnalyzerRegistry::instance().createAll();
  const Analyzer* exposure = nullptr;
  for (const auto& a : analyzers)
    if (a->name() == "exposure") exposure = a.get();
  ASSERT_NE(exposure, nullptr);
  std::mt19937 random(4);
  for (auto [width, height] : {std::pair{1920, 1080}, std::pair{33, 17}, std::pair{16, 3}}) {
    const int stride = width + 7;
    std::vector<uint8_t> pixels(static_cast<size_t>(stride) * height);
    for (auto& p : pixels) p = static_cast<uint8_t>(random() % 256);
    double sum = 0, squares = 0, n = 0;
    for (int y = 0; y < height; y += 2)
      for (int x = 0; x < width; x += 2, ++n) {
        const double v = pixels[static_cast<size_t>(y) * stride + x];
        sum += v;
        squares += v * v;
      }
    FrameSignals signals;
    exposure->analyze(FramePicture(GrayView{pixels.data(), width, height, stride}), signals);
    EXPECT_EQ(signals.meanLuma, static_cast<float>(sum / n)) << width << "x" << height;
    EXPECT_EQ(signals.lumaStdDev, static_cast<float>(std::sqrt(squares / n - (sum / n) * (sum / n))));
  }
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
