#pragma once
// Frame records from rendered scenes: real signals without a codec in between.

#include <initializer_list>
#include <vector>

#include "analyzers/analyzer.h"
#include "audit/camera_profile.h"
#include "audit/capture_analysis.h"
#include "audit/view_chains.h"
#include "tests/support/test_media.h"

namespace camtrace::test {

// As a session's capture is read: each cut's closer-view witness on the frame after it (witnessCut).
inline std::vector<FrameRecord> recordsOf(const std::vector<YuvImage>& pictures) {
  static const auto analyzers = AnalyzerRegistry::instance().createAll();
  std::vector<FrameRecord> out;
  Thumbnail previous{}, thumbnail{};
  for (size_t i = 0; i < pictures.size(); ++i) {
    FrameRecord r;
    r.index = static_cast<int64_t>(i);
    r.hasPts = true;
    r.pts = static_cast<double>(i) / 15.0;
    r.signals = analyzeFrame(
        analyzers, GrayView{pictures[i].y.data(), pictures[i].width, pictures[i].height, pictures[i].width},
        &thumbnail);
    if (i > 0) witnessCut(out.back(), r, previous, thumbnail);
    previous = thumbnail;
    out.push_back(r);
  }
  return out;
}

// Cameras "cam-SEED", each profiled from `frames` rendered frames of its own room (test::renderScene).
inline std::vector<CameraProfile> profilesOfRooms(std::initializer_list<uint64_t> seeds, int frames,
                                                  int width = 160, int height = 96) {
  std::vector<CameraProfile> profiles;
  for (uint64_t seed : seeds) {
    CameraProfile p("cam-" + std::to_string(seed));
    for (const auto& r : recordsOf(renderScene(seed, frames, width, height))) p.add(r);
    profiles.push_back(p);
  }
  return profiles;
}

}  // namespace camtrace::test
