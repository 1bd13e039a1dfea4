#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "annexb_assembler.h"

namespace camtrace {

// RFC 7798 (H.265 over RTP) without DONL (sprop-max-don-diff = 0, what cameras send): single NAL unit
// packets, aggregation packets (type 48) and fragmentation units (type 49), collected per access unit into
// an Annex-B byte stream. Loss inside a fragment drops that NAL unit and marks the access unit damaged;
// PACI (50) and reserved types mark it damaged too.
class RtpH265Depacketizer {
 public:
  void push(const uint8_t* payload, size_t size, bool gapBefore);
  std::vector<uint8_t> take(bool& damaged) { return unit_.take(damaged); }
  static bool plausible(const uint8_t* payload, size_t size);

 private:
  AnnexBAssembler unit_;
};

}  // namespace camtrace
