#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace camtrace {

struct HlsSegment {
  std::string uri;        // as the playlist wrote it
  std::string path;       // the local file it names
  std::string initPath;   // EXT-X-MAP init segment (fMP4), empty for MPEG-TS segments
  int64_t mediaSequence = 0;
  bool discontinuity = false;  // EXT-X-DISCONTINUITY before this segment
  double duration = 0;         // EXTINF, seconds
};

struct HlsPlaylist {
  std::string mediaPlaylist;  // the media playlist the segments come from (a master's chosen variant)
  std::vector<HlsSegment> segments;
  std::vector<std::string> warnings;
};

// Reads a local HLS playlist (RFC 8216). A master playlist is followed to its highest-bandwidth variant.
// Nothing is ever fetched: a URI with a scheme, an absolute path, or one that leaves the playlist's folder
// is refused, as is a playlist that includes itself. Throws MediaError naming the playlist.
HlsPlaylist readHlsPlaylist(const std::string& path);

// Whether a file is an HLS playlist: its extension, or its first line "#EXTM3U".
bool looksLikeHlsPlaylist(const std::string& path);

}  // namespace camtrace
