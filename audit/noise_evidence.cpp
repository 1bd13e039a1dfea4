#include "noise_evidence.h"

#include <cmath>
#include <limits>

#include "analyzers/sensor_noise.h"
#include "audit/camera_witness.h"

namespace camtrace {
namespace {

void measureNoise(const GrayView& picture, FrameRecord& record,
                  const std::vector<NoiseFingerprint>& fingerprints, size_t claimed) {
  auto fits = [&](size_t c) {
    return c < fingerprints.size() && !fingerprints[c].empty() && fingerprints[c].width == picture.width &&
           fingerprints[c].height == picture.height;
  };
  std::vector<size_t> same;
  for (size_t c = 0; c < fingerprints.size(); ++c)
    if (fits(c)) same.push_back(c);
  if (same.empty()) return;
  if (static_cast<double>(same.size()) * picture.width * picture.height > kNoiseBudget) {
    same.clear();
    if (fits(claimed)) same.push_back(claimed);
  }
  const NoiseSample sample = noiseSample(picture);
  for (size_t c : same) {
    const float rho = noiseCorrelation(sample, fingerprints[c]);
    if (!std::isnan(rho)) record.noise.emplace_back(static_cast<uint16_t>(c), rho);
  }
}

class NoiseWitness final : public PooledWitness<NoiseFingerprintBuilder, NoiseFingerprint> {
 public:
  explicit NoiseWitness(const std::vector<CameraSpec>& cameras)
      : PooledWitness(cameras.size(), cameras.size() <= kMaxNoiseCameras) {}
  std::string_view name() const override { return "sensor_noise"; }
  bool decides() const override { return false; }  // audit/finding_builder: supporting evidence only
  std::unique_ptr<Reader> reader(size_t claimed) const override {
    return std::make_unique<Measure>(models(), claimed);
  }

 private:
  struct Measure final : Reader {
    Measure(const std::vector<NoiseFingerprint>& fingerprints, size_t claimed)
        : fingerprints(fingerprints), claimed(claimed) {}
    void read(const GrayView& picture, const ChromaView& /*chroma*/, FrameRecord& record) override {
      measureNoise(picture, record, fingerprints, claimed);
    }
    const std::vector<NoiseFingerprint>& fingerprints;
    size_t claimed;
  };
};

}  // namespace

CAMTRACE_REGISTER_WITNESS(NoiseWitness, "sensor_noise");

float noiseOf(const FrameRecord& record, size_t camera) {
  for (const auto& [c, rho] : record.noise)
    if (c == camera) return rho;
  return std::numeric_limits<float>::quiet_NaN();
}

}  // namespace camtrace
