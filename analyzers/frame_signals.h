#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "hash256.h"

namespace camtrace {

// Gradient-orientation structure of a picture: an 8x8 grid of cells, 8 orientation bins each, every cell
// normalised on its own and quantised to a byte. See structure_descriptor.h.
constexpr int kStructureCells = 8;
constexpr int kStructureBins = 8;
using StructureDescriptor = std::array<uint8_t, size_t{kStructureCells} * kStructureCells * kStructureBins>;

// Everything the analyzers say about one frame. This, not the picture, is what camtrace keeps per frame.
struct FrameSignals {
  Hash256 pdq;
  int pdqQuality = 0;  // 0..100; below ~50 the hash says little (flat, dark, blurred)
  StructureDescriptor structure{};
  float structureEnergy = 0;  // mean gradient magnitude, in luma levels per pixel
  float damage = 0;           // 0..1, share of macroblock edges that look like decode damage
  float meanLuma = 0;
  float lumaStdDev = 0;
  // The same signals of the picture inside letterbox or pillarbox bars, where the frame has a pair
  // (analyzers/picture_bars.h): another camera's picture fitted whole into this stream. Null (nearly every
  // frame) otherwise.
  std::shared_ptr<const FrameSignals> insideBars;
};

}  // namespace camtrace
