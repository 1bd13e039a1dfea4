#include "frame_picture.h"

#include "resample.h"

namespace camtrace {

const cv::Mat& FramePicture::averaged(int size) const {
  auto found = planes_.find(size);
  if (found != planes_.end()) return found->second;
  cv::Mat& plane = planes_[size];
  const bool shared = (size == kSharedGrid || 2 * size == kSharedGrid) && luma_.width >= kSharedGrid &&
                      luma_.height >= kSharedGrid;
  if (!shared) return plane = resampleLuma(luma_, size, size);
  if (sharedSums_.empty()) sharedSums_ = areaSums(luma_, kSharedGrid, kSharedGrid);
  const double area = cellArea(luma_, kSharedGrid, kSharedGrid);
  plane = size == kSharedGrid ? roundedAverage(sharedSums_, area)
                              : roundedAverage(pairedSums(sharedSums_), 4 * area);
  return plane;
}

}  // namespace camtrace
