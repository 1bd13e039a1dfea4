#include "hls_playlist.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "evidence_files.h"

#include "log_time.h"
#include "media_error.h"

namespace fs = std::filesystem;

namespace camtrace {
namespace {

constexpr size_t kMaxPlaylistBytes = 16 << 20;
constexpr int kMaxDepth = 4;  // master -> variant is depth 1; anything deeper is a loop or an attack

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// The value of ATTRIBUTE=... in an attribute list (quoted or not).
std::string attribute(const std::string& line, const std::string& name) {
  size_t pos = 0;
  while ((pos = line.find(name + "=", pos)) != std::string::npos) {
    if (pos == 0 || line[pos - 1] == ':' || line[pos - 1] == ',') {
      size_t start = pos + name.size() + 1;
      if (start < line.size() && line[start] == '"') {
        const size_t end = line.find('"', start + 1);
        return line.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
      }
      return line.substr(start, line.find(',', start) - start);
    }
    pos += name.size();
  }
  return "";
}

// Resolves a URI against the playlist's folder, refusing anything that is not a local file inside it.
std::string localPath(const std::string& playlist, const std::string& uri) {
  if (uri.find("://") != std::string::npos || uri.rfind("data:", 0) == 0) {
    throw MediaError(playlist, "refers to a remote resource (" + uri + "); camtrace never fetches evidence");
  }
  const fs::path relative(uri);
  if (relative.is_absolute()) throw MediaError(playlist, "refers to an absolute path (" + uri + "); refused");
  const fs::path folder = fs::path(playlist).parent_path();
  const fs::path resolved = (folder / relative).lexically_normal();
  const fs::path inside =
      resolved.lexically_relative(folder.empty() ? fs::path(".") : folder.lexically_normal());
  if (inside.empty() || *inside.begin() == "..") {
    throw MediaError(playlist, "refers to " + uri + ", outside the playlist's folder; refused");
  }
  return resolved.string();
}

std::vector<std::string> readLines(const std::string& path) {
  std::error_code ec;
  requireRegularFile(path);
  if (fs::file_size(path, ec) > kMaxPlaylistBytes)
    throw MediaError(path, "playlist larger than 16 MiB; refused");
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(trim(line));
  if (lines.empty() || lines.front().rfind("#EXTM3U", 0) != 0)
    throw MediaError(path, "not an HLS playlist (no #EXTM3U)");
  return lines;
}

// A master playlist's variant with the highest bandwidth; empty for a media playlist.
std::string bestVariant(const std::vector<std::string>& lines) {
  std::string best;
  long long bestBandwidth = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("#EXT-X-STREAM-INF:", 0) != 0) continue;
    size_t next = i + 1;
    while (next < lines.size() && (lines[next].empty() || lines[next][0] == '#')) ++next;
    if (next >= lines.size()) break;
    long long bandwidth = 0;
    try {
      bandwidth = std::stoll(attribute(lines[i], "BANDWIDTH"));
    } catch (const std::exception&) {
    }
    if (bandwidth > bestBandwidth) {
      bestBandwidth = bandwidth;
      best = lines[next];
    }
  }
  return best;
}

// A media playlist read line by line: tags set what applies to the next segment, a URI line makes one.
class MediaPlaylistReader {
 public:
  MediaPlaylistReader(const std::string& path, const std::string& key, HlsPlaylist& out)
      : path_(path), key_(key), out_(out) {}

  void line(const std::string& line) {
    if (line.empty()) return;
    if (line[0] != '#') return segment(line);
    if (line.rfind("#EXT-X-MEDIA-SEQUENCE:", 0) == 0) {
      try {
        sequence_ = std::stoll(line.substr(22));
      } catch (const std::exception&) {
        throw MediaError(path_, "bad #EXT-X-MEDIA-SEQUENCE");
      }
    } else if (line.rfind("#EXTINF:", 0) == 0) {
      duration_ = std::atof(line.c_str() + 8);
    } else if (line == "#EXT-X-DISCONTINUITY") {
      discontinuity_ = true;
      programDateTime_ = std::numeric_limits<double>::quiet_NaN();  // time does not carry across a splice
    } else if (line == "#EXT-X-GAP") {
      gap_ = true;
    } else if (line.rfind("#EXT-X-PROGRAM-DATE-TIME:", 0) == 0) {
      const auto t = parseLogTime(std::string_view(line).substr(25));
      if (!t) throw MediaError(path_, "bad #EXT-X-PROGRAM-DATE-TIME \"" + line.substr(25) + "\"");
      programDateTime_ = *t;
    } else if (line.rfind("#EXT-X-BYTERANGE:", 0) == 0) {
      byteRange(line.substr(17));
    } else if (line.rfind("#EXT-X-MAP:", 0) == 0) {
      init_ = localPath(path_, attribute(line, "URI"));
    } else if (line.rfind("#EXT-X-KEY:", 0) == 0 && attribute(line, "METHOD") != "NONE") {
      throw MediaError(path_, "encrypted segments (#EXT-X-KEY) are not supported");
    }
  }

