#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace camtrace {

struct HlsSegment {
  std::string uri;       // as the playlist wrote it
  std::string path;      // the local file it names
  std::string initPath;  // EXT-X-MAP init segment (fMP4), empty for MPEG-TS segments
  int64_t mediaSequence = 0;
  bool discontinuity = false;  // EXT-X-DISCONTINUITY before this segment
  bool gap = false;            // EXT-X-GAP: the playlist itself says the segment is absent
  double duration = 0;         // EXTINF, seconds
  // EXT-X-BYTERANGE: the segment is `length` bytes at `offset` of its file; -1: the whole file.
  int64_t offset = -1, length = -1;
  // EXT-X-PROGRAM-DATE-TIME of the segment's first sample, seconds since 1970 (UTC); carried on by the
  // durations of the segments after it until the next one or a discontinuity; NaN when none applies.
  double programDateTime = std::numeric_limits<double>::quiet_NaN();
};

struct HlsPlaylist {
  std::string mediaPlaylist;  // the media playlist the segments come from (a master's chosen variant)
  std::vector<HlsSegment> segments;
  std::vector<std::string> unread;  // what the reader will not read (segments past the limit)
};

// Segments read from one playlist at most: a day of 1-second segments. A hostile playlist of a million
// lines costs no more.
constexpr size_t kMaxHlsSegments = 86400;

// Reads a local HLS playlist (RFC 8216). A master playlist is followed to its highest-bandwidth variant.
// Nothing is ever fetched: a URI with a scheme, an absolute path, or one that leaves the playlist's folder
// is refused, as is a playlist that includes itself. Throws MediaError naming the playlist.
HlsPlaylist readHlsPlaylist(const std::string& path);

// Whether a file is an HLS playlist: its extension, or its first line "#EXTM3U".
bool looksLikeHlsPlaylist(const std::string& path);

}  // namespace camtrace
