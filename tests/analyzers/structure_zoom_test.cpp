#include <gtest/gtest.h>

#include "analyzers/structure_descriptor.h"
#include "analyzers/structure_zoom.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

StructureDescriptor describe(const test::Luma& luma) {
  return computeStructure(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}).descriptor;
}

TEST(StructureZoom, FindsWhereACloserViewSitsInTheWiderOne) {
  struct Preset {
    double zoom, left, top;
  };
  for (uint64_t seed : {40, 41, 42}) {
    const test::Luma wide = test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]);
    for (const Preset p : {Preset{2.0, 0.0, 0.25}, Preset{1.5, 0.3, 0.0}, Preset{2.5, 0.5, 0.5}}) {
      const ZoomMatch m =
          bestZoomPlacement(describe(test::closerPreset(wide, p.zoom, p.left, p.top)), describe(wide));
      EXPECT_GT(m.similarity, 0.85f) << "seed " << seed << " zoom " << p.zoom;
      // The grid places a zoom to within about three eighths (seed 42's 1.5x view at 1.875x).
      EXPECT_NEAR(m.placement.zoom, p.zoom, 0.375) << "seed " << seed << " zoom " << p.zoom;
      // Placed to within a cell of the 8x8 grid, an eighth of the picture.
      EXPECT_NEAR(m.placement.left / kStructureCells, p.left, 0.13) << "seed " << seed << " zoom " << p.zoom;
      EXPECT_NEAR(m.placement.top / kStructureCells, p.top, 0.13) << "seed " << seed << " zoom " << p.zoom;
    }
  }
}

TEST(StructureZoom, AZoomBetweenQuartersCorrelatesAsWellAsOneOnThem) {
  // An optical zoom stops anywhere: 1.4x and 2.2x views correlate with their place as 1.5x and 2x do.
  for (uint64_t seed : {40, 41, 42}) {
    const test::Luma wide = test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]);
    for (const double zoom : {1.4, 2.2}) {
      const ZoomMatch m =
          bestZoomPlacement(describe(test::closerPreset(wide, zoom, 0.1, 0.2)), describe(wide));
      EXPECT_GT(m.similarity, 0.85f) << "seed " << seed << " zoom " << zoom;
      EXPECT_NEAR(m.placement.zoom, zoom, 0.375) << "seed " << seed << " zoom " << zoom;
    }
  }
}

TEST(StructureZoom, AnotherRoomSitsNowhereInTheView) {
  for (uint64_t seed : {40, 41, 42}) {
    const StructureDescriptor wide = describe(test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]));
    const test::Luma other = test::lumaOf(test::renderScene(seed + 50, 1, 320, 192)[0]);
    const float own =
        bestZoomPlacement(describe(test::closerPreset(test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]),
                                                      2.0, 0.0, 0.25)),
                          wide)
            .similarity;
    const float stranger =
        bestZoomPlacement(describe(test::closerPreset(other, 2.0, 0.0, 0.25)), wide).similarity;
    EXPECT_LT(stranger, 0.85f) << "seed " << seed;
    EXPECT_GT(own, stranger + 0.1f) << "seed " << seed;
  }
}

TEST(StructureZoom, APlacementOutsideThePictureOrTooSmallSaysNothing) {
  const StructureDescriptor d = describe(test::lumaOf(test::renderScene(43, 1, 320, 192)[0]));
  EXPECT_EQ(zoomedStructureSimilarity(d, d, ZoomPlacement{}), -1);
  EXPECT_EQ(zoomedStructureSimilarity(d, d, ZoomPlacement{2.0f, 5.0f, 0.0f}), -1);  // past the right edge
  EXPECT_EQ(zoomedStructureSimilarity(d, d, ZoomPlacement{4.0f, 0.0f, 0.0f}), -1);  // 2x2 cells
  EXPECT_EQ(zoomedStructureSimilarity(StructureDescriptor{}, d, ZoomPlacement{2.0f, 0.0f, 0.0f}), -1);
}

}  // namespace
}  // namespace camtrace
