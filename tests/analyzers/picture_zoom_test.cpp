#include "analyzers/picture_zoom.h"

#include <gtest/gtest.h>

#include "tests/support/test_media.h"

namespace camtrace {
namespace {

Thumbnail thumbnailOfLuma(const test::Luma& luma) {
  return thumbnailOf(FramePicture(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}));
}

TEST(PictureZoom, FindsAPresetsWindowInTheWiderPicture) {
  struct Preset {
    double zoom, left, top;
  };
  for (uint64_t seed : {40, 41, 42}) {
    const test::Luma wide = test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]);
    for (const Preset p :
         {Preset{2.0, 0.0, 0.25}, Preset{1.6, 0.375, 0.0}, Preset{2.4, 0.3, 0.29}, Preset{1.3, 0.0, 0.23}}) {
      const PictureZoom z = closerViewPlacement(
          thumbnailOfLuma(test::closerPreset(wide, p.zoom, p.left, p.top)), thumbnailOfLuma(wide));
      const std::string where = "seed " + std::to_string(seed) + " zoom " + std::to_string(p.zoom);
      EXPECT_GT(z.similarity, 0.95f) << where;
      EXPECT_NEAR(z.zoom(), p.zoom, 0.08 * p.zoom) << where;
      EXPECT_NEAR(z.left, p.left * kThumbnailSide, 2) << where;
      EXPECT_NEAR(z.top, p.top * kThumbnailSide, 2) << where;
    }
  }
}

TEST(PictureZoom, AnotherRoomsPictureIsNoCloserViewOfIt) {
  for (uint64_t seed : {40, 41, 42}) {
    const test::Luma wide = test::lumaOf(test::renderScene(seed, 1, 320, 192)[0]);
    const test::Luma other = test::lumaOf(test::renderScene(seed + 50, 1, 320, 192)[0]);
    EXPECT_LT(
        closerViewPlacement(thumbnailOfLuma(test::closerPreset(other, 2.0, 0.0, 0.25)), thumbnailOfLuma(wide))
            .similarity,
        0.8f)
        << "seed " << seed;
  }
}

TEST(PictureZoom, ACutHasItsWitnessBothWaysAndTheSameEveryTime) {
  // Cut to a preset and back: the later picture sits in the earlier one at the cut in, the earlier in the
  // later at the cut back, at one placement; the same pictures give the same bits.
  const test::Luma wide = test::lumaOf(test::renderScene(44, 1, 320, 192)[0]);
  const Thumbnail w = thumbnailOfLuma(wide), c = thumbnailOfLuma(test::closerPreset(wide, 2.0, 0.5, 0.25));
  const CutZoom in = cutZoom(w, c), back = cutZoom(c, w);
  EXPECT_GT(in.laterInEarlier.similarity, 0.95f);
  EXPECT_GT(back.earlierInLater.similarity, 0.95f);
  EXPECT_TRUE(samePlacement(in.laterInEarlier, back.earlierInLater));
  // The wider picture is no zoom of the closer one.
  EXPECT_LT(in.earlierInLater.similarity, in.laterInEarlier.similarity);
  const CutZoom again = cutZoom(w, c);
  EXPECT_EQ(again.laterInEarlier.similarity, in.laterInEarlier.similarity);
  EXPECT_EQ(again.laterInEarlier.window, in.laterInEarlier.window);
  EXPECT_FALSE(samePlacement(in.laterInEarlier, PictureZoom{0.99f, in.laterInEarlier.window + 6, 0, 0}));
}

TEST(PictureZoom, AFlatPictureIsPlacedNowhere) {
  Thumbnail flat{};
  flat.fill(128);
  const test::Luma wide = test::lumaOf(test::renderScene(45, 1, 320, 192)[0]);
  EXPECT_EQ(closerViewPlacement(flat, thumbnailOfLuma(wide)).similarity, -1);
  EXPECT_EQ(closerViewPlacement(thumbnailOfLuma(wide), flat).similarity, -1);
  EXPECT_EQ(closerViewPlacement(flat, thumbnailOfLuma(wide)).zoom(), 0);
}

}  // namespace
}  // namespace camtrace
