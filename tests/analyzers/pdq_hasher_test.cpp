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
