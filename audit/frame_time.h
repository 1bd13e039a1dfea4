#pragma once

#include <limits>
#include <string_view>

namespace camtrace {

struct CaptureAnalysis;

// Where a frame's time of day comes from, in the order it is trusted: what the evidence recorded about the
// moment itself before what it recorded about its start.
enum class TimeSource {
  None,
  PacketCapture,          // RTP over UDP: its RTP timestamp mapped through the capture's packet times
  HlsProgramDateTime,     // #EXT-X-PROGRAM-DATE-TIME of its segment, carried on by segment durations
  StillMetadata,          // a still's EXIF DateTimeOriginal/DateTime or JPEG comment, read as UTC
  ContainerCreationTime,  // the container's creation_time plus the frame's pts since the first frame
  ManifestStartTime,      // the case manifest's session start_time plus the pts since the first frame
  BurnedInClock,          // the claimed camera's burned-in clock, in the zone the manifest gives it
};

struct FrameTime {
  double seconds = std::numeric_limits<double>::quiet_NaN();  // since 1970, UTC
  TimeSource source = TimeSource::None;
};

// "pcap", "hls_program_date_time", "still_metadata", "container_creation_time", "manifest_start_time";
// "" for None.
std::string_view timeSourceName(TimeSource source);

// Sets every record's time of day from what its capture holds (see TimeSource).
void setFrameTimes(CaptureAnalysis& analysis);

// Gives the records the capture left without a time `start` (the manifest's start_time) plus their pts
// since its first frame.
void setStartTime(CaptureAnalysis& analysis, double start);

}  // namespace camtrace
