#include "picture_bars.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <functional>

#include <opencv2/core/hal/intrin.hpp>

namespace camtrace {
namespace {

// A bar is black as video levels draw it (16, or a little above after encoding) and of one level: its
// outermost line is flat and dark, and every line of it stays within a few levels of that line's. A dark,
// flat edge of the picture inside (a night scene) is not one level with the bar, so it ends the bar.
constexpr int kBarLevel = 40;
constexpr int kBarSpread = 8;
constexpr int kBarTolerance = 4;

struct Line {
  int min = 255, max = 0;
  long sum = 0;
};

// `count` pixels from `first`, `step` apart: a row (step 1) or a column (step the stride).
Line lineOf(const uint8_t* first, int count, long step) {
  Line line;
  for (int i = 0; i < count; ++i) {
    const int v = first[i * step];
    line.min = std::min(line.min, v);
    line.max = std::max(line.max, v);
    line.sum += v;
  }
  return line;
}

// How many lines after `from` (stepping `step`, at most `limit`) have every pixel within [low, high].
using FlatRun = std::function<int(int from, int step, int limit, int low, int high)>;

// The widths of the flat bars at both ends of `size` lines, each at most a third of them; {0, 0} unless
// both are wide enough, alike in width and in level.
template <typename LineAt>
std::pair<int, int> barPair(int size, int length, LineAt lineAt, const FlatRun& flatRun) {
  const int most = size / 3, least = std::max(4, size / 24);
  auto run = [&](int from, int step, long& level) {
    const Line outer = lineAt(from);
    level = outer.sum / length;
    if (outer.max - outer.min > kBarSpread || level > kBarLevel) return 0;
    const int low = static_cast<int>(level) - kBarTolerance, high = static_cast<int>(level) + kBarTolerance;
    return 1 + flatRun(from, step, most - 1, low, high);
  };
  long firstLevel = 0, lastLevel = 0;
  const int first = run(0, 1, firstLevel);
  if (first < least || first >= most) return {0, 0};  // no pair, whatever the other end holds
  const int last = run(size - 1, -1, lastLevel);
  const bool pair = last >= least && last < most && std::abs(first - last) <= 3 + size / 100 &&
                    std::abs(firstLevel - lastLevel) <= 6;
  return pair ? std::make_pair(first, last) : std::make_pair(0, 0);
}

// Rows: each scanned until a pixel leaves the range.
int flatRows(const GrayView& luma, int from, int step, int limit, int low, int high) {
  int n = 0;
  for (int y = from + step; n < limit; y += step, ++n) {
    const uint8_t* row = luma.data + static_cast<long>(y) * luma.stride;
    if (!std::all_of(row, row + luma.width, [&](uint8_t v) { return v >= low && v <= high; })) break;
  }
  return n;
}

// Columns sixteen at a time down the rows: one column alone is read a stride apart, and a pillarboxed
// picture's bars are a sixth of the width each (street_night_osd: 160 columns, on every frame).
int flatColumns(const GrayView& luma, int from, int step, int limit, int low, int high) {
  constexpr int kBlock = 16;
  const auto lo = static_cast<uint8_t>(std::clamp(low, 0, 255)),
             hi = static_cast<uint8_t>(std::clamp(high, 0, 255));
  int n = 0;
  while (n < limit) {
    // The next columns of the run, nearest the edge first: [x0, x0 + count) in picture order.
    const int count = std::min(kBlock, limit - n);
    const int nearest = from + step * (n + 1);
    const int x0 = step > 0 ? nearest : nearest - count + 1;
    std::array<bool, kBlock> flat{};
    int x = 0;
#if CV_SIMD128
    if (count == kBlock) {  // the range clamped to bytes: the same pixels within it
      const cv::v_uint8x16 vlo = cv::v_setall_u8(lo), vhi = cv::v_setall_u8(hi);
      cv::v_uint8x16 all = cv::v_setall_u8(255);
      for (int y = 0; y < luma.height; ++y) {
        const cv::v_uint8x16 v = cv::v_load(luma.data + static_cast<long>(y) * luma.stride + x0);
        all = all & (v >= vlo) & (v <= vhi);
      }
      const int mask = cv::v_signmask(all);
      for (int i = 0; i < kBlock; ++i) flat[static_cast<size_t>(i)] = (mask >> i & 1) != 0;
      x = kBlock;
    }
#endif
    for (; x < count; ++x) {
      bool within = true;
      for (int y = 0; y < luma.height && within; ++y) {
        const int v = luma.data[static_cast<long>(y) * luma.stride + x0 + x];
        within = v >= low && v <= high;
      }
      flat[static_cast<size_t>(x)] = within;
    }
    for (int k = 0; k < count; ++k, ++n)
      if (!flat[static_cast<size_t>(step > 0 ? k : count - 1 - k)]) return n;
  }
  return n;
}

}  // namespace

std::optional<GrayView> insideBars(const GrayView& luma) {
  if (luma.empty() || luma.width < 64 || luma.height < 64) return std::nullopt;
  const auto [top, bottom] = barPair(
      luma.height, luma.width,
      [&](int y) { return lineOf(luma.data + static_cast<long>(y) * luma.stride, luma.width, 1); },
      [&](int from, int step, int limit, int low, int high) {
        return flatRows(luma, from, step, limit, low, high);
      });
  const auto [left, right] = barPair(
      luma.width, luma.height, [&](int x) { return lineOf(luma.data + x, luma.height, luma.stride); },
      [&](int from, int step, int limit, int low, int high) {
        return flatColumns(luma, from, step, limit, low, high);
      });
  if (top + bottom + left + right == 0) return std::nullopt;
  GrayView inside = luma;
  inside.data = luma.data + static_cast<long>(top) * luma.stride + left;
  inside.width = luma.width - left - right;
  inside.height = luma.height - top - bottom;
  if (inside.width < 32 || inside.height < 32) return std::nullopt;
  return inside;
}

}  // namespace camtrace
