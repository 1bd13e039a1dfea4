#pragma once

#include <map>

#include <opencv2/core.hpp>

#include "gray_view.h"

namespace camtrace {

// One decoded picture as the analyzers see it: the full luma plane, and the small area-averaged planes that
// several analyzers start from (PDQ's 64 x 64, the structure's 128 x 128), made on first use and kept for
// the others. Both grids come from one pass over the full plane: the 64 grid's cells are the 128 grid's
// cells four at a time, so its sums are theirs added (the same average, exactly, for the sizes video comes
// in). A picture is analysed on one thread: nothing here is shared between threads.
class FramePicture {
 public:
  explicit FramePicture(const GrayView& luma) : luma_(luma) {}
  const GrayView& luma() const { return luma_; }
  // The area average over a size x size grid, in whole levels, as CV_32F (resampleLuma); a picture
  // smaller than the grid is interpolated up.
  const cv::Mat& averaged(int size) const;

 private:
  static constexpr int kSharedGrid = 128;
  GrayView luma_;
  mutable cv::Mat sharedSums_;  // the kSharedGrid grid's sums, once one of its grids was asked for
  mutable std::map<int, cv::Mat> planes_;
};

}  // namespace camtrace
