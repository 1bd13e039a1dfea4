#include "container_reader.h"

#include <filesystem>

namespace camtrace {

ContainerReader::ContainerReader(const std::string& path) : packet_(ffmpeg::makePacket()) {
  info_.path = path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw MediaError(path, "no such file");
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0) {
    throw MediaError(path, "file is empty");
  }
  AVFormatContext* raw = nullptr;
  int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (rc < 0) throw ffmpeg::error(path, "not a readable media file", rc);
  format_.reset(raw);
  rc = avformat_find_stream_info(format_.get(), nullptr);
  if (rc < 0) throw ffmpeg::error(path, "cannot read stream information", rc);
  stream_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (stream_ < 0) throw MediaError(path, "no video stream");
  const AVStream* stream = format_->streams[stream_];
  decoder_.emplace(stream->codecpar, stream->time_base, path, stream_);
  info_.container = format_->iformat->name;
  info_.codec = avcodec_get_name(stream->codecpar->codec_id);
  info_.width = stream->codecpar->width;
  info_.height = stream->codecpar->height;
  AVRational rate = av_guess_frame_rate(format_.get(), const_cast<AVStream*>(stream), nullptr);
  if (rate.num > 0 && rate.den > 0) info_.frameRate = av_q2d(rate);
  if (format_->duration > 0) info_.duration = static_cast<double>(format_->duration) / AV_TIME_BASE;
}

void ContainerReader::pump() {
  while (queue_.empty() && !finished_) {
    int rc = av_read_frame(format_.get(), packet_.get());
    if (rc < 0) {
      if (rc != AVERROR_EOF) {
        warnings_.push_back("read stopped early (" + ffmpeg::errorString(rc) + "); the file may be truncated");
      }
      decoder_->send(nullptr, queue_);
      finished_ = true;
      break;
    }
    if (packet_->stream_index == stream_) decoder_->send(packet_.get(), queue_);
    av_packet_unref(packet_.get());
  }
}

bool ContainerReader::next(DecodedFrame& frame) {
  pump();
  if (queue_.empty()) return false;
  frame = std::move(queue_.front());
  queue_.pop_front();
  frame.index = nextIndex_++;
  frame.provenance.file = info_.path;
  return true;
}

std::vector<std::string> ContainerReader::warnings() const {
  std::vector<std::string> all = warnings_;
  if (decoder_ && decoder_->rejectedPackets() > 0) {
    all.push_back(std::to_string(decoder_->rejectedPackets()) + " packet(s) rejected by the decoder");
  }
  return all;
}

}  // namespace camtrace
