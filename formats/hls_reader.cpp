#include "hls_reader.h"

#include <filesystem>
#include <fstream>

#include "evidence_files.h"

namespace camtrace {
namespace {

constexpr uintmax_t kMaxSegmentBytes = uintmax_t{1} << 30;

std::vector<uint8_t> readFile(const std::string& path, std::vector<uint8_t> prefix = {}) {
  requireRegularFile(path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw MediaError(path, "cannot read segment");
  if (size > kMaxSegmentBytes) throw MediaError(path, "segment larger than 1 GiB; refused");
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes(std::move(prefix));
  const size_t offset = bytes.size();
  bytes.resize(offset + static_cast<size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data() + offset), static_cast<std::streamsize>(size));
  if (!in) throw MediaError(path, "cannot read segment");
  return bytes;
}

}  // namespace

HlsReader::HlsReader(const std::string& playlist) : playlist_(readHlsPlaylist(playlist)) {
  info_.path = playlist;
  info_.container = "hls";
  for (const auto& s : playlist_.segments) info_.duration += s.duration;
  warnings_ = playlist_.warnings;
}

bool HlsReader::openNextSegment() {
  while (segment_ < playlist_.segments.size()) {
    const HlsSegment& s = playlist_.segments[segment_++];
    try {
      if (s.initPath.empty()) {
        current_ = std::make_unique<ContainerReader>(s.path);
      } else {
        current_ = std::make_unique<ContainerReader>(s.path, readFile(s.path, readFile(s.initPath)));
      }
      if (info_.codec.empty()) {
        info_.codec = current_->info().codec;
        info_.width = current_->info().width;
        info_.height = current_->info().height;
        info_.frameRate = current_->info().frameRate;
      }
      return true;
    } catch (const MediaError& e) {
      unread_.push_back("segment " + s.uri + " (media sequence " + std::to_string(s.mediaSequence) + "): " + e.detail());
    }
  }
  return false;
}

bool HlsReader::next(DecodedFrame& frame) {
  for (;;) {
    if (!current_ && !openNextSegment()) return false;
    if (current_->next(frame)) {
      const HlsSegment& s = playlist_.segments[segment_ - 1];
      frame.index = nextIndex_++;
      frame.provenance.segment = s.uri;
      frame.provenance.mediaSequence = s.mediaSequence;
      return true;
    }
    const std::string segment = "segment " + playlist_.segments[segment_ - 1].uri + ": ";
    for (const auto& w : current_->warnings()) warnings_.push_back(segment + w);
    for (const auto& u : current_->unreadParts()) unread_.push_back(segment + u);
    current_.reset();
  }
}

}  // namespace camtrace
