#pragma once
// Erosion and dilation by a square: the minimum or maximum of each pixel's window. The burned-in clock's
// line is learned from top-hats at two stroke scales over every reference picture, fifteen such filters a
// picture with windows of up to 57 pixels at 1080p. OpenCV's rectangle filters cost in proportion to the
// window (0.6 ms a 1080p picture at 19 pixels, 1.5 ms at 55, on the 2-core development machine); these cost
// 0.27-0.32 ms at 19 to 55 pixels: a row's windows doubled in place, read from the row itself (a window of
// 2^j is two of 2^(j-1), and any window up to twice a power of two is two overlapping windows of that
// power), then van Herk and Gil-Werman's three steps a pixel down the columns, a block of rows at a time
// while they are in the cache.

#include <opencv2/core.hpp>

namespace camtrace {

// What cv::erode (`RectOp::Min`) or cv::dilate (`RectOp::Max`) gives `src` with a `size` x `size` rectangle
// (`size` odd), the default anchor and border: the window of each pixel over the pixels that exist. Like
// OpenCV, a `src` that is a region of a larger picture reads the pixels around it (Mat::locateROI). `dst`
// is made anew (it may be `src`).
enum class RectOp { Min, Max };
void rectMorphology(const cv::Mat& src, cv::Mat& dst, int size, RectOp op);

}  // namespace camtrace
