#include "sensor_noise.h"

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

namespace camtrace {
namespace {

// Pixels this dark carry no multiplicative pattern worth the name; this bright may be clipped.
constexpr int kMinLuma = 16;
constexpr int kMaxLuma = 250;
constexpr double kMaxResidual = 3.0;

cv::Mat asMat(const GrayView& luma) {
  return cv::Mat(luma.height, luma.width, CV_8UC1, const_cast<uint8_t*>(luma.data), static_cast<size_t>(luma.stride));
}

// Rows and columns of K averaged to zero: JPEG and H.264 block grids and the readout of a sensor leave
// row/column patterns that every camera of a model shares (Chen et al., 2008, "zero-meaning").
void zeroMean(std::vector<float>& k, int width, int height) {
  for (int y = 0; y < height; ++y) {
    double sum = 0;
    for (int x = 0; x < width; ++x) sum += k[static_cast<size_t>(y) * width + x];
    const float mean = static_cast<float>(sum / width);
    for (int x = 0; x < width; ++x) k[static_cast<size_t>(y) * width + x] -= mean;
  }
  for (int x = 0; x < width; ++x) {
    double sum = 0;
    for (int y = 0; y < height; ++y) sum += k[static_cast<size_t>(y) * width + x];
    const float mean = static_cast<float>(sum / height);
    for (int y = 0; y < height; ++y) k[static_cast<size_t>(y) * width + x] -= mean;
  }
}

}  // namespace

std::vector<float> noiseResidual(const GrayView& luma) {
  cv::Mat image;
  asMat(luma).convertTo(image, CV_32F);
  cv::Mat smooth;
  cv::medianBlur(asMat(luma), smooth, 3);
  smooth.convertTo(smooth, CV_32F);
  cv::Mat residual = image - smooth;
  // Scene edges leave large residuals that are the same in every camera filming a similar scene (and the
  // burned-in clock's text in every camera of a model); the sensor's pattern is a few levels at most.
  cv::min(residual, kMaxResidual, residual);
  cv::max(residual, -kMaxResidual, residual);
  return std::vector<float>(residual.begin<float>(), residual.end<float>());
}

void NoiseFingerprintBuilder::add(const GrayView& luma) {
  if (luma.empty()) return;
  if (frames_ == 0) {
    width_ = luma.width;
    height_ = luma.height;
    numerator_.assign(static_cast<size_t>(width_) * height_, 0.0);
    denominator_.assign(numerator_.size(), 0.0);
  } else if (luma.width != width_ || luma.height != height_) {
    return;  // another size: a fingerprint is per resolution
  }
  const std::vector<float> w = noiseResidual(luma);
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      const int v = luma.at(x, y);
      if (v < kMinLuma || v > kMaxLuma) continue;
      const size_t i = static_cast<size_t>(y) * width_ + x;
      numerator_[i] += static_cast<double>(w[i]) * v;
      denominator_[i] += static_cast<double>(v) * v;
    }
  }
  ++frames_;
}

void NoiseFingerprintBuilder::merge(const NoiseFingerprintBuilder& other) {
  if (other.frames_ == 0) return;
  if (frames_ == 0) {
    *this = other;
    return;
  }
  if (other.width_ != width_ || other.height_ != height_) return;
  for (size_t i = 0; i < numerator_.size(); ++i) {
    numerator_[i] += other.numerator_[i];
    denominator_[i] += other.denominator_[i];
  }
  frames_ += other.frames_;
}

NoiseFingerprint NoiseFingerprintBuilder::finish(int minFrames) const {
  NoiseFingerprint fp;
  if (frames_ < minFrames) return fp;
  fp.width = width_;
  fp.height = height_;
  fp.frames = frames_;
  fp.gain.resize(numerator_.size());
  for (size_t i = 0; i < numerator_.size(); ++i)
    fp.gain[i] = denominator_[i] > 0 ? static_cast<float>(numerator_[i] / denominator_[i]) : 0.0f;
  zeroMean(fp.gain, width_, height_);
  return fp;
}

float noiseCorrelation(const GrayView& luma, const NoiseFingerprint& fp) {
  if (fp.empty() || luma.empty() || luma.width != fp.width || luma.height != fp.height)
    return std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> w = noiseResidual(luma);
  // Two passes over the usable pixels: means, then the correlation of W with I * K.
  double sumW = 0, sumS = 0;
  int64_t n = 0;
  for (int y = 0; y < fp.height; ++y) {
    for (int x = 0; x < fp.width; ++x) {
      const int v = luma.at(x, y);
      if (v < kMinLuma || v > kMaxLuma) continue;
      const size_t i = static_cast<size_t>(y) * fp.width + x;
      sumW += w[i];
      sumS += static_cast<double>(v) * fp.gain[i];
      ++n;
    }
  }
  if (n < 1024) return std::numeric_limits<float>::quiet_NaN();
  const double meanW = sumW / static_cast<double>(n), meanS = sumS / static_cast<double>(n);
  double sww = 0, sss = 0, sws = 0;
  for (int y = 0; y < fp.height; ++y) {
    for (int x = 0; x < fp.width; ++x) {
      const int v = luma.at(x, y);
      if (v < kMinLuma || v > kMaxLuma) continue;
      const size_t i = static_cast<size_t>(y) * fp.width + x;
      const double a = w[i] - meanW, b = static_cast<double>(v) * fp.gain[i] - meanS;
      sww += a * a;
      sss += b * b;
      sws += a * b;
    }
  }
  if (sww <= 0 || sss <= 0) return std::numeric_limits<float>::quiet_NaN();
  return static_cast<float>(sws / std::sqrt(sww * sss));
}

}  // namespace camtrace
