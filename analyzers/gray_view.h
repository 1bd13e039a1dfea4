#pragma once

#include <cstdint>

namespace camtrace {

// A borrowed 8-bit luma picture. Analyzers take pixels through this view only, so they never see FFmpeg.
struct GrayView {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;

  uint8_t at(int x, int y) const { return data[static_cast<long>(y) * stride + x]; }
  bool empty() const { return data == nullptr || width <= 0 || height <= 0; }
};

// A borrowed picture's two colour-difference planes (Cb, Cr; 128 is no colour), each at its own size:
// half the luma's width and height for 4:2:0, half the width for 4:2:2, the same for 4:4:4. Empty where
// the picture has none (grey video, RGB stills, packed or semi-planar formats).
struct ChromaView {
  GrayView cb;
  GrayView cr;
  bool empty() const { return cb.empty() || cr.empty(); }
};

}  // namespace camtrace
