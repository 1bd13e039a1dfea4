#include "picture_bars.h"

#include <algorithm>
#include <cstdlib>

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

// The widths of the flat bars at both ends of `size` lines, each at most a third of them; {0, 0} unless
// both are wide enough, alike in width and in level.
template <typename LineAt>
std::pair<int, int> barPair(int size, int length, LineAt lineAt) {
  const int most = size / 3, least = std::max(4, size / 24);
  auto run = [&](int from, int step, long& level) {
    const Line outer = lineAt(from);
    level = outer.sum / length;
    if (outer.max - outer.min > kBarSpread || level > kBarLevel) return 0;
    int n = 1;
    for (int i = from + step; n < most; i += step, ++n) {
      const Line line = lineAt(i);
      if (line.min < level - kBarTolerance || line.max > level + kBarTolerance) break;
    }
    return n;
  };
  long firstLevel = 0, lastLevel = 0;
  const int first = run(0, 1, firstLevel), last = run(size - 1, -1, lastLevel);
  const bool pair = first >= least && last >= least && first < most && last < most &&
                    std::abs(first - last) <= 3 + size / 100 && std::abs(firstLevel - lastLevel) <= 6;
  return pair ? std::make_pair(first, last) : std::make_pair(0, 0);
}

}  // namespace

std::optional<GrayView> insideBars(const GrayView& luma) {
  if (luma.empty() || luma.width < 64 || luma.height < 64) return std::nullopt;
  const auto [top, bottom] = barPair(luma.height, luma.width, [&](int y) {
    return lineOf(luma.data + static_cast<long>(y) * luma.stride, luma.width, 1);
  });
  const auto [left, right] = barPair(luma.width, luma.height,
                                     [&](int x) { return lineOf(luma.data + x, luma.height, luma.stride); });
  if (top + bottom + left + right == 0) return std::nullopt;
  GrayView inside = luma;
  inside.data = luma.data + static_cast<long>(top) * luma.stride + left;
  inside.width = luma.width - left - right;
  inside.height = luma.height - top - bottom;
  if (inside.width < 32 || inside.height < 32) return std::nullopt;
  return inside;
}

}  // namespace camtrace
