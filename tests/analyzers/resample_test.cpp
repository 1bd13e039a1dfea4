#include "analyzers/resample.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace camtrace {
namespace {

// The area average by its definition: each source pixel weighed by how much of it lies in the cell.
double cellAverage(const cv::Mat& picture, int width, int height, int column, int row) {
  const double sx = static_cast<double>(picture.cols) / width,
               sy = static_cast<double>(picture.rows) / height;
  double sum = 0;
  for (int y = 0; y < picture.rows; ++y) {
    const double wy = std::max(0.0, std::min(y + 1.0, (row + 1) * sy) - std::max<double>(y, row * sy));
    if (wy <= 0) continue;
    for (int x = 0; x < picture.cols; ++x) {
      const double wx =
          std::max(0.0, std::min(x + 1.0, (column + 1) * sx) - std::max<double>(x, column * sx));
      sum += wx * wy * picture.at<uint8_t>(y, x);
    }
  }
  return sum / (sx * sy);
}

cv::Mat noisePicture(int width, int height, unsigned seed) {
  cv::Mat picture(height, width, CV_8UC1);
  std::mt19937 random(seed);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) picture.at<uint8_t>(y, x) = static_cast<uint8_t>(random() % 256);
  return picture;
}

GrayView viewOf(const cv::Mat& m) {
  return GrayView{m.data, m.cols, m.rows, static_cast<int>(m.step)};
}

// Each cell is the exact average rounded to a whole level, halves to even, at the sizes video comes in
// and at odd ones; the picture's stride may exceed its width.
TEST(Resample, DownscaleIsTheExactAreaAverageRounded) {
  const struct {
    int width, height, targetWidth, targetHeight;
  } cases[] = {{1920, 1080, 64, 64}, {1280, 720, 128, 128}, {640, 360, 128, 128}, {176, 144, 128, 128},
               {333, 201, 64, 64},   {128, 128, 128, 128},  {130, 77, 64, 64}};
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << c.width << "x" << c.height << " -> " << c.targetWidth);
    const cv::Mat wide = noisePicture(c.width + 13, c.height, 5);
    const cv::Mat picture = wide(cv::Rect(0, 0, c.width, c.height));
    const cv::Mat small = resampleLuma(viewOf(picture), c.targetWidth, c.targetHeight);
    ASSERT_EQ(small.type(), CV_32F);
    int checked = 0;
    for (int row = 0; row < c.targetHeight; row += 7) {
      for (int column = 0; column < c.targetWidth; column += 5, ++checked) {
        const double exact = cellAverage(picture, c.targetWidth, c.targetHeight, column, row);
        ASSERT_EQ(small.at<float>(row, column), static_cast<float>(std::nearbyint(exact)))
            << "cell " << column << "," << row << " exact " << exact;
      }
    }
    EXPECT_GT(checked, 100);
  }
}

// An average lying on a half goes to the even level, as std::nearbyint rounds: cells of two levels v and
// v + 1 side by side average v + 0.5 for every v, 254.5 included.
TEST(Resample, AnAverageOnAHalfGoesToTheEvenLevel) {
  cv::Mat picture(256, 512, CV_8UC1);
  for (int y = 0; y < picture.rows; ++y)
    for (int x = 0; x < picture.cols; ++x)
      picture.at<uint8_t>(y, x) = static_cast<uint8_t>(std::min(255, (y / 2 * 128 + x / 4) % 255 + x % 2));
  const cv::Mat small = resampleLuma(viewOf(picture), 128, 128);
  for (int row = 0; row < 128; ++row)
    for (int column = 0; column < 128; ++column) {
      const int v = (row * 128 + column) % 255;
      ASSERT_EQ(small.at<float>(row, column), static_cast<float>(v % 2 == 0 ? v : v + 1))
          << "cell " << column << "," << row << " averages " << v << ".5";
    }
}

// Agreeing with OpenCV's INTER_AREA wherever the average is not within a rounding error of a half: on a
// real-looking picture (smooth gradients, not noise) nearly every cell.
TEST(Resample, AgreesWithOpenCvsAreaResizeOffTheHalves) {
  cv::Mat picture(1080, 1920, CV_8UC1);
  for (int y = 0; y < picture.rows; ++y)
    for (int x = 0; x < picture.cols; ++x)
      picture.at<uint8_t>(y, x) = static_cast<uint8_t>((x * 3 + y * 7 + (x / 40) * (y / 30)) % 251);
  const cv::Mat small = resampleLuma(viewOf(picture), 128, 128);
  cv::Mat opencv;
  cv::resize(picture, opencv, cv::Size(128, 128), 0, 0, cv::INTER_AREA);
  int differ = 0;
  for (int y = 0; y < 128; ++y) {
    for (int x = 0; x < 128; ++x) {
      const float d = std::abs(small.at<float>(y, x) - opencv.at<uint8_t>(y, x));
      ASSERT_LE(d, 1.0f);
      differ += d > 0;
    }
  }
  EXPECT_LT(differ, 128 * 128 / 100);
}

TEST(Resample, UpscaleStillInterpolates) {
  const cv::Mat picture = noisePicture(40, 30, 9);
  const cv::Mat big = resampleLuma(viewOf(picture), 64, 64);
  EXPECT_EQ(big.rows, 64);
  EXPECT_EQ(big.cols, 64);
}

}  // namespace
}  // namespace camtrace
