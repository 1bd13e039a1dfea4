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

}  // namespace camtrace
