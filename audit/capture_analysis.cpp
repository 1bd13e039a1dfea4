#include "capture_analysis.h"

#include <cmath>

namespace camtrace {

CaptureAnalysis analyzeCapture(const std::string& path,
                               const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                               const FrameProgress& progress, const CaptureOptions& options,
                               const FrameHook& hook) {
  CaptureAnalysis analysis;
  auto reader = openCapture(path, options);
  DecodedFrame frame;
  while (reader->next(frame)) {
    FrameRecord record;
    record.index = frame.index;
    record.hasPts = !std::isnan(frame.pts);
    record.pts = record.hasPts ? frame.pts : 0;
    record.keyframe = frame.keyframe;
    record.decodeDamaged = frame.decodeDamaged();
    record.referenceDamaged = frame.referenceDamaged;
    record.unreadable = frame.unreadable || frame.luma.empty();
    record.provenance = std::move(frame.provenance);
    record.streamSignature = std::move(frame.streamSignature);
    if (!record.unreadable) {
      GrayView view{frame.luma.data(), frame.width, frame.height, frame.width};
      record.signals = analyzeFrame(analyzers, view);
      if (hook) hook(frame, record);
    }
    analysis.frames.push_back(std::move(record));
    if (progress && analysis.frames.size() % 64 == 0) progress(static_cast<int64_t>(analysis.frames.size()));
  }
  analysis.info = reader->info();
  analysis.warnings = reader->warnings();
  analysis.unread = reader->unreadParts();
  setFrameTimes(analysis);
  return analysis;
}

}  // namespace camtrace
