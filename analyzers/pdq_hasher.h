#pragma once

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

}  // namespace camtrace
