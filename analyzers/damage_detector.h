#pragma once

#include "gray_view.h"

namespace camtrace {

// Share (0..1) of 16x16 macroblock edges whose step across the edge is far larger than the texture on
// either side of it. H.264 error concealment pastes blocks from other pictures or fills them flat, which
// leaves exactly such seams on the macroblock grid; natural edges seldom fall on the grid along a whole
// block side.
struct SeamThresholds {
  float minStep = 6.0f;       // mean step across the edge, in luma levels
  float textureRatio = 3.0f;  // how many times the texture on either side it must exceed
};
float measureDecodeDamage(const GrayView& luma, const SeamThresholds& thresholds = {});

}  // namespace camtrace