  void finish() {
    if (beyond_ > 0) {
      out_.unread.push_back("lists " + std::to_string(beyond_ + kMaxHlsSegments) + " segments; the " +
                            std::to_string(beyond_) + " after the first " + std::to_string(kMaxHlsSegments) +
                            " are not read");
    }
    if (out_.segments.empty()) throw MediaError(path_, "playlist lists no segments");
  }

 private:
  // n[@o] (RFC 8216 4.3.2.2); without @o the range follows the previous one of the same file.
  void byteRange(const std::string& value) {
    const size_t at = value.find('@');
    try {
      size_t used = 0;
      rangeLength_ = std::stoll(value.substr(0, at), &used);
      if (used != value.substr(0, at).size() || rangeLength_ <= 0) throw std::invalid_argument(value);
      rangeOffset_ = at == std::string::npos ? -1 : std::stoll(value.substr(at + 1), &used);
      if (at != std::string::npos && (used != value.size() - at - 1 || rangeOffset_ < 0))
        throw std::invalid_argument(value);
    } catch (const std::exception&) {
      throw MediaError(path_, "bad #EXT-X-BYTERANGE \"" + value + "\"");
    }
  }

  void segment(const std::string& uri) {
    std::error_code ec;
    const std::string resolved = localPath(path_, uri);
    if (fs::weakly_canonical(resolved, ec).string() == key_ || resolved.ends_with(".m3u8") ||
        resolved.ends_with(".m3u")) {
      throw MediaError(path_, "lists a playlist (" + uri + ") as a media segment; refused");
    }
    if (out_.segments.size() >= kMaxHlsSegments) {
      ++beyond_;
      return;
    }
    HlsSegment segment{uri, resolved, init_, sequence_++, discontinuity_, gap_, duration_};
    if (rangeLength_ > 0) {
      if (rangeOffset_ < 0 && lastRangeFile_ != resolved)
        throw MediaError(path_, "#EXT-X-BYTERANGE without an offset for " + uri);
      segment.offset = rangeOffset_ >= 0 ? rangeOffset_ : lastRangeEnd_;
      segment.length = rangeLength_;
      lastRangeFile_ = resolved;
      lastRangeEnd_ = segment.offset + segment.length;
    }
    segment.programDateTime = programDateTime_;
    programDateTime_ += duration_;  // NaN stays NaN
    out_.segments.push_back(std::move(segment));
    discontinuity_ = gap_ = false;
    rangeLength_ = rangeOffset_ = -1;
  }

  const std::string& path_;
  const std::string& key_;
  HlsPlaylist& out_;
  int64_t sequence_ = 0;
  double duration_ = 0;
  bool discontinuity_ = false, gap_ = false;
  std::string init_;
  int64_t rangeLength_ = -1, rangeOffset_ = -1;
  std::string lastRangeFile_;
  int64_t lastRangeEnd_ = 0;
  double programDateTime_ = std::numeric_limits<double>::quiet_NaN();
  size_t beyond_ = 0;
};

void readInto(const std::string& path, HlsPlaylist& out, std::set<std::string>& visiting, int depth) {
  std::error_code ec;
  const std::string key =
      fs::weakly_canonical(path, ec).string();  // found by fuzz_capture: the throwing overload aborted
  if (ec) throw MediaError(path, "cannot resolve playlist path: " + ec.message());
  if (depth > kMaxDepth || !visiting.insert(key).second) {
    throw MediaError(path, "playlist includes itself (directly or through its variants); refused");
  }
  const auto lines = readLines(path);
  if (const std::string variant = bestVariant(lines); !variant.empty()) {
    // Not a warning: following the variant is the documented behaviour, and `errors` (exit code 3) is for
    // inputs that could not be read.
    readInto(localPath(path, variant), out, visiting, depth + 1);
    return;
  }
  out.mediaPlaylist = path;
  MediaPlaylistReader reader(path, key, out);
  for (const auto& line : lines) reader.line(line);
  reader.finish();
}

}  // namespace

HlsPlaylist readHlsPlaylist(const std::string& path) {
  HlsPlaylist playlist;
  std::set<std::string> visiting;
  readInto(path, playlist, visiting, 0);
  return playlist;
}

bool looksLikeHlsPlaylist(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".m3u8" || ext == ".m3u") return true;
  std::ifstream in(path, std::ios::binary);
  char head[7] = {0};
  in.read(head, 7);
  return in.gcount() == 7 && std::string(head, 7) == "#EXTM3U";
}

}  // namespace camtrace
