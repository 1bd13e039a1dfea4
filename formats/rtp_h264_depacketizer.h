#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "annexb_assembler.h"

namespace camtrace {

// RFC 6184 (H.264 over RTP), non-interleaved mode: single NAL unit packets (types 1-23), STAP-A (24) and
// FU-A (28). Collects the RTP payloads of one access unit, in sequence order, into an Annex-B byte stream.
// A fragment whose start or middle was lost is dropped and the access unit marked damaged; STAP-B, MTAP
// and FU-B (interleaved mode) are not used by cameras in practice and mark it damaged too.
class RtpH264Depacketizer {
 public:
  // `gapBefore`: packets were lost between the previous payload and this one.
  void push(const uint8_t* payload, size_t size, bool gapBefore);
  // The access unit so far, and whether anything in it was lost or malformed; resets for the next one.
  std::vector<uint8_t> take(bool& damaged) { return unit_.take(damaged); }

  // Whether a payload looks like H.264 (its NAL header's forbidden bit is clear and its type is one a
  // camera sends), used to recognise H.264 streams that no SDP describes.
  static bool plausible(const uint8_t* payload, size_t size);

 private:
  AnnexBAssembler unit_;
};

}  // namespace camtrace
