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
//
// Also picture data that never arrived: a decoder that runs out of a frame's data (a truncated packet, a
// lost slice) leaves the macroblocks it could not decode one flat value (black, grey or green, by
// decoder), often without reporting an error (OpenCV's Megamind_bugy.avi: half a picture black, or flat
// green, on frames FFmpeg decodes without complaint). The result is at least the share of macroblock rows
// in the longest band of whole rows, below the first, whose every pixel holds one value; a band at the
// bottom as high as one of the same value at the top is a letterbox, not damage, and a picture flat from its
// top row (a night sky, a covered lens) is left to the rest. Through a sensor's noise and a codec, a scene
// seldom holds one value over a whole row of macroblocks below its first.
float measureDecodeDamage(const GrayView& luma, const SeamThresholds& thresholds = {});
// That share alone (0 when the picture has fewer than three macroblock rows).
float missingBlockRows(const GrayView& luma);

}  // namespace camtrace
