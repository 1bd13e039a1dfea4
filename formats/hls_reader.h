#pragma once

#include <memory>

#include "capture_reader.h"
#include "container_reader.h"
#include "hls_playlist.h"

namespace camtrace {

// An HLS capture: a local playlist and its segments (MPEG-TS, or fMP4 behind an EXT-X-MAP init segment),
// decoded segment by segment. Frame indexes run on across segments; every frame carries its segment's URI
// and media sequence number. A segment that cannot be read is reported and skipped; the rest is read.
class HlsReader : public CaptureReader {
 public:
  explicit HlsReader(const std::string& playlist);
  bool next(DecodedFrame& frame) override;
  const CaptureInfo& info() const override { return info_; }
  std::vector<std::string> warnings() const override { return warnings_; }
  std::vector<std::string> unreadParts() const override { return unread_; }

 private:
  bool openNextSegment();

  CaptureInfo info_;
  HlsPlaylist playlist_;
  size_t segment_ = 0;
  std::unique_ptr<ContainerReader> current_;
  int64_t nextIndex_ = 0;
  std::vector<std::string> warnings_;
  std::vector<std::string> unread_;
};

}  // namespace camtrace
