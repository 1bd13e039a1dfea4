#include <algorithm>
#include <cmath>
#include <cstdint>

#include <opencv2/core/hal/intrin.hpp>

#include "analyzer.h"

namespace camtrace {
namespace {

// Mean and spread of the luma on every other pixel: enough to tell a black frame or a covered lens (spread
// of a few levels) from a picture with content.
class ExposureAnalyzer : public Analyzer {
 public:
  std::string_view name() const override { return "exposure"; }
  std::string_view description() const override {
    return "mean and spread of the luma (black or covered lens)";
  }
  double cost() const override { return 0.2; }
  void analyze(const FramePicture& picture, FrameSignals& signals) const override {
    const GrayView& p = picture.luma();
    if (p.empty()) return;
    // Whole numbers, exactly the sums a double would hold (every partial sum is below 2^53), at a
    // fraction of the cost.
    uint64_t sum = 0, squares = 0;
    for (int y = 0; y < p.height; y += 2) {
      const uint8_t* row = p.data + static_cast<ptrdiff_t>(y) * p.stride;
      int x = 0;
#if CV_SIMD128
      // The even bytes of 16 at a time; at most 1,024 steps between flushes keep each 32-bit lane of the
      // squares under 2^31 (1,024 x 2 x 255^2).
      const cv::v_uint16x8 even = cv::v_setall_u16(0x00ff);
      while (x + 16 <= p.width) {
        cv::v_uint32x4 sums = cv::v_setzero_u32();
        cv::v_int32x4 products = cv::v_setzero_s32();
        for (int steps = 0; steps < 1024 && x + 16 <= p.width; ++steps, x += 16) {
          const cv::v_uint16x8 v = cv::v_reinterpret_as_u16(cv::v_load(row + x)) & even;
          cv::v_uint32x4 low, high;
          cv::v_expand(v, low, high);
          sums += low + high;
          const cv::v_int16x8 s = cv::v_reinterpret_as_s16(v);
          products += cv::v_dotprod(s, s);
        }
        sum += cv::v_reduce_sum(sums);
        squares += static_cast<uint64_t>(cv::v_reduce_sum(products));
      }
#endif
      for (; x < p.width; x += 2) {
        const uint64_t v = row[x];
        sum += v;
        squares += v * v;
      }
    }
    const int rows = (p.height + 1) / 2, columns = (p.width + 1) / 2;  // every other row and column
    const double n = static_cast<double>(rows) * columns;
    const double mean = static_cast<double>(sum) / n;
    signals.meanLuma = static_cast<float>(mean);
    signals.lumaStdDev =
        static_cast<float>(std::sqrt(std::max(0.0, static_cast<double>(squares) / n - mean * mean)));
  }
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(ExposureAnalyzer, "exposure");

}  // namespace camtrace
