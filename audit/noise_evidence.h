#pragma once

// The sensor-noise witness (registered as "sensor_noise", see audit/camera_witness.h): learns each camera's
// fingerprint from its references (analyzers/sensor_noise.h) and correlates every frame judged with the
// fingerprints of its size, into FrameRecord::noise.

#include <cstddef>

#include "audit/capture_analysis.h"

namespace camtrace {

// Cases with more cameras than this build no sensor-noise fingerprints: one per camera is a float per pixel.
constexpr size_t kMaxNoiseCameras = 64;
// Per frame, fingerprints times pixels compared at most (about 20 ms on one core); beyond it a frame is
// compared with its claimed camera's fingerprint only.
constexpr double kNoiseBudget = 2.0e7;

// The frame's correlation with camera `camera`'s fingerprint, or NaN when it was not measured.
float noiseOf(const FrameRecord& record, size_t camera);

}  // namespace camtrace
