#pragma once

#include <memory>

#include "capture_reader.h"
#include "container_reader.h"
#include "hls_playlist.h"

namespace camtrace {

// An HLS capture: a local playlist and its segments (MPEG-TS, or fMP4 behind an EXT-X-MAP init segment,
// whole files or EXT-X-BYTERANGE ranges of one), decoded segment by segment. Frame indexes run on across
// segments; every frame carries its segment's URI and media sequence number, the first frame after an
// EXT-X-DISCONTINUITY says so, and EXT-X-PROGRAM-DATE-TIME gives frames their time of day. A segment that
// cannot be read is reported and skipped, the rest is read; one the playlist marks EXT-X-GAP is counted.
class HlsReader : public CaptureReader {
 public:
  explicit HlsReader(const std::string& playlist);
  bool next(DecodedFrame& frame) override;
  const CaptureInfo& info() const override { return info_; }
  std::vector<std::string> warnings() const override;
  std::vector<std::string> unreadParts() const override;

 private:
  bool openNextSegment();
  void closeSegment();

  CaptureInfo info_;
  HlsPlaylist playlist_;
  size_t segment_ = 0;
  SharedText segmentUri_;  // the current segment's, once for its frames
  std::unique_ptr<ContainerReader> current_;
  int64_t nextIndex_ = 0;
  double segmentFirstPts_ = 0;
  bool segmentStarted_ = false;
  size_t gaps_ = 0;
  CappedNotes warnings_;
  CappedNotes unread_;
};

}  // namespace camtrace
