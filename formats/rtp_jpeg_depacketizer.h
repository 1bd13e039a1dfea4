#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace camtrace {

// RFC 2435 (JPEG over RTP): rebuilds a baseline JFIF picture from the RTP/JPEG fragments of one frame.
// The main header gives type (0: 4:2:2, 1: 4:2:0, +64 with restart markers), Q, and the size in 8-pixel
// blocks; quantization tables come in-band (Q >= 128) or from Q by the RFC's Appendix A scaling. No DHT is
// written: RFC 2435 requires the standard Huffman tables, which FFmpeg's MJPEG decoder assumes when a
// picture carries none. A missing fragment (offsets do not join up) marks the picture damaged.
class RtpJpegDepacketizer {
 public:
  void push(const uint8_t* payload, size_t size, bool gapBefore);
  std::vector<uint8_t> take(bool& damaged);
  static bool plausible(const uint8_t* payload, size_t size);

 private:
  std::vector<uint8_t> scan_;
  std::vector<uint8_t> tables_;  // 128 bytes: luma then chroma, zigzag order
  int type_ = -1, q_ = 0, width_ = 0, height_ = 0, restartInterval_ = 0;
  bool damaged_ = false;
};

}  // namespace camtrace
