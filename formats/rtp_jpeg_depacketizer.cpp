#include "rtp_jpeg_depacketizer.h"

#include <algorithm>

namespace camtrace {
namespace {

// The JPEG spec's example tables (ITU T.81 Annex K.1), in natural order.
constexpr uint8_t kLuma[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
                               14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
                               18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
                               49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr uint8_t kChroma[64] = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
                                 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
                                 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
                                 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
// Natural-order index of each zigzag position.
constexpr uint8_t kZigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// RFC 2435 Appendix A: the example tables scaled by Q (1..99), in zigzag order.
std::vector<uint8_t> tablesForQ(int q) {
  const int factor = std::clamp(q, 1, 99);
  const int scale = factor < 50 ? 5000 / factor : 200 - factor * 2;
  std::vector<uint8_t> out(128);
  for (int i = 0; i < 64; ++i) {
    out[static_cast<size_t>(i)] =
        static_cast<uint8_t>(std::clamp((kLuma[kZigzag[i]] * scale + 50) / 100, 1, 255));
    out[64 + static_cast<size_t>(i)] =
        static_cast<uint8_t>(std::clamp((kChroma[kZigzag[i]] * scale + 50) / 100, 1, 255));
  }
  return out;
}

void put16(std::vector<uint8_t>& b, int v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}

}  // namespace

void RtpJpegDepacketizer::push(const uint8_t* p, size_t size, bool gapBefore) {
  if (gapBefore) damaged_ = true;
  if (size < 8) {
    damaged_ = true;
    return;
  }
  const size_t offset = static_cast<size_t>(p[1]) << 16 | static_cast<size_t>(p[2]) << 8 | p[3];
  const int type = p[4], q = p[5];
  size_t pos = 8;
  if (type >= 64 && type < 128) {  // restart marker header
    if (size < pos + 4) {
      damaged_ = true;
      return;
    }
    restartInterval_ = p[pos] << 8 | p[pos + 1];
    pos += 4;
  }
  if (offset == 0) {
    type_ = type & 0x3f;
    q_ = q;
    width_ = p[6] * 8;
    height_ = p[7] * 8;
    scan_.clear();
    if (q >= 128) {  // quantization table header: MBZ, precision, length, tables
      if (size < pos + 4) {
        damaged_ = true;
        return;
      }
      const size_t length = static_cast<size_t>(p[pos + 2] << 8 | p[pos + 3]);
      pos += 4;
      if (p[pos - 3] != 0 || length != 128 || size < pos + length) {  // only 8-bit, two-table headers
        damaged_ = true;
        return;
      }
      tables_.assign(p + pos, p + pos + length);
      pos += length;
    } else {
      tables_ = tablesForQ(q);
    }
  }
  if (type_ < 0 || offset != scan_.size()) {  // the first fragment, or one in between, is missing
    damaged_ = true;
    return;
  }
  scan_.insert(scan_.end(), p + pos, p + size);
}

std::vector<uint8_t> RtpJpegDepacketizer::take(bool& damaged) {
  damaged = damaged_;
  damaged_ = false;
  std::vector<uint8_t> jpeg;
  if (type_ < 0 || scan_.empty() || tables_.size() != 128 || width_ == 0 || height_ == 0 ||
      (type_ & 0x3f) > 1) {
    damaged = true;
    scan_.clear();
    type_ = -1;
    return jpeg;
  }
  jpeg = {0xff, 0xd8};
  for (int table = 0; table < 2; ++table) {  // DQT
    jpeg.insert(jpeg.end(), {0xff, 0xdb});
    put16(jpeg, 67);
    jpeg.push_back(static_cast<uint8_t>(table));
    jpeg.insert(jpeg.end(), tables_.begin() + int64_t{table} * 64,
                tables_.begin() + int64_t{table} * 64 + 64);
  }
  if (restartInterval_ > 0) {  // DRI
    jpeg.insert(jpeg.end(), {0xff, 0xdd});
    put16(jpeg, 4);
    put16(jpeg, restartInterval_);
  }
  jpeg.insert(jpeg.end(), {0xff, 0xc0});  // SOF0: 8-bit, 3 components
  put16(jpeg, 17);
  jpeg.push_back(8);
  put16(jpeg, height_);
  put16(jpeg, width_);
  jpeg.push_back(3);
  jpeg.insert(jpeg.end(), {0, static_cast<uint8_t>(type_ == 0 ? 0x21 : 0x22), 0, 1, 0x11, 1, 2, 0x11, 1});
  jpeg.insert(jpeg.end(), {0xff, 0xda});  // SOS
  put16(jpeg, 12);
  jpeg.insert(jpeg.end(), {3, 0, 0x00, 1, 0x11, 2, 0x11, 0, 63, 0});
  jpeg.insert(jpeg.end(), scan_.begin(), scan_.end());
  if (jpeg.size() < 2 || jpeg[jpeg.size() - 2] != 0xff || jpeg.back() != 0xd9)
    jpeg.insert(jpeg.end(), {0xff, 0xd9});
  scan_.clear();
  type_ = -1;
  return jpeg;
}

bool RtpJpegDepacketizer::plausible(const uint8_t* p, size_t size) {
  // Type 0/1 (or 64/65 with restart markers), Q 1..255, and a size of at least one block each way.
  return size >= 8 && ((p[4] & 0xbf) <= 1) && p[5] != 0 && p[6] != 0 && p[7] != 0;
}

}  // namespace camtrace
