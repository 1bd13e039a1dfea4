#include "pdq_hasher.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "analyzer.h"
#include "resample.h"

namespace camtrace {
namespace {

constexpr int kSize = 64;
constexpr int kCoefficients = 16;

// Rows 1..16 of the orthonormal 64-point DCT-II matrix (row 0, the DC row, is skipped). The scale is
// rounded to float before the product, as ThreatExchange's reference does, so that the coefficients are
// the same floats bit for bit.
const std::array<std::array<float, kSize>, kCoefficients>& dctMatrix() {
  static const auto matrix = [] {
    std::array<std::array<float, kSize>, kCoefficients> m{};
    const float scale = static_cast<float>(std::sqrt(2.0 / kSize));
    for (int i = 0; i < kCoefficients; ++i) {
      for (int j = 0; j < kSize; ++j) {
        m[i][j] = static_cast<float>(scale * std::cos(std::numbers::pi / 2 / kSize * (i + 1) * (2 * j + 1)));
      }
    }
    return m;
  }();
  return matrix;
}

using Plane64 = std::array<float, size_t{kSize} * kSize>;  // row-major

// The hash of a 64x64 picture. Every sum is taken in the reference's order, in float, so that a picture
// the reference sees gives its hash bit for bit.
PdqResult hashOf64(const Plane64& a) {
  PdqResult result;
  int gradientSum = 0;
  for (int y = 0; y + 1 < kSize; ++y)
    for (int x = 0; x < kSize; ++x)
      gradientSum += std::abs(static_cast<int>((a[y * kSize + x] - a[(y + 1) * kSize + x]) * 100 / 255));
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x + 1 < kSize; ++x)
      gradientSum += std::abs(static_cast<int>((a[y * kSize + x] - a[y * kSize + x + 1]) * 100 / 255));
  result.quality = std::min(100, gradientSum / 90);

  const auto& dct = dctMatrix();
  std::array<std::array<float, kSize>, kCoefficients> rows{};  // D * A
  for (int i = 0; i < kCoefficients; ++i) {
    for (int y = 0; y < kSize; ++y) {
      const float d = dct[i][y];
      for (int x = 0; x < kSize; ++x) rows[i][x] += d * a[y * kSize + x];
    }
  }
  std::array<float, size_t{kCoefficients} * kCoefficients> coefficients{};  // D * A * D^T
  for (int i = 0; i < kCoefficients; ++i) {
    for (int j = 0; j < kCoefficients; ++j) {
      float sum = 0;
      for (int x = 0; x < kSize; ++x) sum += rows[i][x] * dct[j][x];
      coefficients[static_cast<size_t>(i) * kCoefficients + static_cast<size_t>(j)] = sum;
    }
  }
  auto sorted = coefficients;
  std::nth_element(sorted.begin(), sorted.begin() + 127, sorted.end());
  const float median = sorted[127];  // the lower median, as Torben's selection gives it
  for (int k = 0; k < kCoefficients * kCoefficients; ++k) {
    if (coefficients[static_cast<size_t>(k)] > median) result.hash.set(k);
  }
  return result;
}

}  // namespace

PdqResult computePdq(const GrayView& luma) {
  return computePdq(FramePicture(luma));
}

PdqResult computePdq(const FramePicture& picture) {
  if (picture.luma().empty()) return {};
  const cv::Mat& small = picture.averaged(kSize);
  Plane64 a;
  for (int y = 0; y < kSize; ++y)
    std::copy_n(small.ptr<float>(y), kSize, a.begin() + static_cast<ptrdiff_t>(y) * kSize);
  return hashOf64(a);
}

void jaroszBox(const float* in, float* out, int length, int stride, int window) {
  const int half = (window + 2) / 2;
  int left = 0, right = 0, written = 0, count = 0;
  float sum = 0;
  for (int i = 0; i < half - 1; ++i, ++count, right += stride) sum += in[right];
  for (int i = 0; i < window - half + 1; ++i, right += stride, written += stride) {
    sum += in[right];
    ++count;
    out[written] = sum / static_cast<float>(count);
  }
  for (int i = 0; i < length - window; ++i, left += stride, right += stride, written += stride) {
    sum += in[right];
    sum -= in[left];
    out[written] = sum / static_cast<float>(count);
  }
  for (int i = 0; i < half - 1; ++i, left += stride, written += stride) {
    sum -= in[left];
    --count;
    out[written] = sum / static_cast<float>(count);
  }
}

PdqResult computeInteroperablePdq(const uint8_t* rgb, int width, int height) {
  constexpr int kMinDimension = 5;  // the reference hashes nothing smaller
  if (rgb == nullptr || width < kMinDimension || height < kMinDimension) return {};
  const size_t pixels = static_cast<size_t>(width) * height;
  std::vector<float> buffer(pixels), scratch(pixels);
  constexpr float kR = 0.299f, kG = 0.587f, kB = 0.114f;
  for (size_t i = 0; i < pixels; ++i)
    buffer[i] = kR * static_cast<float>(rgb[3 * i]) + kG * static_cast<float>(rgb[3 * i + 1]) +
                kB * static_cast<float>(rgb[3 * i + 2]);
  // Two passes of box filters along rows then columns (a tent), each window half a 64th of the side.
  const int alongRows = (width + 2 * kSize - 1) / (2 * kSize);
  const int alongColumns = (height + 2 * kSize - 1) / (2 * kSize);
  for (int pass = 0; pass < 2; ++pass) {
    for (int y = 0; y < height; ++y)
      jaroszBox(&buffer[static_cast<size_t>(y) * width], &scratch[static_cast<size_t>(y) * width], width, 1,
                alongRows);
    for (int x = 0; x < width; ++x)
      jaroszBox(&scratch[static_cast<size_t>(x)], &buffer[static_cast<size_t>(x)], height, width,
                alongColumns);
  }
  Plane64 a;
  for (int y = 0; y < kSize; ++y) {
    const int row = static_cast<int>(((y + 0.5) * height) / kSize);
    for (int x = 0; x < kSize; ++x) {
      const int column = static_cast<int>(((x + 0.5) * width) / kSize);
      a[static_cast<size_t>(y) * kSize + x] = buffer[static_cast<size_t>(row) * width + column];
    }
  }
  return hashOf64(a);
}

namespace {

class PdqAnalyzer : public Analyzer {
 public:
  std::string_view name() const override { return "pdq"; }
  std::string_view description() const override { return "256-bit DCT perceptual hash of the luma"; }
  double cost() const override { return 1.0; }
  void analyze(const FramePicture& picture, FrameSignals& signals) const override {
    PdqResult pdq = computePdq(picture);
    signals.pdq = pdq.hash;
    signals.pdqQuality = pdq.quality;
  }
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(PdqAnalyzer, "pdq");

}  // namespace camtrace
