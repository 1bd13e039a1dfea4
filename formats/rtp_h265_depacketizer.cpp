#include "rtp_h265_depacketizer.h"

namespace camtrace {

void RtpH265Depacketizer::appendNal(const uint8_t* nal, size_t size) {
  static const uint8_t kStartCode[] = {0, 0, 0, 1};
  accessUnit_.insert(accessUnit_.end(), kStartCode, kStartCode + 4);
  accessUnit_.insert(accessUnit_.end(), nal, nal + size);
}

void RtpH265Depacketizer::dropFragment() {
  if (inFragment_) damaged_ = true;
  fragment_.clear();
  inFragment_ = false;
}

void RtpH265Depacketizer::push(const uint8_t* p, size_t size, bool gapBefore) {
  if (gapBefore) {
    damaged_ = true;
    dropFragment();
  }
  if (size < 3 || (p[0] & 0x80)) {
    damaged_ = true;
    return;
  }
  const int type = (p[0] >> 1) & 0x3f;
  if (type < 48) {
    dropFragment();
    appendNal(p, size);
    return;
  }
  if (type == 48) {  // aggregation packet: 16-bit size, NAL unit, repeated
    dropFragment();
    size_t offset = 2;
    while (offset + 2 <= size) {
      const size_t length = static_cast<size_t>(p[offset] << 8 | p[offset + 1]);
      offset += 2;
      if (length < 2 || offset + length > size) {
        damaged_ = true;
        return;
      }
      appendNal(p + offset, length);
      offset += length;
    }
    return;
  }
  if (type == 49) {  // fragmentation unit: 2-byte payload header, FU header (S E type), fragment
    const bool start = p[2] & 0x80, end = p[2] & 0x40;
    if (start) {
      dropFragment();
      // The NAL unit header: the payload header with the FU header's type.
      fragment_.push_back(static_cast<uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)));
      fragment_.push_back(p[1]);
      inFragment_ = true;
    } else if (!inFragment_) {
      damaged_ = true;
      return;
    }
    fragment_.insert(fragment_.end(), p + 3, p + size);
    if (end) {
      appendNal(fragment_.data(), fragment_.size());
      fragment_.clear();
      inFragment_ = false;
    }
    return;
  }
  damaged_ = true;  // PACI (50) and reserved types
}

std::vector<uint8_t> RtpH265Depacketizer::take(bool& damaged) {
  dropFragment();
  damaged = damaged_;
  damaged_ = false;
  std::vector<uint8_t> out;
  out.swap(accessUnit_);
  return out;
}

bool RtpH265Depacketizer::plausible(const uint8_t* p, size_t size) {
  if (size < 3 || (p[0] & 0x80) || (p[1] & 0x07) == 0) return false;  // forbidden bit, TemporalId + 1 >= 1
  const int type = (p[0] >> 1) & 0x3f;
  return type <= 9 || (type >= 16 && type <= 21) || (type >= 32 && type <= 40) || type == 48 || type == 49;
}

}  // namespace camtrace
