#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analyzers/pdq_hasher.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

PdqResult hashOf(const test::Luma& luma) {
  return computePdq(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width});
}

test::Luma transform(test::Luma luma, double gain, double offset, double gamma = 1.0) {
  for (auto& p : luma.pixels) {
    double v = 255.0 * std::pow(p / 255.0, gamma) * gain + offset;
    p = static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
  }
  return luma;
}

TEST(PdqHasher, IdenticalPicturesHashIdentically) {
  auto luma = test::lumaOf(test::renderScene(1, 1)[0]);
  EXPECT_EQ(hashOf(luma).hash, hashOf(luma).hash);
  EXPECT_EQ(hashOf(luma).quality, 100);
}

TEST(PdqHasher, ToleratesExposureChanges) {
  auto luma = test::lumaOf(test::renderScene(1, 1)[0]);
  const Hash256 base = hashOf(luma).hash;
  // Offset and gain leave the non-DC coefficients' order unchanged; clipping and rounding move a few bits.
  EXPECT_LE(hashOf(transform(luma, 1.0, 20)).hash.distance(base), 16);
  EXPECT_LE(hashOf(transform(luma, 0.6, 0)).hash.distance(base), 16);
  EXPECT_LE(hashOf(transform(luma, 1.0, 0, 1.4)).hash.distance(base), 40);
}

TEST(PdqHasher, ToleratesResizing) {
  auto big = test::lumaOf(test::renderScene(2, 1, 320, 192)[0]);
  test::Luma small{160, 96, std::vector<uint8_t>(160 * 96)};
  for (int y = 0; y < 96; ++y)
    for (int x = 0; x < 160; ++x) {
      auto at = [&](int dx, int dy) {
        return big.pixels[static_cast<size_t>((2 * y + dy) * 320 + 2 * x + dx)];
      };
      small.pixels[static_cast<size_t>(y * 160 + x)] =
          static_cast<uint8_t>((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4);
    }
  EXPECT_LE(hashOf(big).hash.distance(hashOf(small).hash), 16);
}

TEST(PdqHasher, DifferentScenesAreFarApart) {
  for (uint64_t seed = 10; seed < 15; ++seed) {
    auto a = test::lumaOf(test::renderScene(seed, 1)[0]);
    auto b = test::lumaOf(test::renderScene(seed + 100, 1)[0]);
    EXPECT_GE(hashOf(a).hash.distance(hashOf(b).hash), 50) << "seed " << seed;
  }
}

TEST(PdqHasher, FlatPicturesHaveLowQuality) {
  test::Luma flat{64, 64, std::vector<uint8_t>(64 * 64, 90)};
  EXPECT_LT(hashOf(flat).quality, 5);
}

TEST(Hash256, HexRoundTrips) {
  auto luma = test::lumaOf(test::renderScene(1, 1)[0]);
  const Hash256 h = hashOf(luma).hash;
  auto back = Hash256::fromHex(h.hex());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, h);
  EXPECT_FALSE(Hash256::fromHex("xyz"));
  EXPECT_EQ(h.hex().size(), 64u);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

// The reference's box filter: a window of 7 over 0..15 writes the sums its own comments list (6, 10, 15,
// 21 over 4-7 values, then 28 ... 84 over 7, then 75, 65, 54 over 6-4); a window of 8, 10 ... 92 then 84,
// 75, 65, 54.
TEST(InteroperablePdq, JaroszBoxIsTheReferencesWindowedMean) {
  std::vector<float> in(16), out(16);
  for (int i = 0; i < 16; ++i) in[static_cast<size_t>(i)] = static_cast<float>(i);
  jaroszBox(in.data(), out.data(), 16, 1, 7);
  const std::vector<std::pair<float, int>> seven = {{6, 4},  {10, 5}, {15, 6}, {21, 7}, {28, 7}, {35, 7},
                                                    {42, 7}, {49, 7}, {56, 7}, {63, 7}, {70, 7}, {77, 7},
                                                    {84, 7}, {75, 6}, {65, 5}, {54, 4}};
  for (size_t i = 0; i < 16; ++i)
    EXPECT_EQ(out[i], seven[i].first / static_cast<float>(seven[i].second)) << i;
  jaroszBox(in.data(), out.data(), 16, 1, 8);
  const std::vector<std::pair<float, int>> eight = {{10, 5}, {15, 6}, {21, 7}, {28, 8}, {36, 8}, {44, 8},
                                                    {52, 8}, {60, 8}, {68, 8}, {76, 8}, {84, 8}, {92, 8},
                                                    {84, 7}, {75, 6}, {65, 5}, {54, 4}};
  for (size_t i = 0; i < 16; ++i)
    EXPECT_EQ(out[i], eight[i].first / static_cast<float>(eight[i].second)) << i;
  // Along a column: every `stride`th value, the others untouched.
  std::vector<float> grid(32, -1), column(32, -1);
  for (int i = 0; i < 16; ++i) grid[static_cast<size_t>(2 * i)] = static_cast<float>(i);
  jaroszBox(grid.data(), column.data(), 16, 2, 7);
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(column[2 * i], seven[i].first / static_cast<float>(seven[i].second)) << i;
    EXPECT_EQ(column[2 * i + 1], -1);
  }
}

TEST(InteroperablePdq, TinyAndFlatPicturesSayTheyTellNothing) {
  std::vector<uint8_t> tiny(4 * 4 * 3, 200);
  const PdqResult none = computeInteroperablePdq(tiny.data(), 4, 4);
  EXPECT_EQ(none.quality, 0);
  EXPECT_EQ(none.hash, Hash256{});
  std::vector<uint8_t> flat(320 * 180 * 3, 128);
  EXPECT_EQ(computeInteroperablePdq(flat.data(), 320, 180).quality, 0);
}

// A picture and the same picture in grey give nearly one hash (PDQ reads luma), and it follows the scene:
// another scene is far.
TEST(InteroperablePdq, ReadsTheLumaOfTheScene) {
  const auto a = test::renderScene(21, 40, 320, 180), b = test::renderScene(22, 40, 320, 180);
  auto rgbOf = [](const YuvImage& image) {  // grey RGB from the rendered luma
    std::vector<uint8_t> rgb;
    for (const uint8_t y : image.y) rgb.insert(rgb.end(), {y, y, y});
    return rgb;
  };
  const auto ra = rgbOf(a.front()), rb = rgbOf(b.front());
  const PdqResult ha = computeInteroperablePdq(ra.data(), 320, 180);
  const PdqResult hb = computeInteroperablePdq(rb.data(), 320, 180);
  EXPECT_GE(ha.quality, 50);
  EXPECT_EQ(computeInteroperablePdq(ra.data(), 320, 180).hash, ha.hash);
  EXPECT_GT(ha.hash.distance(hb.hash), 80);
  // camtrace's own hash of the same luma (area resampling instead of Jarosz' tent) is close to it.
  const GrayView view{a.front().y.data(), 320, 180, 320};
  EXPECT_LT(computePdq(view).hash.distance(ha.hash), 40);
}

}  // namespace
}  // namespace camtrace
