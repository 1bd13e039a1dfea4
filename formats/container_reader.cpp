#include "container_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "evidence_files.h"
#include "log_time.h"

namespace camtrace {

ContainerReader::ContainerReader(const std::string& path, int decodeThreads) : packet_(ffmpeg::makePacket()) {
  std::error_code ec;
  requireRegularFile(path);
  if (std::filesystem::file_size(path, ec) == 0) {
    throw MediaError(path, "file is empty");
  }
  open(path, path.c_str(), decodeThreads);
}

ContainerReader::ContainerReader(const std::string& name, std::vector<uint8_t> bytes)
    : memory_(std::move(bytes)), packet_(ffmpeg::makePacket()) {
  if (memory_.empty()) throw MediaError(name, "file is empty");
  constexpr int kBuffer = 1 << 16;
  ffmpeg::UniqueAVMemory<unsigned char> buffer(static_cast<unsigned char*>(av_malloc(kBuffer)));
  if (!buffer) throw std::bad_alloc();
  auto read = [](void* opaque, uint8_t* out, int size) -> int {
    auto* self = static_cast<ContainerReader*>(opaque);
    const int64_t left = static_cast<int64_t>(self->memory_.size()) - self->memoryPosition_;
    if (left <= 0) return AVERROR_EOF;
    const int n = static_cast<int>(std::min<int64_t>(left, size));
    std::memcpy(out, self->memory_.data() + self->memoryPosition_, static_cast<size_t>(n));
    self->memoryPosition_ += n;
    return n;
  };
  auto seek = [](void* opaque, int64_t offset, int whence) -> int64_t {
    auto* self = static_cast<ContainerReader*>(opaque);
    const int64_t size = static_cast<int64_t>(self->memory_.size());
    if (whence & AVSEEK_SIZE) return size;
    whence &= ~AVSEEK_FORCE;
    const int64_t target = whence == SEEK_SET   ? offset
                           : whence == SEEK_CUR ? self->memoryPosition_ + offset
                           : whence == SEEK_END ? size + offset
                                                : -1;
    if (target < 0 || target > size) return AVERROR(EINVAL);
    self->memoryPosition_ = target;
    return target;
  };
  avio_.reset(avio_alloc_context(buffer.get(), kBuffer, 0, this, read, nullptr, seek));
  if (!avio_) throw std::bad_alloc();
  static_cast<void>(buffer.release());  // the context owns it now
  format_.reset(avformat_alloc_context());
  if (!format_) throw std::bad_alloc();
  format_->pb = avio_.get();
  format_->flags |= AVFMT_FLAG_CUSTOM_IO;
  open(name, nullptr, 1);
}

void ContainerReader::open(const std::string& path, const char* url, int decodeThreads) {
  info_.path = path;
  AVFormatContext* raw = format_.release();
  ffmpeg::Dictionary options;
  // Evidence is local: a file that names other resources (a playlist, a concat list) must never make
  // FFmpeg open a network connection or anything but plain files.
  options.set("protocol_whitelist", "file");
  int rc = avformat_open_input(&raw, url, nullptr, options.address());
  if (rc < 0) throw ffmpeg::error(path, "not a readable media file", rc);
  format_.reset(raw);
  rc = avformat_find_stream_info(format_.get(), nullptr);
  if (rc < 0) throw ffmpeg::error(path, "cannot read stream information", rc);
  const std::string demuxer = format_->iformat->name;
  if (demuxer == "hls" || demuxer == "concat") {
    throw MediaError(path,
                     "is a " + demuxer + " list; give it as a playlist capture (.m3u8), not a media file");
  }
  stream_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (stream_ < 0) throw MediaError(path, "no video stream");
  const AVStream* stream = format_->streams[stream_];
  decoder_.emplace(stream->codecpar, stream->time_base, path, stream_, decodeThreads);
  info_.container = format_->iformat->name;
  info_.codec = avcodec_get_name(stream->codecpar->codec_id);
  info_.width = stream->codecpar->width;
  info_.height = stream->codecpar->height;
  AVRational rate = av_guess_frame_rate(format_.get(), const_cast<AVStream*>(stream), nullptr);
  if (rate.num > 0 && rate.den > 0) info_.frameRate = av_q2d(rate);
  if (format_->duration > 0) info_.duration = static_cast<double>(format_->duration) / AV_TIME_BASE;
  if (const AVDictionaryEntry* created = av_dict_get(format_->metadata, "creation_time", nullptr, 0)) {
    // An unset MP4 creation time reads as 1904 or 1970: no time at all.
    const auto t = parseLogTime(created->value);
    if (t && *t > 86400) info_.creationTime = *t;
  }
}

void ContainerReader::pump() {
  while (queue_.empty() && !finished_) {
    int rc = av_read_frame(format_.get(), packet_.get());
    if (rc < 0) {
      if (rc != AVERROR_EOF) {
        unread_.push_back("read stopped early (" + ffmpeg::errorString(rc) + "); the file may be truncated");
      } else {
        checkComplete();
      }
      decoder_->send(nullptr, queue_);
      finished_ = true;
      break;
    }
    if (packet_->stream_index == stream_) {
      ++packets_;
      noteTiming(*packet_);
      // The demuxer marks packets it knows are damaged (MPEG-TS: continuity-counter errors, PES size
      // mismatches): their pictures are damaged whatever the decoder manages to conceal.
      if (packet_->flags & AV_PKT_FLAG_CORRUPT) {
        ++corruptPackets_;
        decoder_->sendDamaged(packet_.get(), queue_);
      } else {
        decoder_->send(packet_.get(), queue_);
      }
    }
    av_packet_unref(packet_.get());
  }
}

void ContainerReader::checkComplete() {
  const AVStream* stream = format_->streams[stream_];
  // MP4's sample table counts the packets it stores; AVI's header length is not a packet count (a real
  // camera AVI declares 682 for 341 packets), so only MP4/MOV is held to its count.
  const bool sampleTable = std::strncmp(format_->iformat->name, "mov,", 4) == 0;
  if (sampleTable && stream->nb_frames > packets_) {
    unread_.push_back("holds " + std::to_string(packets_) + " of the " + std::to_string(stream->nb_frames) +
                      " video packets its container declares: the file is truncated");
    return;
  }
  // A declared length: the stream's own, or the file's when the video is all it holds. A length FFmpeg
  // guessed from the bitrate (raw H.264) declares nothing.
  double declared = 0;
  if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
    declared = static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  } else if (format_->nb_streams == 1 && format_->duration > 0) {
    declared = static_cast<double>(format_->duration) / AV_TIME_BASE;
  }
  // A fragment read from memory (an HLS fMP4 segment) carries the whole presentation's length.
  if (format_->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE || !memory_.empty()) declared = 0;
  const double read = haveReadEnd_ ? readEnd_ - firstTimestamp_ : 0;
  if (declared > 0 && read < declared - std::max(1.0, 0.02 * declared)) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "ends after %.3f s of the %.3f s its container declares: the file is truncated", read,
                  declared);
    unread_.push_back(text);
    return;
  }
  // MPEG-TS is a sequence of whole 188-byte packets (192 in M2TS, 204 with Reed-Solomon bytes).
  if (info_.container == "mpegts" && memory_.empty() && format_->pb) {
    const int64_t size = avio_size(format_->pb);
    if (size > 0 && size % 188 != 0 && size % 192 != 0 && size % 204 != 0) {
      unread_.push_back("ends inside a transport-stream packet (" + std::to_string(size % 188) +
                        " bytes past the last whole one): the file is truncated");
    }
  }
}

