#pragma once

// Sensor-noise (PRNU) evidence: every sensor multiplies light by its own fixed pattern of pixel gains, which
// survives in the noise residual of its pictures (Lukas, Fridrich, Goljan, "Digital camera identification
// from sensor pattern noise", 2006). Pure functions of pixels, like every analyzer; it is not a registered
// per-frame analyzer because a frame is compared with a camera's fingerprint, not described on its own.
// Lifecycle: NoiseFingerprintBuilder::add() for each reference frame -> finish() -> noiseCorrelation() of
// each audited frame against the fingerprints of its size.

#include <cstdint>
#include <vector>

#include "analyzers/gray_view.h"

namespace camtrace {

struct NoiseFingerprint {
  int width = 0;
  int height = 0;
  int frames = 0;           // reference frames pooled
  std::vector<float> gain;  // K, width * height, rows and columns zero-meaned
  bool empty() const { return gain.empty(); }
};

// Maximum-likelihood estimate K = sum(W * I) / sum(I * I) over frames of one size (W: noise residual, I:
// luma), with saturated and near-black pixels left out.
class NoiseFingerprintBuilder {
 public:
  // The sums are whole numbers (the residual is whole levels), kept in 32 bits a pixel: exact up to this
  // many frames (65,536 x 250^2 < 2^32); later frames are not pooled (the estimate settled long before).
  static constexpr int kMaxFrames = 65536;
  void add(const GrayView& luma);
  void merge(const NoiseFingerprintBuilder& other);  // same size, or either empty
  // The same, taking the other's sums where this is empty: a reference's pools (8 bytes a pixel) handed
  // over to its camera's, not copied.
  void merge(NoiseFingerprintBuilder&& other);
  int frames() const { return frames_; }
  // Empty unless at least `minFrames` frames were pooled.
  NoiseFingerprint finish(int minFrames = 8) const;

 private:
  int width_ = 0, height_ = 0, frames_ = 0;
  std::vector<int32_t> numerator_;
  std::vector<uint32_t> denominator_;
};

// Normalised correlation between a frame's noise residual and the fingerprint modulated by the frame,
// rho(W, I * K); about 0 for another sensor. NaN when sizes differ or the frame has no usable pixels.
float noiseCorrelation(const GrayView& luma, const NoiseFingerprint& fingerprint);
// A frame prepared once for comparing with several fingerprints: its residual and its luma, both zero where
// the luma is too dark or too bright to carry the pattern.
struct NoiseSample {
  int width = 0, height = 0;
  std::vector<float> residual, luma;
  int64_t usable = 0;
  double sumW = 0, sumWW = 0;
};
NoiseSample noiseSample(const GrayView& luma);
float noiseCorrelation(const NoiseSample& sample, const NoiseFingerprint& fingerprint);

// The residual W = I - denoise(I) (3x3 Gaussian), as float, for tests and for the builder.
std::vector<float> noiseResidual(const GrayView& luma);

}  // namespace camtrace
