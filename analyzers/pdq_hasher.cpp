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

// Rows 1..16 of the orthonormal 64-point DCT-II matrix (row 0, the DC row, is skipped).
const std::array<std::array<float, kSize>, kCoefficients>& dctMatrix() {
  static const auto matrix = [] {
    std::array<std::array<float, kSize>, kCoefficients> m{};
    const double scale = std::sqrt(2.0 / kSize);
    for (int i = 0; i < kCoefficients; ++i) {
      for (int j = 0; j < kSize; ++j) {
        m[i][j] = static_cast<float>(scale * std::cos(std::numbers::pi / 2 / kSize * (i + 1) * (2 * j + 1)));
      }
    }
    return m;
  }();
  return matrix;
}

}  // namespace

PdqResult computePdq(const GrayView& luma) {
  PdqResult result;
  if (luma.empty()) return result;
  cv::Mat small = resampleLuma(luma, kSize, kSize);

  int gradientSum = 0;
  for (int y = 0; y < kSize; ++y) {
    const float* row = small.ptr<float>(y);
    for (int x = 0; x + 1 < kSize; ++x)
      gradientSum += std::abs(static_cast<int>((row[x] - row[x + 1]) * 100 / 255));
  }
  for (int y = 0; y + 1 < kSize; ++y) {
    const float* row = small.ptr<float>(y);
    const float* below = small.ptr<float>(y + 1);
    for (int x = 0; x < kSize; ++x)
      gradientSum += std::abs(static_cast<int>((row[x] - below[x]) * 100 / 255));
  }
  result.quality = std::min(100, gradientSum / 90);

  const auto& dct = dctMatrix();
  std::array<std::array<float, kSize>, kCoefficients> rows{};  // D * A
  for (int i = 0; i < kCoefficients; ++i) {
    for (int y = 0; y < kSize; ++y) {
      const float* row = small.ptr<float>(y);
      const float d = dct[i][y];
      for (int x = 0; x < kSize; ++x) rows[i][x] += d * row[x];
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
  const float median = sorted[127];
  for (int k = 0; k < kCoefficients * kCoefficients; ++k) {
    if (coefficients[static_cast<size_t>(k)] > median) result.hash.set(k);
  }
  return result;
}

namespace {

class PdqAnalyzer : public Analyzer {
 public:
  std::string_view name() const override { return "pdq"; }
  std::string_view description() const override { return "256-bit DCT perceptual hash of the luma"; }
  double cost() const override { return 1.0; }
  void analyze(const GrayView& luma, FrameSignals& signals) const override {
    PdqResult pdq = computePdq(luma);
    signals.pdq = pdq.hash;
    signals.pdqQuality = pdq.quality;
  }
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(PdqAnalyzer, "pdq");

}  // namespace camtrace
