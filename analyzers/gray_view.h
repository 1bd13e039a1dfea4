#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

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

// Appends the view's rows, packed, to `out`, into reserved room: a plane is not zeroed first only to be
// overwritten.
inline void appendRows(const GrayView& plane, std::vector<uint8_t>& out) {
  out.reserve(out.size() + static_cast<size_t>(plane.width) * static_cast<size_t>(plane.height));
  for (int y = 0; y < plane.height; ++y) {
    const uint8_t* row = plane.data + static_cast<ptrdiff_t>(y) * plane.stride;
    out.insert(out.end(), row, row + plane.width);
  }
}

// The Cb and Cr planes of a buffer that holds them packed, Cb then Cr, each width x height.
inline ChromaView packedChroma(const uint8_t* data, int width, int height) {
  const size_t plane = static_cast<size_t>(width) * static_cast<size_t>(height);
  return {{data, width, height, width}, {data + plane, width, height, width}};
}

}  // namespace camtrace
