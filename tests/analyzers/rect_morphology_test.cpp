#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "analyzers/rect_morphology.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

cv::Mat opencvMorphology(const cv::Mat& src, int size, RectOp op) {
  cv::Mat out;
  const cv::Mat square = cv::getStructuringElement(cv::MORPH_RECT, {size, size});
  if (op == RectOp::Min)
    cv::erode(src, out, square);
  else
    cv::dilate(src, out, square);
  return out;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

// The clock's line pools are learned with these in place of OpenCV's: the same bytes are the promise, on
// whole pictures and on regions of them, whose windows OpenCV fills from the pixels around the region.
// Widths not a multiple of 32 or 16 take the wide and narrow steps' tails.
TEST(RectMorphology, ErodesAndDilatesAsOpenCVDoesOnRegionsOfAnyShape) {
  cv::RNG rng(20261204);
  int compared = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int width = rng.uniform(1, 150), height = rng.uniform(1, 120);
    cv::Mat picture(height, width, CV_8UC1);
    rng.fill(picture, cv::RNG::UNIFORM, 0, 256);
    const int x = rng.uniform(0, width), y = rng.uniform(0, height);
    const cv::Rect region(x, y, rng.uniform(1, width - x + 1), rng.uniform(1, height - y + 1));
    const int size = 2 * rng.uniform(0, 40) + 1;
    for (RectOp op : {RectOp::Min, RectOp::Max}) {
      cv::Mat ours;
      rectMorphology(picture(region), ours, size, op);
      ASSERT_TRUE(same(ours, opencvMorphology(picture(region), size, op)))
          << width << "x" << height << " region " << region << " size " << size;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 800);
}

// A rendered 1080p scene at the clock line's window sizes (kernels of 19 and 55, the peaks' 21 and 57, and
// the continued windows of 37), whole and as the band the line pools read.
TEST(RectMorphology, MatchesOpenCVOnARealPictureAtTheClockLinesSizes) {
  const test::Luma scene = test::lumaOf(test::renderScene(7, 1, 1920, 1080).front());
  const cv::Mat picture(scene.height, scene.width, CV_8UC1, const_cast<uint8_t*>(scene.pixels.data()));
  for (const cv::Rect region : {cv::Rect(0, 0, 1920, 1080), cv::Rect(300, 900, 1500, 120)})
    for (int size : {19, 21, 37, 55, 57})
      for (RectOp op : {RectOp::Min, RectOp::Max}) {
        cv::Mat ours;
        rectMorphology(picture(region), ours, size, op);
        EXPECT_TRUE(same(ours, opencvMorphology(picture(region), size, op))) << region << " size " << size;
      }
}

TEST(RectMorphology, WritesOverItsOwnSource) {
  const test::Luma scene = test::lumaOf(test::renderScene(3, 1, 320, 180).front());
  cv::Mat picture =
      cv::Mat(scene.height, scene.width, CV_8UC1, const_cast<uint8_t*>(scene.pixels.data())).clone();
  const cv::Mat expected = opencvMorphology(picture, 9, RectOp::Min);
  rectMorphology(picture, picture, 9, RectOp::Min);
  EXPECT_TRUE(same(picture, expected));
}

}  // namespace
}  // namespace camtrace
