#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "gray_view.h"

namespace camtrace {

// The picture as an OpenCV matrix over the same pixels (no copy), for OpenCV's filters to read.
inline cv::Mat asMat(const GrayView& luma) {
  return cv::Mat(luma.height, luma.width, CV_8UC1, const_cast<uint8_t*>(luma.data),
                 static_cast<size_t>(luma.stride));
}

// Area-averaged downscale (or bilinear upscale) of a luma picture to width x height, as 32-bit floats.
// Area averaging is the anti-aliasing step PDQ's Jarosz filter stands for.
cv::Mat resampleLuma(const GrayView& luma, int width, int height);

// The steps of that downscale, for planes shared between analyzers (frame_picture.h). areaSums: per cell of
// a width x height grid (not larger than the picture), the sum of the pixels it covers, each weighed by
// the share of it inside the cell (CV_64F). roundedAverage: the sums over the cells' area, rounded to
// whole levels (half to even) as an 8-bit resize gives them, as floats. pairedSums: the sums of a grid
// half as fine (each cell the four it covers; even rows and columns).
cv::Mat areaSums(const GrayView& luma, int width, int height);
// Which source pixels (or rows) overlap each of `target` cells along an axis of `source` pixels, and by how
// much: the cell [i * scale, (i + 1) * scale) covers whole pixels inside and a fraction of the ones at its
// ends (the weight of a pixel between them is 1).
struct AreaSpan {
  int first = 0;
  int last = 0;                          // exclusive
  float headWeight = 1, tailWeight = 1;  // overlap of the first and the last pixel, when they differ
  float weightOf(int pixel) const { return pixel == first ? headWeight : pixel == last - 1 ? tailWeight : 1; }
};
std::vector<AreaSpan> areaSpans(int source, int target);
double cellArea(const GrayView& luma, int width, int height);
cv::Mat roundedAverage(const cv::Mat& sums, double area);
cv::Mat pairedSums(const cv::Mat& sums);

}  // namespace camtrace
