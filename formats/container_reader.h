#pragma once

#include <deque>
#include <optional>

#include "capture_reader.h"
#include "ffmpeg_handles.h"
#include "frame_decoder.h"

namespace camtrace {

// Any file FFmpeg can demux: MP4, MKV, AVI, MPEG-TS, FLV, raw Annex-B H.264/H.265, MJPEG, single images.
// Decodes the best video stream.
class ContainerReader : public CaptureReader {
 public:
  explicit ContainerReader(const std::string& path, int decodeThreads = 1);
  // Reads `bytes` as if they were a file called `name` (an HLS fMP4 segment behind its init segment).
  ContainerReader(const std::string& name, std::vector<uint8_t> bytes);
  bool next(DecodedFrame& frame) override;
  const CaptureInfo& info() const override { return info_; }
  std::vector<std::string> warnings() const override;
  std::vector<std::string> unreadParts() const override { return unread_; }
  bool threadedDecodeDamaged() const override;
  void keepColor(bool on) override {
    color_ = on;
    if (decoder_) decoder_->keepColor(on);
  }
  void borrowLuma(bool on) override {
    borrow_ = on;
    if (decoder_) decoder_->borrowLuma(on);
  }

 private:
  void pump();
  void open(const std::string& path, const char* url, int decodeThreads);
  void noteTiming(const AVPacket& packet);
  // At the end of the file: whether it holds less than its container declares (or ends inside a
  // transport-stream packet), which a demuxer reading to EOF does not report.
  void checkComplete();

  // In-memory input: the bytes, the read position, and the AVIO context that reads them. Declared before
  // format_ so that they outlive it.
  std::vector<uint8_t> memory_;
  int64_t memoryPosition_ = 0;
  ffmpeg::UniqueAVIOContext avio_;
  CaptureInfo info_;
  SharedText sharedPath_;  // info_.path, once for every frame's provenance
  ffmpeg::UniqueAVFormatContext format_;
  ffmpeg::UniqueAVPacket packet_;
  int stream_ = -1;
  std::optional<FrameDecoder> decoder_;
  std::deque<DecodedFrame> queue_;
  bool finished_ = false;
  int64_t nextIndex_ = 0;
  std::vector<std::string> unread_;
  int64_t corruptPackets_ = 0;
  int64_t packets_ = 0;
  double firstTimestamp_ = 0, readEnd_ = 0;  // seconds: first pts, and the furthest pts + duration read
  bool haveReadEnd_ = false;
  int64_t timestampJumps_ = 0;
  double lastTimestamp_ = 0;
  bool haveLastTimestamp_ = false;
};

}  // namespace camtrace
