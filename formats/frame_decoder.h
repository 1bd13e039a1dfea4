#pragma once

#include <atomic>
#include <cstdarg>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "decoded_frame.h"
#include "ffmpeg_handles.h"
#include "h264_parameter_sets.h"

namespace camtrace {

// The one send/receive decode loop of camtrace. Every reader (containers, stills, packet captures) feeds
// packets here, and simulate uses it to compute its ground truth, so all of them see the same pictures.
//
// Decoding is single-threaded unless asked otherwise: FFmpeg's frame-threaded H.264 decoder gave different
// pictures from run to run on damaged input, and verdicts must be reproducible. With `threads` > 1 the
// decoder runs FFmpeg's frame threads, whose pictures are the single-threaded decoder's bit for bit on a
// stream without errors (FFmpeg's conformance tests hold them to that); damageSeen() then tells the caller
// that this stream is not one, and that its pictures must come from a single-threaded decode instead.
class FrameDecoder {
 public:
  FrameDecoder(const AVCodecParameters* parameters, AVRational timeBase, std::string input, int stream,
               int threads = 1);

  // Sends one packet (nullptr flushes) and appends every picture the decoder returns, in presentation
  // order. A packet the decoder rejects is counted and marks the following pictures as reference-damaged;
  // it never throws for bad bitstream data.
  void send(const AVPacket* packet, std::deque<DecodedFrame>& out);
  // The same for a packet the transport already knows is damaged (RTP loss inside or just before it):
  // its picture is flagged whatever the decoder makes of it. Packets are matched by AVPacket::pos.
  void sendDamaged(const AVPacket* packet, std::deque<DecodedFrame>& out);

  int rejectedPackets() const { return rejectedPackets_; }
  // Any sign of damage so far: a packet rejected or known damaged, a picture flagged corrupt or with
  // decode errors, or predicting from one.
  bool damageSeen() const { return damageSeen_ || errorLogged_; }
  int threads() const { return threads_; }
  // Also convert each picture to colour (DecodedFrame::rgb).
  void keepColor(bool on) { color_ = on; }
  // Lend each picture's luma plane (DecodedFrame::lumaData) instead of copying it out.
  void borrowLuma(bool on) { borrow_ = on; }
  const AVCodecContext* context() const { return codec_.get(); }

  // Hard limit on picture size: a hostile header can claim 64k x 64k, which would need 4 GiB per plane.
  static constexpr int64_t kMaxPixels = int64_t{16384} * 16384;

 private:
  void receive();
  void release(std::deque<DecodedFrame>& out, size_t keep);
  void convert(const AVFrame& frame, DecodedFrame& out);
  void toColor(const AVFrame& frame, DecodedFrame& out);
  std::string signature(const AVFrame& frame);
  // The SPS a picture's packet was decoded under (H.264 only).
  std::optional<H264Sequence> sequenceOf(const AVFrame& frame);

  static void noteLog(void* context, int level, const char* format, va_list arguments);

  std::string input_;
  int stream_;
  AVRational timeBase_;
  // Set from FFmpeg's log callback, on the decoder's own threads: a frame thread may hand out a picture
  // before its own thread has flagged it damaged, so their messages are all that surely says so.
  // Declared before codec_, which may still log while it is freed.
  std::atomic<bool> errorLogged_{false};
  ffmpeg::UniqueAVCodecContext codec_;
  ffmpeg::UniqueAVFrame frame_;
  ffmpeg::UniqueSwsContext sws_;
  ffmpeg::UniqueSwsContext colorSws_;
  bool color_ = false;
  bool borrow_ = false;
  bool chainDamaged_ = false;
  // Pictures held back a few frames: B-pictures shown before a damaged reference are decoded after it
  // and predict from it, so damage must be marked backwards as far as the reorder delay reaches.
  std::deque<DecodedFrame> pending_;
  std::set<int64_t> transportDamaged_;
  int rejectedPackets_ = 0;
  bool damageSeen_ = false;
  int threads_ = 1;
  // H.264: the SPS in force when each packet was sent, by packet position, for the stream signature
  // (frame threads do not report its reference count); the last one when the position is unknown.
  bool h264_ = false;
  int nalLengthSize_ = 0;
  std::optional<H264Sequence> current_;
  std::map<int64_t, H264Sequence> sequenceAt_;
  SharedText signature_;  // the last picture's, shared by the pictures after it while it holds
};

}  // namespace camtrace
