#include "rect_morphology.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "analyzers/avx2_dispatch.h"

namespace camtrace {
namespace {

template <RectOp Op>
uint8_t pick(uint8_t a, uint8_t b) {
  return Op == RectOp::Min ? std::min(a, b) : std::max(a, b);
}

#if CV_SIMD128
template <RectOp Op>
cv::v_uint8x16 pick(const cv::v_uint8x16& a, const cv::v_uint8x16& b) {
  return Op == RectOp::Min ? cv::v_min(a, b) : cv::v_max(a, b);
}
#endif

// out[i] = pick(a[i], b[i]) for i < n; `out` may be `a` or `b` (each block is loaded before it is stored,
// and `b` lies at or after `a`, so what is read was not yet written).
template <RectOp Op>
void pickRowBaseline(const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
  int i = 0;
#if CV_SIMD128
  for (; i + 16 <= n; i += 16) cv::v_store(out + i, pick<Op>(cv::v_load(a + i), cv::v_load(b + i)));
#endif
  for (; i < n; ++i) out[i] = pick<Op>(a[i], b[i]);
}

#ifdef CAMTRACE_AVX2
template <RectOp Op>
CAMTRACE_AVX2_TARGET void pickRowAvx2(const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
  int i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                        Op == RectOp::Min ? _mm256_min_epu8(x, y) : _mm256_max_epu8(x, y));
  }
  for (; i < n; ++i) out[i] = pick<Op>(a[i], b[i]);
}
#endif

using RowPick = void (*)(const uint8_t*, const uint8_t*, uint8_t*, int);

template <RectOp Op>
RowPick rowPick() {
#ifdef CAMTRACE_AVX2
  static const RowPick chosen = forThisCpu<RowPick>(pickRowAvx2<Op>, pickRowBaseline<Op>);
#else
  static const RowPick chosen = forThisCpu<RowPick>(nullptr, pickRowBaseline<Op>);
#endif
  return chosen;
}

// The largest power of two not above `size`.
int widestPower(int size) {
  int p = 1;
  while (2 * p <= size) p *= 2;
  return p;
}

template <RectOp Op>
void filter(const cv::Mat& src, cv::Mat& dst, int size) {
  constexpr uint8_t kNeutral = Op == RectOp::Min ? 255 : 0;  // what a pixel that does not exist counts as
  const int width = src.cols, height = src.rows, r = size / 2, p = widestPower(size);
  const RowPick pickRow = rowPick<Op>();
  cv::Size whole;
  cv::Point offset;
  src.locateROI(whole, offset);
  // The pixels that exist on either side of `src`, as far as a window reaches.
  const int left = std::min(r, offset.x), right = std::min(r, whole.width - offset.x - width);
  const int top = std::min(r, offset.y), bottom = std::min(r, whole.height - offset.y - height);

  // Rows first: row i is the picture's row i - r, each pixel the extreme of its row's window. In place, a
  // line of the row with its reach doubles its windows: after the step of s, line[j] holds the extreme of
  // line[j, j + 2s). A window of `size` is then line[x] and line[x + size - p] at the widest p.
  const int span = width + 2 * r;
  std::vector<uint8_t> line(static_cast<size_t>(span));
  const auto rowPass = [&](int i, uint8_t* out) {
    const int y = i - r;
    if (y < -top || y >= height + bottom) {
      std::memset(out, kNeutral, static_cast<size_t>(width));
      return;
    }
    const uint8_t* row = src.data + static_cast<ptrdiff_t>(y) * static_cast<ptrdiff_t>(src.step);
    const int reached = left + width + right, from = r - left, to = from + reached;  // the pixels in line
    if (p == 1) {
      std::memcpy(out, row, static_cast<size_t>(width));  // a window of one pixel
      return;
    }
    // The first doubling reads the row where it lies instead of a copy of it: line[j] = pick(L[j], L[j + 1])
    // over the line L of neutral pixels, the row's reach and the row, the neutral pixel picking the other.
    std::fill(line.begin(), line.begin() + std::max(0, from - 1), kNeutral);
    if (from > 0) line[static_cast<size_t>(from - 1)] = row[-left];
    pickRow(row - left, row - left + 1, line.data() + from, reached - 1);
    line[static_cast<size_t>(to - 1)] = row[reached - 1 - left];
    std::fill(line.begin() + to, line.end(), kNeutral);
    for (int s = 2; s < p; s *= 2) pickRow(line.data(), line.data() + s, line.data(), span - s);
    pickRow(line.data(), line.data() + (size - p), out, width);
  };
  // Then columns, van Herk and Gil-Werman's way: rows cut into blocks of `size`; after[i] is the extreme
  // from row i to its block's end, `before` from its block's start to row i, and a window of rows
  // [y, y + size) is after[y] with before at row y + size - 1: three steps a pixel whatever the size. A
  // block at a time, so that what the column pass reads stays in the cache (two blocks of rows, a quarter
  // of a megabyte at 1080p, where whole-picture buffers of rows and `after` went out to memory and back):
  // the block's rows are read forward into `before`, finishing the previous block's windows, then turned
  // into the block's `after` backward, in place.
  const int n = height + 2 * r;
  const size_t rowBytes = static_cast<size_t>(width);
  std::vector<uint8_t> blocks(2 * static_cast<size_t>(size) * rowBytes), before(rowBytes);
  uint8_t* previous = blocks.data();                                        // the last block's after[]
  uint8_t* current = blocks.data() + static_cast<size_t>(size) * rowBytes;  // this block's rows
  cv::Mat out(height, width, CV_8UC1);
  for (int first = 0; first < n; first += size) {
    const int last = std::min(n, first + size) - 1;
    for (int i = first; i <= last; ++i) {
      uint8_t* rowI = current + static_cast<size_t>(i - first) * rowBytes;
      rowPass(i, rowI);
      if (i == first)
        std::memcpy(before.data(), rowI, rowBytes);
      else
        pickRow(rowI, before.data(), before.data(), width);
      const int y = i - (size - 1);
      if (y < 0) continue;
      if (y == first)  // the block's whole window: its `after` at its first row is `before` at its last
        std::memcpy(out.ptr<uint8_t>(y), before.data(), rowBytes);
      else
        pickRow(previous + static_cast<size_t>(y - (first - size)) * rowBytes, before.data(),
                out.ptr<uint8_t>(y), width);
    }
    if (last + 1 == n) break;  // no block after the last reads its `after`
    for (int i = last - 1; i >= first; --i) {
      uint8_t* rowI = current + static_cast<size_t>(i - first) * rowBytes;
      pickRow(rowI, rowI + rowBytes, rowI, width);
    }
    std::swap(previous, current);
  }
  dst = out;
}

}  // namespace

void rectMorphology(const cv::Mat& src, cv::Mat& dst, int size, RectOp op) {
  CV_Assert(src.type() == CV_8UC1 && size >= 1 && size % 2 == 1);
  if (src.empty()) {
    dst.create(src.size(), CV_8UC1);
    return;
  }
  if (op == RectOp::Min)
    filter<RectOp::Min>(src, dst, size);
  else
    filter<RectOp::Max>(src, dst, size);
}

}  // namespace camtrace
