#include <algorithm>
#include <cmath>

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
  void analyze(const GrayView& p, FrameSignals& signals) const override {
    if (p.empty()) return;
    double sum = 0, squares = 0;
    for (int y = 0; y < p.height; y += 2) {
      for (int x = 0; x < p.width; x += 2) {
        const double v = p.at(x, y);
        sum += v;
        squares += v * v;
      }
    }
    const int rows = (p.height + 1) / 2, columns = (p.width + 1) / 2;  // every other row and column
    const double n = static_cast<double>(rows) * columns;
    signals.meanLuma = static_cast<float>(sum / n);
    signals.lumaStdDev = static_cast<float>(std::sqrt(std::max(0.0, squares / n - (sum / n) * (sum / n))));
  }
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(ExposureAnalyzer, "exposure");

}  // namespace camtrace
