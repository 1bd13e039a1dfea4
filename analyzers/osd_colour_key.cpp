#include "osd_colour_key.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

namespace camtrace {

namespace {

// How many times a luma dimension is halved in the chroma: 0 or 1, or -1 where the sizes do not fit so.
int halvings(int lumaSize, int chromaSize) {
  if (chromaSize == lumaSize) return 0;
  if (chromaSize == (lumaSize + 1) / 2) return 1;
  return -1;
}

// A luma position's two chroma neighbours and the first one's weight out of 4: the chroma sample centred
// on luma position 2i + 0.5 when halved, so luma 2i reads 3/4 of sample i and 1/4 of sample i - 1, luma
// 2i + 1 3/4 of i and 1/4 of i + 1 (clamped at the picture's edges).
struct Tap {
  int first, second, weight;
};
Tap tapOf(int at, int halved, int size) {
  if (halved == 0) return {at, at, 4};
  const int i = at >> 1;
  const int other = (at & 1) ? std::min(size - 1, i + 1) : std::max(0, i - 1);
  return {i, other, 3};
}

// One chroma row's colour difference, min(255, 4 (|Cb - 128| + |Cr - 128|)): saturating additions of
// |Cb - 128| and |Cr - 128|, then of the sum to itself twice, are the same.
void colourRow(const uint8_t* cb, const uint8_t* cr, int width, uint8_t* out) {
  int x = 0;
#if CV_SIMD128
  const cv::v_uint8x16 grey = cv::v_setall_u8(128);
  for (; x + 16 <= width; x += 16) {
    const cv::v_uint8x16 sum =
        cv::v_absdiff(cv::v_load(cb + x), grey) + cv::v_absdiff(cv::v_load(cr + x), grey);
    const cv::v_uint8x16 twice = sum + sum;  // + saturates
    cv::v_store(out + x, twice + twice);
  }
#endif
  for (; x < width; ++x) {
    const int c = 4 * (std::abs(cb[x] - 128) + std::abs(cr[x] - 128));
    out[x] = static_cast<uint8_t>(std::min(255, c));
  }
}

// Two chroma rows blended, weights w and 4 - w: four times the colour at a luma row.
void blendRows(const uint8_t* a, const uint8_t* b, int weight, int width, uint16_t* out) {
  int x = 0;
#if CV_SIMD128
  const cv::v_uint16x8 wa = cv::v_setall_u16(static_cast<uint16_t>(weight)),
                       wb = cv::v_setall_u16(static_cast<uint16_t>(4 - weight));
  for (; x + 8 <= width; x += 8)
    cv::v_store(out + x, cv::v_load_expand(a + x) * wa + cv::v_load_expand(b + x) * wb);
#endif
  for (; x < width; ++x) out[x] = static_cast<uint16_t>(weight * a[x] + (4 - weight) * b[x]);
}

// A blended row taken up to the luma's width: sixteen times the colour at each luma column.
void widenRow(const uint16_t* column, int halved, int cw, int width, uint16_t* out) {
  if (halved == 0) {
    for (int x = 0; x < width; ++x) out[x] = static_cast<uint16_t>(4 * column[x]);
    return;
  }
  // Columns 2i and 2i + 1 read sample i with i - 1 and with i + 1; the first and last samples, clamped.
  auto pair = [&](int i) {
    const int left = std::max(0, i - 1), right = std::min(cw - 1, i + 1);
    const auto at = static_cast<ptrdiff_t>(2) * i;
    if (2 * i < width) out[at] = static_cast<uint16_t>(column[left] + 3 * column[i]);
    if (2 * i + 1 < width) out[at + 1] = static_cast<uint16_t>(3 * column[i] + column[right]);
  };
  pair(0);
  int i = 1;
#if CV_SIMD128
  const cv::v_uint16x8 three = cv::v_setall_u16(3);
  for (; i + 9 <= cw && 2 * (i + 8) <= width; i += 8) {
    const cv::v_uint16x8 mid = cv::v_load(column + i) * three;
    cv::v_store_interleave(out + static_cast<ptrdiff_t>(2) * i, cv::v_load(column + i - 1) + mid,
                           mid + cv::v_load(column + i + 1));
  }
#endif
  for (; i < cw; ++i) pair(i);
}

// The widened colour (x16) times the luma, each to the nearest level: round(c * Y / 255) as
// (t + (t >> 8)) >> 8 with t = c * Y + 128, exact over 0 <= c * Y <= 255 * 255.
void weighRow(const uint16_t* colour, const uint8_t* luma, int width, uint8_t* out) {
  int x = 0;
#if CV_SIMD128
  const cv::v_uint16x8 eight = cv::v_setall_u16(8), half = cv::v_setall_u16(128);
  for (; x + 8 <= width; x += 8) {
    const cv::v_uint16x8 c = (cv::v_load(colour + x) + eight) >> 4;
    const cv::v_uint16x8 t = c * cv::v_load_expand(luma + x) + half;
    cv::v_pack_store(out + x, (t + (t >> 8)) >> 8);
  }
#endif
  for (; x < width; ++x) {
    const int t = ((colour[x] + 8) >> 4) * luma[x] + 128;
    out[x] = static_cast<uint8_t>((t + (t >> 8)) >> 8);
  }
}

}  // namespace

int osdColourPeak(const ChromaView& chroma) {
  if (chroma.empty() || chroma.cb.width != chroma.cr.width || chroma.cb.height != chroma.cr.height) return 0;
  std::vector<uint8_t> row(static_cast<size_t>(chroma.cb.width));
  int peak = 0;
  for (int c = 0; c < chroma.cb.height && peak < 255; ++c) {
    colourRow(chroma.cb.data + static_cast<ptrdiff_t>(c) * chroma.cb.stride,
              chroma.cr.data + static_cast<ptrdiff_t>(c) * chroma.cr.stride, chroma.cb.width, row.data());
    peak = std::max(peak, static_cast<int>(*std::max_element(row.begin(), row.end())));
  }
  return peak;
}

bool osdColourKeyFits(const GrayView& luma, const ChromaView& chroma) {
  return !luma.empty() && !chroma.empty() && chroma.cb.width == chroma.cr.width &&
         chroma.cb.height == chroma.cr.height && halvings(luma.width, chroma.cb.width) >= 0 &&
         halvings(luma.height, chroma.cb.height) >= 0;
}

void osdColourKey(const GrayView& luma, const ChromaView& chroma, int y0, int y1, cv::Mat& key) {
  if (!osdColourKeyFits(luma, chroma)) return;
  if (key.rows != luma.height || key.cols != luma.width || key.type() != CV_8U)
    key.create(luma.height, luma.width, CV_8U);
  y0 = std::max(0, y0);
  y1 = std::min(luma.height, y1);
  if (y0 >= y1) return;
  const int sx = halvings(luma.width, chroma.cb.width), sy = halvings(luma.height, chroma.cb.height);
  const int cw = chroma.cb.width, ch = chroma.cb.height;
  // The chroma rows the band reads, each made once.
  const Tap first = tapOf(y0, sy, ch), last = tapOf(y1 - 1, sy, ch);
  const int c0 = std::min(first.first, first.second), c1 = std::max(last.first, last.second) + 1;
  const auto stride = static_cast<size_t>(cw);
  std::vector<uint8_t> colour(static_cast<size_t>(c1 - c0) * stride);
  for (int c = c0; c < c1; ++c)
    colourRow(chroma.cb.data + static_cast<ptrdiff_t>(c) * chroma.cb.stride,
              chroma.cr.data + static_cast<ptrdiff_t>(c) * chroma.cr.stride, cw,
              colour.data() + static_cast<size_t>(c - c0) * stride);
  std::vector<uint16_t> column(stride), wide(static_cast<size_t>(luma.width));
  for (int y = y0; y < y1; ++y) {
    const Tap down = tapOf(y, sy, ch);
    blendRows(colour.data() + static_cast<size_t>(down.first - c0) * stride,
              colour.data() + static_cast<size_t>(down.second - c0) * stride, down.weight, cw, column.data());
    widenRow(column.data(), sx, cw, luma.width, wide.data());
    weighRow(wide.data(), luma.data + static_cast<ptrdiff_t>(y) * luma.stride, luma.width,
             key.ptr<uint8_t>(y));
  }
}

}  // namespace camtrace
