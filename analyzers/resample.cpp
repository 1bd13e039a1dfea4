#include "resample.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "avx2_dispatch.h"

namespace camtrace {
namespace {

#if CV_SIMD128
// Sixteen bytes as four vectors of floats.
std::array<cv::v_float32x4, 4> floatsOf(const uint8_t* bytes) {
  cv::v_uint16x8 low, high;
  cv::v_expand(cv::v_load(bytes), low, high);
  std::array<cv::v_uint32x4, 4> q;
  cv::v_expand(low, q[0], q[1]);
  cv::v_expand(high, q[2], q[3]);
  std::array<cv::v_float32x4, 4> out;
  for (size_t k = 0; k < 4; ++k) out[k] = cv::v_cvt_f32(cv::v_reinterpret_as_s32(q[k]));
  return out;
}
#endif

// out[x] += weight * row[x]: the loop every source pixel goes through once, sixteen pixels a step.
void accumulateRow(const uint8_t* row, float weight, float* out, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_float32x4 w = cv::v_setall_f32(weight);
  for (; x + 16 <= width; x += 16) {
    const auto pixels = floatsOf(row + x);
    for (size_t k = 0; k < 4; ++k) {
      float* at = out + x + 4 * k;
      cv::v_store(at, cv::v_muladd(pixels[k], w, cv::v_load(at)));
    }
  }
#endif
  for (; x < width; ++x) out[x] += weight * static_cast<float>(row[x]);
}

// out[x] = weight * row[x]: a cell's first row, which accumulateRow would add to zeros (the same floats: a
// product of non-negative numbers plus zero is itself).
void setRow(const uint8_t* row, float weight, float* out, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_float32x4 w = cv::v_setall_f32(weight);
  for (; x + 16 <= width; x += 16) {
    const auto pixels = floatsOf(row + x);
    for (size_t k = 0; k < 4; ++k) cv::v_store(out + x + 4 * k, pixels[k] * w);
  }
#endif
  for (; x < width; ++x) out[x] = weight * static_cast<float>(row[x]);
}

#ifdef CAMTRACE_AVX2
// The same, thirty-two pixels at a time (analyzers/avx2_dispatch.h).
CAMTRACE_AVX2_TARGET void addRowAvx2(const uint8_t* row, uint16_t* out, int width) {
  int x = 0;
  for (; x + 32 <= width; x += 32)
    addWidenedAvx2(out + x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + x)));
  for (; x < width; ++x) out[x] = static_cast<uint16_t>(out[x] + row[x]);
}
#else
constexpr void (*addRowAvx2)(const uint8_t*, uint16_t*, int) = nullptr;
#endif

// out[x] += row[x] in 16-bit lanes: whole rows, with no weight to apply, sixteen pixels at a time.
void addRowBaseline(const uint8_t* row, uint16_t* out, int width) {
  int x = 0;
#if CV_SIMD128
  for (; x + 16 <= width; x += 16) {
    cv::v_uint16x8 low, high;
    cv::v_expand(cv::v_load(row + x), low, high);
    cv::v_store(out + x, cv::v_load(out + x) + low);  // saturating, but kept under 65,536 by the caller
    cv::v_store(out + x + 8, cv::v_load(out + x + 8) + high);
  }
#endif
  for (; x < width; ++x) out[x] = static_cast<uint16_t>(out[x] + row[x]);
}

// out[x] += whole[x], the 16-bit sums made floats; `whole` is zeroed for the next rows.
void flushWhole(std::vector<uint16_t>& whole, float* out) {
  size_t x = 0;
#if CV_SIMD128
  for (; x + 8 <= whole.size(); x += 8) {
    cv::v_uint32x4 low, high;
    cv::v_expand(cv::v_load(whole.data() + x), low, high);
    cv::v_store(out + x, cv::v_load(out + x) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(low)));
    cv::v_store(out + x + 4, cv::v_load(out + x + 4) + cv::v_cvt_f32(cv::v_reinterpret_as_s32(high)));
  }
#endif
  for (; x < whole.size(); ++x) out[x] += static_cast<float>(whole[x]);
  std::fill(whole.begin(), whole.end(), uint16_t{0});
}

}  // namespace

std::vector<AreaSpan> areaSpans(int source, int target) {
  std::vector<AreaSpan> spans(static_cast<size_t>(target));
  const double scale = static_cast<double>(source) / target;
  for (int i = 0; i < target; ++i) {
    const double begin = i * scale, end = std::min<double>(source, (i + 1) * scale);
    AreaSpan& s = spans[static_cast<size_t>(i)];
    s.first = static_cast<int>(std::floor(begin));
    s.last = std::min(source, static_cast<int>(std::ceil(end)));
    s.headWeight = static_cast<float>(std::min<double>(s.first + 1, end) - begin);
    s.tailWeight = s.last - 1 > s.first ? static_cast<float>(end - (s.last - 1)) : s.headWeight;
  }
  return spans;
}

