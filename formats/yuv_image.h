#pragma once

#include <cstdint>
#include <vector>

namespace camtrace {

// An 8-bit 4:2:0 picture in three packed planes; what simulate renders and the encoders take.
struct YuvImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> y, u, v;

  YuvImage() = default;
  YuvImage(int w, int h)
      : width(w),
        height(h),
        y(static_cast<size_t>(w) * h, 16),
        u(static_cast<size_t>((w + 1) / 2) * ((h + 1) / 2), 128),
        v(u.size(), 128) {}
  int chromaWidth() const { return (width + 1) / 2; }
  int chromaHeight() const { return (height + 1) / 2; }
};

}  // namespace camtrace
