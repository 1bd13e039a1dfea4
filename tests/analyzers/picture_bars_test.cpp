#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "analyzers/analyzer.h"
#include "analyzers/picture_bars.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

// A picture of `width` x `height` with `picture` (a real rendered scene) pasted at (x, y) over `level`.
test::Luma fitted(const test::Luma& picture, int width, int height, int x, int y, uint8_t level = 16) {
  test::Luma out{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height, level)};
  for (int row = 0; row < picture.height; ++row)
    std::copy_n(picture.pixels.begin() + static_cast<long>(row) * picture.width, picture.width,
                out.pixels.begin() + static_cast<long>(row + y) * width + x);
  return out;
}

GrayView viewOf(const test::Luma& luma) {
  return {luma.pixels.data(), luma.width, luma.height, luma.width};
}

test::Luma scene(int width, int height) {
  return test::lumaOf(test::renderScene(21, 1, width, height).front());
}

// A picture of `width` x `height` fitted at (x, y) into a 320 x 180 frame over black is found inside its
// bars, to the pixel.
void expectFoundInsideBars(int width, int height, int x, int y) {
  const auto frame = fitted(scene(width, height), 320, 180, x, y);
  const auto inside = insideBars(viewOf(frame));
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->width, width);
  EXPECT_EQ(inside->height, height);
  EXPECT_EQ(inside->data, frame.pixels.data() + ptrdiff_t{y} * 320 + x);
}

TEST(PictureBars, ALetterboxedPictureIsFoundInsideItsBars) {
  expectFoundInsideBars(320, 136, 0, 22);  // 2.35:1 into 16:9
}

TEST(PictureBars, APillarboxedPictureIsFoundInsideItsBars) {
  expectFoundInsideBars(240, 180, 40, 0);  // 4:3 into 16:9
}

// Bars of widths that are no multiple of the sixteen columns measured at a time, in a frame of an odd width
// (a scaler's rounding): found to the pixel on both sides.
TEST(PictureBars, BarsOfOddWidthsAreFoundToThePixel) {
  for (const auto& [width, left, right] : {std::tuple{333, 41, 40}, std::tuple{250, 17, 19}}) {
    const int inner = width - left - right;
    const auto frame = fitted(scene(inner, 180), width, 180, left, 0);
    const auto inside = insideBars(GrayView{frame.pixels.data(), width, 180, width});
    ASSERT_TRUE(inside.has_value()) << width;
    EXPECT_EQ(inside->width, inner);
    EXPECT_EQ(inside->data, frame.pixels.data() + left);
  }
}

TEST(PictureBars, ADarkSkyOrADarkPictureIsNoPairOfBars) {
  const auto picture = scene(320, 150);
  EXPECT_FALSE(
      insideBars(viewOf(fitted(picture, 320, 180, 0, 30))).has_value());  // dark rows at the top only
  EXPECT_FALSE(insideBars(viewOf(fitted(picture, 320, 180, 0, 0, 16))).has_value());
  const test::Luma black{320, 180, std::vector<uint8_t>(size_t{320} * 180, 16)};
  EXPECT_FALSE(insideBars(viewOf(black)).has_value());
  const auto whole = scene(320, 180);
  EXPECT_FALSE(insideBars(viewOf(whole)).has_value());
  // Bars of a mid grey are not video's black.
  EXPECT_FALSE(insideBars(viewOf(fitted(scene(240, 180), 320, 180, 40, 0, 128))).has_value());
}

// The signals of a letterboxed frame carry those of the picture inside: the same hash as the picture alone.
TEST(PictureBars, TheSignalsInsideTheBarsAreThePicturesOwn) {
  const auto analyzers = AnalyzerRegistry::instance().createAll();
  const auto picture = scene(240, 180);
  const FrameSignals alone = analyzeFrame(analyzers, viewOf(picture));
  const FrameSignals boxed = analyzeFrame(analyzers, viewOf(fitted(picture, 320, 180, 40, 0)));
  ASSERT_NE(boxed.insideBars, nullptr);
  EXPECT_EQ(boxed.insideBars->pdq.distance(alone.pdq), 0);
  EXPECT_EQ(alone.insideBars, nullptr);
  EXPECT_GT(boxed.pdq.distance(alone.pdq), 20);
}

}  // namespace
}  // namespace camtrace