void ContainerReader::noteTiming(const AVPacket& packet) {
  const int64_t at = packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;  // AVI stores decode times only
  if (at != AV_NOPTS_VALUE) {
    const double base = av_q2d(format_->streams[stream_]->time_base);
    const double start = static_cast<double>(at) * base,
                 end = static_cast<double>(at + packet.duration) * base;
    if (!haveReadEnd_ || start < firstTimestamp_) firstTimestamp_ = start;
    if (!haveReadEnd_ || end > readEnd_) readEnd_ = end;
    haveReadEnd_ = true;
  }
  // Only decode timestamps are monotonic; presentation timestamps go back and forth with B-pictures.
  const int64_t ts = packet.dts;
  if (ts == AV_NOPTS_VALUE) return;
  const double seconds = static_cast<double>(ts) * av_q2d(format_->streams[stream_]->time_base);
  // Decode timestamps only move forward, by a frame time; a step back or a gap of more than 10 s is a
  // splice, a restart or lost data, and is reported (MPEG-TS: PTS/PCR discontinuities).
  if (haveLastTimestamp_ && (seconds < lastTimestamp_ || seconds - lastTimestamp_ > 10.0)) ++timestampJumps_;
  lastTimestamp_ = seconds;
  haveLastTimestamp_ = true;
}

bool ContainerReader::next(DecodedFrame& frame) {
  pump();
  if (queue_.empty()) return false;
  frame = std::move(queue_.front());
  queue_.pop_front();
  frame.index = nextIndex_++;
  sharedPath_.share(info_.path);
  frame.provenance.file = sharedPath_;
  return true;
}

bool ContainerReader::threadedDecodeDamaged() const {
  // Whatever the file reports, not only what the decoder flagged: a truncated tail or a packet the demuxer
  // marked is where threaded and single-threaded decoders may part.
  return decoder_ && decoder_->threads() > 1 &&
         (decoder_->damageSeen() || corruptPackets_ > 0 || timestampJumps_ > 0 || !unread_.empty());
}

std::vector<std::string> ContainerReader::warnings() const {
  std::vector<std::string> all;
  if (corruptPackets_ > 0) {
    all.push_back(std::to_string(corruptPackets_) +
                  " packet(s) marked corrupt by the demuxer (e.g. MPEG-TS continuity errors)");
  }
  if (timestampJumps_ > 0)
    all.push_back(std::to_string(timestampJumps_) + " timestamp jump(s) (backwards or over 10 s)");
  if (decoder_ && decoder_->rejectedPackets() > 0) {
    all.push_back(std::to_string(decoder_->rejectedPackets()) + " packet(s) rejected by the decoder");
  }
  return all;
}

}  // namespace camtrace
