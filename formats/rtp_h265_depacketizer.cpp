#include "rtp_h265_depacketizer.h"

namespace camtrace {

void RtpH265Depacketizer::push(const uint8_t* p, size_t size, bool gapBefore) {
  if (gapBefore) {
    unit_.markDamaged();
    unit_.dropFragment();
  }
  if (size < 3 || (p[0] & 0x80)) {
    unit_.markDamaged();
    return;
  }
  const int type = (p[0] >> 1) & 0x3f;
  if (type < 48) {
    unit_.dropFragment();
    unit_.appendNal(p, size);
    return;
  }
  if (type == 48) {  // aggregation packet: 16-bit size, NAL unit, repeated
    unit_.dropFragment();
    size_t offset = 2;
    while (offset + 2 <= size) {
      const size_t length = static_cast<size_t>(p[offset] << 8 | p[offset + 1]);
      offset += 2;
      if (length < 2 || offset + length > size) {
        unit_.markDamaged();
        return;
      }
      unit_.appendNal(p + offset, length);
      offset += length;
    }
    return;
  }
  if (type == 49) {  // fragmentation unit: 2-byte payload header, FU header (S E type), fragment
    const bool start = p[2] & 0x80, end = p[2] & 0x40;
    if (start) {
      // The NAL unit header: the payload header with the FU header's type.
      const uint8_t header[2] = {static_cast<uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)), p[1]};
      unit_.startFragment(header, 2);
    } else if (!unit_.inFragment()) {
      unit_.markDamaged();
      return;
    }
    unit_.continueFragment(p + 3, size - 3);
    if (end) unit_.endFragment();
    return;
  }
  unit_.markDamaged();  // PACI (50) and reserved types
}

bool RtpH265Depacketizer::plausible(const uint8_t* p, size_t size) {
  if (size < 3 || (p[0] & 0x80) || (p[1] & 0x07) == 0) return false;  // forbidden bit, TemporalId + 1 >= 1
  const int type = (p[0] >> 1) & 0x3f;
  return type <= 9 || (type >= 16 && type <= 21) || (type >= 32 && type <= 40) || type == 48 || type == 49;
}

}  // namespace camtrace
