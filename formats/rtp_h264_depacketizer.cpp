#include "rtp_h264_depacketizer.h"

namespace camtrace {

void RtpH264Depacketizer::appendNal(const uint8_t* nal, size_t size) {
  static const uint8_t kStartCode[] = {0, 0, 0, 1};
  accessUnit_.insert(accessUnit_.end(), kStartCode, kStartCode + 4);
  accessUnit_.insert(accessUnit_.end(), nal, nal + size);
}

void RtpH264Depacketizer::dropFragment() {
  if (inFragment_) damaged_ = true;
  fragment_.clear();
  inFragment_ = false;
}

void RtpH264Depacketizer::push(const uint8_t* p, size_t size, bool gapBefore) {
  if (gapBefore) {
    damaged_ = true;
    dropFragment();
  }
  if (size < 1 || (p[0] & 0x80)) {  // empty, or the forbidden_zero_bit set
    damaged_ = true;
    return;
  }
  const int type = p[0] & 0x1f;
  if (type >= 1 && type <= 23) {
    dropFragment();
    appendNal(p, size);
    return;
  }
  if (type == 24) {  // STAP-A: 16-bit size, NAL unit, repeated
    dropFragment();
    size_t offset = 1;
    while (offset + 2 <= size) {
      const size_t length = static_cast<size_t>(p[offset] << 8 | p[offset + 1]);
      offset += 2;
      if (length == 0 || offset + length > size) {
        damaged_ = true;
        return;
      }
      appendNal(p + offset, length);
      offset += length;
    }
    return;
  }
  if (type == 28) {  // FU-A: indicator, header (S E R type), fragment
    if (size < 2) {
      damaged_ = true;
      return;
    }
    const bool start = p[1] & 0x80, end = p[1] & 0x40;
    if (start) {
      dropFragment();
      fragment_.push_back(static_cast<uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f)));
      inFragment_ = true;
    } else if (!inFragment_) {
      damaged_ = true;  // the start of this NAL unit was lost
      return;
    }
    fragment_.insert(fragment_.end(), p + 2, p + size);
    if (end) {
      appendNal(fragment_.data(), fragment_.size());
      fragment_.clear();
      inFragment_ = false;
    }
    return;
  }
  damaged_ = true;  // 0, 25-27, 29-31: interleaved-mode or reserved types
}

std::vector<uint8_t> RtpH264Depacketizer::take(bool& damaged) {
  dropFragment();  // a fragment without its end is incomplete
  damaged = damaged_;
  damaged_ = false;
  std::vector<uint8_t> out;
  out.swap(accessUnit_);
  return out;
}

bool RtpH264Depacketizer::plausible(const uint8_t* p, size_t size) {
  if (size < 2 || (p[0] & 0x80)) return false;
  // The types cameras send (slices, IDR, SEI, parameter sets, AUD, STAP-A, FU-A); data partitions and the
  // rest are left out so that H.265 payloads (whose second byte is rarely a valid H.264 start) stay apart.
  const int type = p[0] & 0x1f;
  return type == 1 || type == 5 || type == 6 || type == 7 || type == 8 || type == 9 || type == 24 || type == 28;
}

}  // namespace camtrace
