#include "damage_detector.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "analyzer.h"
#include "avx2_dispatch.h"

namespace camtrace {
namespace {

constexpr int kBlock = 16;

// Sum over x in [x0, x0 + kBlock) of |a[x] - b[x]|: one block side of steps between two rows.
int rowSteps(const uint8_t* a, const uint8_t* b, int x0) {
#if CV_SIMD128
  static_assert(kBlock == 16, "one 16-byte register per block side");
  return static_cast<int>(cv::v_reduce_sad(cv::v_load(a + x0), cv::v_load(b + x0)));
#else
  int sum = 0;
  for (int x = x0; x < x0 + kBlock; ++x) sum += std::abs(a[x] - b[x]);
  return sum;
#endif
}

#ifdef CAMTRACE_AVX2
// The same sums thirty-two columns at a time (analyzers/avx2_dispatch.h).
CAMTRACE_AVX2_TARGET void addColumnStepsAvx2(const uint8_t* row, uint16_t* steps, int width) {
  int x = 1;
  for (; x + 32 <= width; x += 32) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + x));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + x - 1));
    addWidenedAvx2(steps + x, _mm256_or_si256(_mm256_subs_epu8(a, b), _mm256_subs_epu8(b, a)));
  }
  for (; x < width; ++x) steps[x] = static_cast<uint16_t>(steps[x] + std::abs(row[x] - row[x - 1]));
}
#else
constexpr void (*addColumnStepsAvx2)(const uint8_t*, uint16_t*, int) = nullptr;
#endif

// steps[x] += |row[x] - row[x - 1]| for every column but the first, sixteen at a time.
void addColumnStepsBaseline(const uint8_t* row, uint16_t* steps, int width) {
  int x = 1;
#if CV_SIMD128
  for (; x + 16 <= width; x += 16) {
    cv::v_uint16x8 low, high;
    cv::v_expand(cv::v_absdiff(cv::v_load(row + x), cv::v_load(row + x - 1)), low, high);
    cv::v_store(steps + x, cv::v_load(steps + x) + low);
    cv::v_store(steps + x + 8, cv::v_load(steps + x + 8) + high);
  }
#endif
  for (; x < width; ++x) steps[x] = static_cast<uint16_t>(steps[x] + std::abs(row[x] - row[x - 1]));
}

bool looksLikeSeam(int across, int before, int after, const SeamThresholds& t) {
  // Each is the sum of kBlock steps; the thresholds speak of their mean.
  const float mean = static_cast<float>(across) / kBlock;
  const float texture = static_cast<float>(std::max(before, after)) / kBlock;
  return mean > t.minStep && mean > t.textureRatio * texture + 2.0f;
}

// Whether every pixel of macroblock row `r` (its kBlock lines, the whole width) holds `value`.
bool flatBlockRow(const GrayView& p, int r, uint8_t value) {
  for (int y = r * kBlock; y < (r + 1) * kBlock; ++y) {
    const uint8_t* line = p.data + static_cast<ptrdiff_t>(y) * p.stride;
    if (std::any_of(line, line + p.width, [value](uint8_t v) { return v != value; })) return false;
  }
  return true;
}

}  // namespace

float missingBlockRows(const GrayView& p) {
  const int rows = p.height / kBlock;
  if (p.empty() || rows < 3) return 0;
  auto valueAt = [&p](int r) { return p.data[static_cast<ptrdiff_t>(r) * kBlock * p.stride]; };
  // How many rows from `r` down hold its first pixel's value, every pixel of them.
  auto flatFrom = [&](int r) {
    int n = 0;
    while (r + n < rows && flatBlockRow(p, r + n, valueAt(r))) ++n;
    return n;
  };
  const int top = flatFrom(0);
  int longest = 0;
  for (int r = std::max(top, 1); r < rows;) {
    const int n = flatFrom(r);
    if (n == 0) {
      ++r;
      continue;
    }
    // A flat band down to the bottom matched by one as high at the top, of the same value, is a letterbox.
    const bool bars = r + n == rows && top > 0 && std::abs(top - n) <= 1 && valueAt(0) == valueAt(r);
    if (!bars) longest = std::max(longest, n);
    r += n;
  }
  return static_cast<float>(longest) / static_cast<float>(rows);
}

float measureDecodeDamage(const GrayView& p, const SeamThresholds& t) {
  if (p.empty() || p.width < 3 * kBlock || p.height < 3 * kBlock) return 0;
  auto row = [&p](int y) { return p.data + static_cast<ptrdiff_t>(y) * p.stride; };
  int edges = 0, seams = 0;
  // Vertical edges (columns kBlock, 2 kBlock, ...): the step between every column and the one before it,
  // summed down the block's rows in 16-bit lanes (at most 16 x 255), the picture read in memory order;
  // each edge then takes the steps into, across and out of it.
  std::vector<uint16_t> steps(static_cast<size_t>(p.width));
  static const auto addColumnSteps = forThisCpu(addColumnStepsAvx2, addColumnStepsBaseline);
  for (int y0 = 0; y0 + kBlock <= p.height; y0 += kBlock) {
    std::fill(steps.begin(), steps.end(), uint16_t{0});
    for (int y = y0; y < y0 + kBlock; ++y) addColumnSteps(row(y), steps.data(), p.width);
    for (int x = kBlock; x + 2 < p.width; x += kBlock) {
      ++edges;
      const auto at = static_cast<size_t>(x);
      if (looksLikeSeam(steps[at], steps[at - 1], steps[at + 1], t)) ++seams;
    }
  }
  for (int y = kBlock; y + 2 < p.height; y += kBlock) {
    for (int x0 = 0; x0 + kBlock <= p.width; x0 += kBlock) {
      ++edges;
      if (looksLikeSeam(rowSteps(row(y), row(y - 1), x0), rowSteps(row(y - 1), row(y - 2), x0),
                        rowSteps(row(y + 1), row(y), x0), t))
        ++seams;
    }
  }
  const float seamShare = edges == 0 ? 0.0f : static_cast<float>(seams) / static_cast<float>(edges);
  return std::max(seamShare, missingBlockRows(p));
}

namespace {

class DamageAnalyzer : public Analyzer {
 public:
  std::string_view name() const override { return "damage"; }
  std::string_view description() const override {
    return "macroblock seams left by decoder error concealment";
  }
  double cost() const override { return 0.3; }
  std::vector<AnalyzerOption> options() const override {
    return {{"seam_levels", "smallest mean step across a macroblock edge counted as a seam",
             SeamThresholds{}.minStep},
            {"seam_ratio", "how many times the texture beside the edge a seam must exceed",
             SeamThresholds{}.textureRatio}};
  }
  void setOption(const std::string& option, double value) override {
    if (option == "seam_levels") {
      thresholds_.minStep = static_cast<float>(value);
    } else if (option == "seam_ratio") {
      thresholds_.textureRatio = static_cast<float>(value);
    } else {
      Analyzer::setOption(option, value);
    }
  }
  void analyze(const FramePicture& picture, FrameSignals& signals) const override {
    signals.damage = measureDecodeDamage(picture.luma(), thresholds_);
  }

 private:
  SeamThresholds thresholds_;
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(DamageAnalyzer, "damage");

}  // namespace camtrace
