#include "resample.h"

#include <opencv2/imgproc.hpp>

namespace camtrace {

cv::Mat resampleLuma(const GrayView& luma, int width, int height) {
  cv::Mat small;
  bool shrinking = luma.width >= width && luma.height >= height;
  cv::resize(asMat(luma), small, cv::Size(width, height), 0, 0,
             shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::Mat out;
  small.convertTo(out, CV_32F);
  return out;
}

}  // namespace camtrace
