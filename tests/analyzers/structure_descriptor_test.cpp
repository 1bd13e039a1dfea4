#include <gtest/gtest.h>

#include <cmath>

#include "analyzers/structure_descriptor.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

StructureDescriptor describe(const test::Luma& luma) {
  return computeStructure(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}).descriptor;
}

TEST(StructureDescriptor, SameRoomUnderInfraredStaysSimilar) {
  // The same room by day and in IR night mode: different tones, same edges.
  for (uint64_t seed = 20; seed < 24; ++seed) {
    auto day = test::lumaOf(test::renderScene(seed, 1, 160, 96, false)[0]);
    auto night = test::lumaOf(test::renderScene(seed, 1, 160, 96, true)[0]);
    auto other = test::lumaOf(test::renderScene(seed + 50, 1, 160, 96, false)[0]);
    const float same = structureSimilarity(describe(day), describe(night));
    const float different = structureSimilarity(describe(day), describe(other));
    EXPECT_GT(same, 0.6f) << "seed " << seed;
    EXPECT_GT(same, different + 0.15f) << "seed " << seed;
  }
}

TEST(StructureDescriptor, InvariantToGainAndOffset) {
  auto luma = test::lumaOf(test::renderScene(30, 1)[0]);
  auto brighter = luma;
  for (auto& p : brighter.pixels) p = static_cast<uint8_t>(std::min(255, p / 2 + 60));
  EXPECT_GT(structureSimilarity(describe(luma), describe(brighter)), 0.9f);
}

TEST(StructureDescriptor, SimilarityIsSymmetricAndBounded) {
  auto a = describe(test::lumaOf(test::renderScene(31, 1)[0]));
  auto b = describe(test::lumaOf(test::renderScene(32, 1)[0]));
  EXPECT_FLOAT_EQ(structureSimilarity(a, b), structureSimilarity(b, a));
  EXPECT_NEAR(structureSimilarity(a, a), 1.0f, 1e-4);
  EXPECT_LE(structureSimilarity(a, b), 1.0f);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

TEST(RobustStructure, IgnoresAnOccluderButNotAnotherScene) {
  auto scene = test::lumaOf(test::renderScene(33, 1)[0]);
  auto occluded = scene;
  // Someone close to the lens: a flat dark block over a fifth of the picture.
  for (int y = 10; y < 60; ++y)
    for (int x = 20; x < 75; ++x) occluded.pixels[static_cast<size_t>(y * occluded.width + x)] = 30;
  auto other = test::lumaOf(test::renderScene(133, 1)[0]);
  const auto cells = normalizeCells(describe(scene));
  const float robustOccluded = robustStructureSimilarity(cells, normalizeCells(describe(occluded)));
  const float robustOther = robustStructureSimilarity(cells, normalizeCells(describe(other)));
  EXPECT_GT(robustOccluded, 0.85f);
  EXPECT_GT(robustOccluded, structureSimilarity(describe(scene), describe(occluded)));
  EXPECT_LT(robustOther, robustOccluded - 0.15f);
  EXPECT_NEAR(robustStructureSimilarity(cells, cells), 1.0f, 1e-3);
}

TEST(MirrorCells, IsTheDescriptorOfThePictureMirroredLeftToRight) {
  // 256 x 128 scales to the descriptor's 128 x 128 by whole pixel pairs, the same columns either way.
  auto scene = test::lumaOf(test::renderScene(34, 1, 256, 128)[0]);
  auto mirrored = scene;
  for (int y = 0; y < scene.height; ++y)
    for (int x = 0; x < scene.width; ++x)
      mirrored.pixels[static_cast<size_t>(y * scene.width + x)] =
          scene.pixels[static_cast<size_t>(y * scene.width + scene.width - 1 - x)];
  const StructureDescriptor computed = describe(mirrored);
  const StructureVector permuted = mirrorCells(normalizeCells(describe(scene)));
  EXPECT_GT(robustStructureSimilarity(normalizeCells(computed), permuted), 0.999f);
  // A cell and its bins land where the mirror puts them: the top left cell's strongest bin is the top
  // right cell's, reflected.
  const StructureDescriptor original = describe(scene);
  for (int b = 0; b < kStructureBins; ++b)
    EXPECT_NEAR(
        computed[static_cast<size_t>((kStructureCells - 1) * kStructureBins + kStructureBins - 1 - b)],
        original[static_cast<size_t>(b)], 1)
        << b;
  // Mirroring twice gives the descriptor back; a scene and its mirror image are not the same scene.
  const StructureVector cells = normalizeCells(original);
  EXPECT_EQ(mirrorCells(mirrorCells(cells)), cells);
  EXPECT_LT(robustStructureSimilarity(cells, normalizeCells(computed)), 0.8f);
}

}  // namespace
}  // namespace camtrace
