#pragma once

#include <deque>
#include <set>
#include <string>

#include "decoded_frame.h"
#include "ffmpeg_handles.h"

namespace camtrace {

// The one send/receive decode loop of camtrace. Every reader (containers, stills, packet captures) feeds
// packets here, and simulate uses it to compute its ground truth, so all of them see the same pictures.
//
// Decoding uses one thread per stream: FFmpeg's frame-threaded H.264 decoder gave different pictures from run
// to run on damaged input, and verdicts must be reproducible. Parallelism comes from auditing several
// captures at once.
class FrameDecoder {
 public:
  FrameDecoder(const AVCodecParameters* parameters, AVRational timeBase, std::string input, int stream);

  // Sends one packet (nullptr flushes) and appends every picture the decoder returns, in presentation
  // order. A packet the decoder rejects is counted and marks the following pictures as reference-damaged;
  // it never throws for bad bitstream data.
  void send(const AVPacket* packet, std::deque<DecodedFrame>& out);
  // The same for a packet the transport already knows is damaged (RTP loss inside or just before it):
  // its picture is flagged whatever the decoder makes of it. Packets are matched by AVPacket::pos.
  void sendDamaged(const AVPacket* packet, std::deque<DecodedFrame>& out);

  int rejectedPackets() const { return rejectedPackets_; }
  // Also convert each picture to colour (DecodedFrame::rgb).
  void keepColor(bool on) { color_ = on; }
  const AVCodecContext* context() const { return codec_.get(); }

  // Hard limit on picture size: a hostile header can claim 64k x 64k, which would need 4 GiB per plane.
  static constexpr int64_t kMaxPixels = int64_t{16384} * 16384;

 private:
  void receive();
  void release(std::deque<DecodedFrame>& out, size_t keep);
  void convert(const AVFrame& frame, DecodedFrame& out);
  void toColor(const AVFrame& frame, DecodedFrame& out);
  std::string signature(const AVFrame& frame) const;

  std::string input_;
  int stream_;
  AVRational timeBase_;
  ffmpeg::UniqueAVCodecContext codec_;
  ffmpeg::UniqueAVFrame frame_;
  ffmpeg::UniqueSwsContext sws_;
  ffmpeg::UniqueSwsContext colorSws_;
  bool color_ = false;
  bool chainDamaged_ = false;
  // Pictures held back a few frames: B-pictures shown before a damaged reference are decoded after it
  // and predict from it, so damage must be marked backwards as far as the reorder delay reaches.
  std::deque<DecodedFrame> pending_;
  std::set<int64_t> transportDamaged_;
  int rejectedPackets_ = 0;
};

}  // namespace camtrace