// Rows first: each target row sums its source rows into one row of floats, which its cells then sum
// across. For the sizes video comes in (the scales are multiples of a power of two over 64 or 128) every
// weight and partial sum is exact in a float, so the sums are exact; cv::resize's INTER_AREA divides its
// weights by the scale first, and rounds an average lying on a half either way. Three to eight times
// faster than cv::resize here, which walks each source pixel through a table of weights.
cv::Mat areaSums(const GrayView& luma, int width, int height) {
  const std::vector<AreaSpan> rows = areaSpans(luma.height, height), columns = areaSpans(luma.width, width);
  std::vector<float> sums(static_cast<size_t>(luma.width));
  std::vector<uint16_t> whole(sums.size());
  cv::Mat out(height, width, CV_64F);
  auto rowAt = [&luma](int y) { return luma.data + static_cast<ptrdiff_t>(y) * luma.stride; };
  static const auto addRow = forThisCpu(addRowAvx2, addRowBaseline);
  for (int i = 0; i < height; ++i) {
    const AreaSpan& r = rows[static_cast<size_t>(i)];
    // The rows at the cell's ends by their share; the whole rows between summed in integers (257 rows of
    // 255 at most fill 16 bits), the same exact sums for less work.
    setRow(rowAt(r.first), r.headWeight, sums.data(), luma.width);
    int pending = 0;
    for (int y = r.first + 1; y + 1 < r.last; ++y) {
      addRow(rowAt(y), whole.data(), luma.width);
      if (++pending == 257) {
        flushWhole(whole, sums.data());
        pending = 0;
      }
    }
    if (pending > 0) flushWhole(whole, sums.data());
    if (r.last - 1 > r.first) accumulateRow(rowAt(r.last - 1), r.tailWeight, sums.data(), luma.width);
    double* target = out.ptr<double>(i);
    for (int j = 0; j < width; ++j) {
      // The whole columns inside the cell, then the shares of the columns at its two ends.
      const AreaSpan& c = columns[static_cast<size_t>(j)];
      const size_t first = static_cast<size_t>(c.first), last = static_cast<size_t>(c.last) - 1;
      double inside = 0;
      for (size_t x = first + 1; x < last; ++x) inside += sums[x];
      double sum = static_cast<double>(c.headWeight) * sums[first] + inside;
      if (last > first) sum += static_cast<double>(c.tailWeight) * sums[last];
      target[j] = sum;
    }
  }
  return out;
}

double cellArea(const GrayView& luma, int width, int height) {
  return static_cast<double>(luma.width) / width * (static_cast<double>(luma.height) / height);
}

cv::Mat roundedAverage(const cv::Mat& sums, double area) {
  // Rounded half to even as std::nearbyint rounds (in the default rounding mode), without its call a pixel
  // (a third of the small planes' time at 640x360): adding 2^52 leaves no fraction bits, and for an average
  // of bytes (0 to 255) the sum and the difference are exact but for that rounding.
  constexpr double kNoFraction = 0x1p52;
  cv::Mat out(sums.rows, sums.cols, CV_32F);
  for (int y = 0; y < sums.rows; ++y) {
    const double* sum = sums.ptr<double>(y);
    float* target = out.ptr<float>(y);
    for (int x = 0; x < sums.cols; ++x) {
      const double average = std::clamp(sum[x] / area, 0.0, 255.0);
      target[x] = static_cast<float>((average + kNoFraction) - kNoFraction);
    }
  }
  return out;
}

cv::Mat pairedSums(const cv::Mat& sums) {
  cv::Mat out(sums.rows / 2, sums.cols / 2, CV_64F);
  for (int y = 0; y < out.rows; ++y) {
    const double* above = sums.ptr<double>(2 * y);
    const double* below = sums.ptr<double>(2 * y + 1);
    double* target = out.ptr<double>(y);
    for (ptrdiff_t x = 0; x < out.cols; ++x)
      target[x] = (above[2 * x] + above[2 * x + 1]) + (below[2 * x] + below[2 * x + 1]);
  }
  return out;
}

cv::Mat resampleLuma(const GrayView& luma, int width, int height) {
  if (luma.width >= width && luma.height >= height)
    return roundedAverage(areaSums(luma, width, height), cellArea(luma, width, height));
  cv::Mat small;
  cv::resize(asMat(luma), small, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
  cv::Mat out;
  small.convertTo(out, CV_32F);
  return out;
}

}  // namespace camtrace
