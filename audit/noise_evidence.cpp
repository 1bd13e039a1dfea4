#include "noise_evidence.h"

#include <cmath>
#include <limits>

namespace camtrace {

void measureNoise(const DecodedFrame& frame, FrameRecord& record,
                  const std::vector<NoiseFingerprint>& fingerprints, size_t claimed) {
  if (frame.luma.empty()) return;
  auto fits = [&](size_t c) {
    return c < fingerprints.size() && !fingerprints[c].empty() && fingerprints[c].width == frame.width &&
           fingerprints[c].height == frame.height;
  };
  std::vector<size_t> same;
  for (size_t c = 0; c < fingerprints.size(); ++c)
    if (fits(c)) same.push_back(c);
  if (same.empty()) return;
  if (static_cast<double>(same.size()) * frame.width * frame.height > kNoiseBudget) {
    same.clear();
    if (fits(claimed)) same.push_back(claimed);
  }
  const GrayView view{frame.luma.data(), frame.width, frame.height, frame.width};
  const NoiseSample sample = noiseSample(view);
  for (size_t c : same) {
    const float rho = noiseCorrelation(sample, fingerprints[c]);
    if (!std::isnan(rho)) record.noise.emplace_back(static_cast<uint16_t>(c), rho);
  }
}

float noiseOf(const FrameRecord& record, size_t camera) {
  for (const auto& [c, rho] : record.noise)
    if (c == camera) return rho;
  return std::numeric_limits<float>::quiet_NaN();
}

}  // namespace camtrace
