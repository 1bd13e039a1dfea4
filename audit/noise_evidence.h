#pragma once

#include <cstddef>
#include <vector>

#include "analyzers/sensor_noise.h"
#include "audit/capture_analysis.h"

namespace camtrace {

// Cases with more cameras than this build no sensor-noise fingerprints: one per camera is a float per pixel.
constexpr size_t kMaxNoiseCameras = 64;
// Per frame, fingerprints times pixels compared at most (about 20 ms on one core); beyond it a frame is
// compared with its claimed camera's fingerprint only.
constexpr double kNoiseBudget = 2.0e7;

// Correlates the frame's noise residual with the fingerprints of its size and records them on `record`.
void measureNoise(const DecodedFrame& frame, FrameRecord& record,
                  const std::vector<NoiseFingerprint>& fingerprints, size_t claimed);

// The frame's correlation with camera `camera`'s fingerprint, or NaN when it was not measured.
float noiseOf(const FrameRecord& record, size_t camera);

}  // namespace camtrace
