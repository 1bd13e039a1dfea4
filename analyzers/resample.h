#pragma once

#include <opencv2/core.hpp>

#include "gray_view.h"

namespace camtrace {

// Area-averaged downscale (or bilinear upscale) of a luma picture to width x height, as 32-bit floats.
// Area averaging is the anti-aliasing step PDQ's Jarosz filter stands for.
cv::Mat resampleLuma(const GrayView& luma, int width, int height);

}  // namespace camtrace
