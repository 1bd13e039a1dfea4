#include "damage_detector.h"

#include <algorithm>
#include <cstdlib>

#include "analyzer.h"

namespace camtrace {
namespace {

constexpr int kBlock = 16;

// Mean absolute step between columns x-1 and x (vertical seam) over rows [y0, y0+kBlock).
float columnStep(const GrayView& p, int x, int y0) {
  int sum = 0;
  for (int y = y0; y < y0 + kBlock; ++y) sum += std::abs(p.at(x, y) - p.at(x - 1, y));
  return static_cast<float>(sum) / kBlock;
}

float rowStep(const GrayView& p, int x0, int y) {
  int sum = 0;
  for (int x = x0; x < x0 + kBlock; ++x) sum += std::abs(p.at(x, y) - p.at(x, y - 1));
  return static_cast<float>(sum) / kBlock;
}

bool looksLikeSeam(float across, float before, float after, const SeamThresholds& t) {
  const float texture = std::max(before, after);
  return across > t.minStep && across > t.textureRatio * texture + 2.0f;
}

}  // namespace

float measureDecodeDamage(const GrayView& p, const SeamThresholds& t) {
  if (p.empty() || p.width < 3 * kBlock || p.height < 3 * kBlock) return 0;
  int edges = 0, seams = 0;
  for (int y0 = 0; y0 + kBlock <= p.height; y0 += kBlock) {
    for (int x = kBlock; x + 2 < p.width; x += kBlock) {
      ++edges;
      if (looksLikeSeam(columnStep(p, x, y0), columnStep(p, x - 1, y0), columnStep(p, x + 1, y0), t)) ++seams;
    }
  }
  for (int y = kBlock; y + 2 < p.height; y += kBlock) {
    for (int x0 = 0; x0 + kBlock <= p.width; x0 += kBlock) {
      ++edges;
      if (looksLikeSeam(rowStep(p, x0, y), rowStep(p, x0, y - 1), rowStep(p, x0, y + 1), t)) ++seams;
    }
  }
  return edges == 0 ? 0.0f : static_cast<float>(seams) / static_cast<float>(edges);
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
  void analyze(const GrayView& luma, FrameSignals& signals) const override {
    signals.damage = measureDecodeDamage(luma, thresholds_);
  }

 private:
  SeamThresholds thresholds_;
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(DamageAnalyzer, "damage");

}  // namespace camtrace
