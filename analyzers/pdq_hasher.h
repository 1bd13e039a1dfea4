#pragma once

#include <cstdint>

#include "frame_picture.h"
#include "gray_view.h"
#include "hash256.h"

namespace camtrace {

struct PdqResult {
  Hash256 hash;
  int quality = 0;  // 0..100
};

// A PDQ-style 256-bit perceptual hash of a luma picture (after Facebook's PDQ, 2019):
// area-downscale to 64x64, take the 16x16 lowest non-DC coefficients of its 2-D DCT-II, and set each bit
// where the coefficient exceeds their median. Leaving out the DC terms makes the hash blind to a uniform
// brightness offset, and the median threshold blind to a contrast gain, which is what a home camera's
// exposure changes mostly are. Quality is PDQ's gradient-sum measure: flat or dark frames score low, and
// their hashes are not to be trusted.
PdqResult computePdq(const GrayView& luma);
PdqResult computePdq(const FramePicture& picture);

// PDQ exactly as ThreatExchange's reference computes it, for hashes matched against ThreatExchange
// tooling (vPDQ, hash-sharing feeds): from RGB24 (the frame as swscale converts it with SWS_AREA, as vPDQ
// does), float luma 0.299 R + 0.587 G + 0.114 B, two passes of Jarosz box filters, decimation to 64x64 at
// the cells' centres, then the same DCT and median as computePdq. Bit for bit the reference's hash and
// quality (bench/pdq_reference.sh checks it against vPDQ's hashes of real clips and ThreatExchange's test
// images). Pictures under 5 pixels a side hash to zero with quality 0, as there.
PdqResult computeInteroperablePdq(const uint8_t* rgb, int width, int height);

// One pass of the reference's box filter over `length` values `stride` apart: each output the mean of a
// window of `window` values around it, narrower at the ends. Exposed for its test.
void jaroszBox(const float* in, float* out, int length, int stride, int window);

}  // namespace camtrace
