#include "hls_reader.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "evidence_files.h"

namespace camtrace {
namespace {

constexpr uintmax_t kMaxSegmentBytes = uintmax_t{1} << 30;

// `length` bytes at `offset` of `path` (the whole file for -1), after `prefix` (an fMP4 init segment).
std::vector<uint8_t> readFile(const std::string& path, std::vector<uint8_t> prefix = {}, int64_t offset = -1,
                              int64_t length = -1) {
  requireRegularFile(path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw MediaError(path, "cannot read segment");
  const uintmax_t from = offset < 0 ? 0 : static_cast<uintmax_t>(offset);
  const uintmax_t count = length < 0 ? size : static_cast<uintmax_t>(length);
  if (count > kMaxSegmentBytes) throw MediaError(path, "segment larger than 1 GiB; refused");
  if (from > size || count > size - from) {
    throw MediaError(path, "byte range " + std::to_string(count) + "@" + std::to_string(from) +
                               " lies past the end of the " + std::to_string(size) + "-byte file");
  }
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  std::vector<uint8_t> bytes(std::move(prefix));
  const size_t at = bytes.size();
  bytes.resize(at + static_cast<size_t>(count));
  in.read(reinterpret_cast<char*>(bytes.data() + at), static_cast<std::streamsize>(count));
  if (!in) throw MediaError(path, "cannot read segment");
  return bytes;
}

}  // namespace

HlsReader::HlsReader(const std::string& playlist) : playlist_(readHlsPlaylist(playlist)) {
  info_.path = playlist;
  info_.container = "hls";
  for (const auto& s : playlist_.segments) info_.duration += s.duration;
  for (const auto& u : playlist_.unread) unread_.add(u);
}

bool HlsReader::openNextSegment() {
  while (segment_ < playlist_.segments.size()) {
    const HlsSegment& s = playlist_.segments[segment_++];
    if (s.gap) {
      ++gaps_;
      continue;
    }
    try {
      if (s.initPath.empty() && s.offset < 0) {
        current_ = std::make_unique<ContainerReader>(s.path);
      } else {
        std::vector<uint8_t> init = s.initPath.empty() ? std::vector<uint8_t>{} : readFile(s.initPath);
        current_ =
            std::make_unique<ContainerReader>(s.path, readFile(s.path, std::move(init), s.offset, s.length));
      }
      current_->keepColor(color_);
      current_->borrowLuma(borrow_);
      if (info_.codec.empty()) {
        info_.codec = current_->info().codec;
        info_.width = current_->info().width;
        info_.height = current_->info().height;
        info_.frameRate = current_->info().frameRate;
      }
      segmentStarted_ = false;
      return true;
    } catch (const MediaError& e) {
      unread_.add("segment " + s.uri + " (media sequence " + std::to_string(s.mediaSequence) +
                  "): " + e.detail());
    }
  }
  return false;
}

void HlsReader::closeSegment() {
  const std::string segment = "segment " + playlist_.segments[segment_ - 1].uri + ": ";
  for (const auto& w : current_->warnings()) warnings_.add(segment + w);
  for (const auto& u : current_->unreadParts()) unread_.add(segment + u);
  current_.reset();
}

bool HlsReader::next(DecodedFrame& frame) {
  for (;;) {
    if (!current_ && !openNextSegment()) return false;
    if (current_->next(frame)) {
      const HlsSegment& s = playlist_.segments[segment_ - 1];
      frame.index = nextIndex_++;
      segmentUri_.share(s.uri);
      frame.provenance.segment = segmentUri_;
      frame.provenance.mediaSequence = s.mediaSequence;
      // A range read from memory: positions are in the file, not in the range (nor after the init segment).
      if (s.offset >= 0 && s.initPath.empty() && frame.provenance.packetPosition >= 0)
        frame.provenance.packetPosition += s.offset;
      frame.provenance.discontinuity = s.discontinuity && !segmentStarted_;
      if (!segmentStarted_) segmentFirstPts_ = frame.pts;
      segmentStarted_ = true;
      if (!std::isnan(s.programDateTime)) {
        const double into =
            std::isnan(frame.pts) || std::isnan(segmentFirstPts_) ? 0 : frame.pts - segmentFirstPts_;
        frame.provenance.programDateTime = s.programDateTime + into;
      }
      return true;
    }
    closeSegment();
  }
}

std::vector<std::string> HlsReader::warnings() const {
  std::vector<std::string> all = warnings_.list();
  if (gaps_ > 0)
    all.push_back(std::to_string(gaps_) + " segment(s) marked #EXT-X-GAP: absent by the playlist's own word");
  return all;
}

std::vector<std::string> HlsReader::unreadParts() const {
  return unread_.list();
}

}  // namespace camtrace
