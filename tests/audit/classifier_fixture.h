#pragma once
// Frame records from rendered scenes: real signals without a codec in between.

#include <vector>

#include "analyzers/analyzer.h"
#include "audit/capture_analysis.h"
#include "tests/support/test_media.h"

namespace camtrace::test {

inline std::vector<FrameRecord> recordsOf(const std::vector<YuvImage>& pictures) {
  static const auto analyzers = AnalyzerRegistry::instance().createAll();
  std::vector<FrameRecord> out;
  for (size_t i = 0; i < pictures.size(); ++i) {
    FrameRecord r;
    r.index = static_cast<int64_t>(i);
    r.hasPts = true;
    r.pts = static_cast<double>(i) / 15.0;
    r.signals = analyzeFrame(
        analyzers, GrayView{pictures[i].y.data(), pictures[i].width, pictures[i].height, pictures[i].width});
    out.push_back(r);
  }
  return out;
}

}  // namespace camtrace::test
