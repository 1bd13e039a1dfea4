#pragma once

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

}  // namespace camtrace
