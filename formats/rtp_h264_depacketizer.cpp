#include "rtp_h264_depacketizer.h"

namespace camtrace {

void RtpH264Depacketizer::push(const uint8_t* p, size_t size, bool gapBefore) {
  if (gapBefore) {
    unit_.markDamaged();
    unit_.dropFragment();
  }
  if (size < 1 || (p[0] & 0x80)) {  // empty, or the forbidden_zero_bit set
    unit_.markDamaged();
    return;
  }
  const int type = p[0] & 0x1f;
  if (type >= 1 && type <= 23) {
    unit_.dropFragment();
    unit_.appendNal(p, size);
    return;
  }
  if (type == 24) {  // STAP-A: 16-bit size, NAL unit, repeated
    unit_.dropFragment();
    size_t offset = 1;
    while (offset + 2 <= size) {
      const size_t length = static_cast<size_t>(p[offset] << 8 | p[offset + 1]);
      offset += 2;
      if (length == 0 || offset + length > size) {
        unit_.markDamaged();
        return;
      }
      unit_.appendNal(p + offset, length);
      offset += length;
    }
    return;
  }
  if (type == 28 && size >= 2) {  // FU-A: indicator, header (S E R type), fragment
    const bool start = p[1] & 0x80, end = p[1] & 0x40;
    if (start) {
      const uint8_t header = static_cast<uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f));
      unit_.startFragment(&header, 1);
    } else if (!unit_.inFragment()) {
      unit_.markDamaged();  // the start of this NAL unit was lost
      return;
    }
    unit_.continueFragment(p + 2, size - 2);
    if (end) unit_.endFragment();
    return;
  }
  unit_.markDamaged();  // 0, 25-27, 29-31: interleaved-mode or reserved types; or a truncated FU-A
}

bool RtpH264Depacketizer::plausible(const uint8_t* p, size_t size) {
  if (size < 2 || (p[0] & 0x80)) return false;
  // The types cameras send (slices, IDR, SEI, parameter sets, AUD, STAP-A, FU-A); data partitions and the
  // rest are left out so that H.265 payloads (whose second byte is rarely a valid H.264 start) stay apart.
  const int type = p[0] & 0x1f;
  return type == 1 || type == 5 || type == 6 || type == 7 || type == 8 || type == 9 || type == 24 ||
         type == 28;
}

}  // namespace camtrace
