#include "frame_time.h"

#include <cmath>

#include "audit/capture_analysis.h"

namespace camtrace {

std::string_view timeSourceName(TimeSource source) {
  switch (source) {
    case TimeSource::PacketCapture:
      return "pcap";
    case TimeSource::HlsProgramDateTime:
      return "hls_program_date_time";
    case TimeSource::StillMetadata:
      return "still_metadata";
    case TimeSource::ContainerCreationTime:
      return "container_creation_time";
    case TimeSource::ManifestStartTime:
      return "manifest_start_time";
    case TimeSource::BurnedInClock:
      return "burned_in_clock";
    case TimeSource::None:
      break;
  }
  return "";
}

namespace {

double firstPts(const CaptureAnalysis& analysis) {
  double first = std::numeric_limits<double>::quiet_NaN();
  for (const auto& r : analysis.frames)
    if (r.hasPts && !(first <= r.pts)) first = r.pts;
  return first;
}

}  // namespace

void setFrameTimes(CaptureAnalysis& analysis) {
  const double first = firstPts(analysis);
  const bool stills = analysis.info.container == "stills";
  for (auto& r : analysis.frames) {
    FrameTime& t = r.time;
    if (!std::isnan(r.provenance.captureTime)) {
      t = {r.provenance.captureTime, TimeSource::PacketCapture};
    } else if (!std::isnan(r.provenance.programDateTime)) {
      t = {r.provenance.programDateTime, TimeSource::HlsProgramDateTime};
    } else if (stills && r.hasPts) {
      t = {r.pts, TimeSource::StillMetadata};  // a still's pts is the time it records itself
    } else if (!std::isnan(analysis.info.creationTime) && r.hasPts) {
      t = {analysis.info.creationTime + (r.pts - first), TimeSource::ContainerCreationTime};
    }
  }
}

void setStartTime(CaptureAnalysis& analysis, double start) {
  const double first = firstPts(analysis);
  for (auto& r : analysis.frames)
    if (r.time.source == TimeSource::None && r.hasPts)
      r.time = {start + (r.pts - first), TimeSource::ManifestStartTime};
}

}  // namespace camtrace
