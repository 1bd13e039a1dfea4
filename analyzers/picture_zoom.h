#pragma once

#include <array>
#include <cstdint>

#include "frame_picture.h"

namespace camtrace {

// Where a closer view of a scene sits in a wider picture of it, from the two pictures themselves: a
// pan/tilt/zoom camera cutting to a preset closer on part of its scene, and back. Measured on the pictures
// either side of a cut, where both are at hand while a capture is decoded (audit/capture_analysis), so
// nothing of a picture but the structure descriptor has to be kept per frame. Why pixels and not only the
// descriptor (analyzers/structure_zoom): an 8x8 grid of orientation histograms cannot tell a closer view
// from another scene with edges in the same places. Over the four real-footage sets of the benchmark
// (bench/README.md, thirty-ninth session), the luma of the pictures either side of 87 preset cuts
// correlated 0.95-1.0 at their window, and those of 1,000 and more cuts into or out of another camera's
// burst 0.84 at most, but for a camera made as a crop of another's scene (a true closer view of it).

// The picture's area average over a 64 x 64 grid, in whole levels: PDQ's plane (FramePicture::averaged).
constexpr int kThumbnailSide = 64;
using Thumbnail = std::array<uint8_t, size_t{kThumbnailSide} * kThumbnailSide>;
Thumbnail thumbnailOf(const FramePicture& picture);

// The closer picture's window in the wider one: its side as a share of the wider picture's (1 / zoom; each
// thumbnail squeezes its picture to a square, so one zoom serves both axes, as an optical zoom does), its
// top-left corner in thumbnail pixels, and the Pearson correlation of the closer picture's luma, scaled to
// the window, with the window's. Zooms from 1.25 to about 2.5; similarity -1 where nothing was placed
// (a flat picture).
struct PictureZoom {
  float similarity = -1;
  int window = 0;  // thumbnail pixels a side, 26 to 51
  int left = 0;
  int top = 0;
  float zoom() const {
    return window > 0 ? static_cast<float>(kThumbnailSide) / static_cast<float>(window) : 0;
  }
};
PictureZoom closerViewPlacement(const Thumbnail& closer, const Thumbnail& wider);

// Both ways across a cut: the later picture as a closer view of the earlier one (a camera cutting to a
// preset), and the earlier as a closer view of the later (cutting back).
struct CutZoom {
  PictureZoom laterInEarlier;
  PictureZoom earlierInLater;
};
CutZoom cutZoom(const Thumbnail& earlier, const Thumbnail& later);

// Whether two placements are one window of one picture, to within a few thumbnail pixels: the cut to a
// preset and the cut back from it frame the same part of the scene.
bool samePlacement(const PictureZoom& a, const PictureZoom& b);

}  // namespace camtrace
