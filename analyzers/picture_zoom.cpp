#include "picture_zoom.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "resample.h"

namespace camtrace {
namespace {

// Windows of 26 to 51 thumbnail pixels a side: zooms from 1.25 to about 2.5, as the descriptor's search
// (analyzers/structure_zoom) and the presets a camera tours. Sought first on planes half as fine, every
// window size and position, then refined around the best few there: about a tenth of the products of the
// whole search at full size, which matters where a camera's every picture is a cut (a handheld camera
// under water, an old film's jitter).
constexpr int kLeastWindow = 26;
constexpr int kMostWindow = 51;
constexpr int kCoarseSide = kThumbnailSide / 2;
constexpr int kLeastCoarseWindow = (kLeastWindow + 1) / 2;
constexpr int kMostCoarseWindow = kMostWindow / 2;
constexpr size_t kRefined = 3;

// A square plane of whole levels, `side` a side, row after row.
using Levels = std::vector<uint8_t>;

// The spans of every scaling the search makes, from the thumbnail (to the coarse plane and to each window
// size) and from the coarse plane (to each coarse window size), made once.
const std::vector<AreaSpan>& spans(int from, int to) {
  static const auto table = [] {
    std::array<std::vector<std::vector<AreaSpan>>, 2> t;  // from the thumbnail, from the coarse plane
    for (int size = 0; size <= kThumbnailSide; ++size)
      t[0].push_back(size >= kLeastCoarseWindow ? areaSpans(kThumbnailSide, size) : std::vector<AreaSpan>{});
    for (int size = 0; size <= kCoarseSide; ++size)
      t[1].push_back(size >= kLeastCoarseWindow ? areaSpans(kCoarseSide, size) : std::vector<AreaSpan>{});
    return t;
  }();
  return table[from == kThumbnailSide ? 0 : 1][static_cast<size_t>(to)];
}

// band[x] += weight * row[x] over a row of `from` pixels (a multiple of 16): a multiplication then an
// addition per pixel, as the plain loop does, so either gives the same floats.
void addWeightedRow(const uint8_t* row, float weight, float* band, int from) {
  int x = 0;
#if CV_SIMD128
  const cv::v_float32x4 w = cv::v_setall_f32(weight);
  for (; x + 16 <= from; x += 16) {
    cv::v_uint16x8 low, high;
    cv::v_expand(cv::v_load(row + x), low, high);
    std::array<cv::v_uint32x4, 4> q;
    cv::v_expand(low, q[0], q[1]);
    cv::v_expand(high, q[2], q[3]);
    for (size_t k = 0; k < q.size(); ++k) {
      const cv::v_float32x4 product = cv::v_cvt_f32(cv::v_reinterpret_as_s32(q[k])) * w;
      float* at = band + x + 4 * k;
      cv::v_store(at, cv::v_load(at) + product);
    }
  }
#endif
  for (; x < from; ++x) band[x] += weight * static_cast<float>(row[x]);
}

// The area average of a square plane of `from` pixels a side (the thumbnail or the coarse plane) over a grid
// of `to` cells a side, rounded to whole levels: each source pixel weighed by how much of it lies in the
// cell, a band of rows at a time, then across. Float arithmetic in one fixed order, so the same plane gives
// the same levels on every run and machine. Not resampleLuma (analyzers/resample.h), made for whole
// pictures: a cut scales its two thumbnails some fifty times, and that function's set-up on each call
// (its spans, buffers, a plane of doubles) was a third of the witness's time; its spans are kept here.
Levels scaled(const uint8_t* plane, int from, int to) {
  const std::vector<AreaSpan>& cells = spans(from, to);
  std::vector<float> band(static_cast<size_t>(from));
  Levels out(static_cast<size_t>(to) * static_cast<size_t>(to));
  const auto cell = static_cast<float>(from) / static_cast<float>(to);
  const float area = cell * cell;
  for (int k = 0; k < to; ++k) {
    const AreaSpan& rows = cells[static_cast<size_t>(k)];
    std::fill(band.begin(), band.end(), 0.0f);
    for (int y = rows.first; y < rows.last; ++y)
      addWeightedRow(plane + static_cast<size_t>(y) * static_cast<size_t>(from), rows.weightOf(y),
                     band.data(), from);
    uint8_t* target = out.data() + static_cast<size_t>(k) * static_cast<size_t>(to);
    for (int i = 0; i < to; ++i) {
      const AreaSpan& columns = cells[static_cast<size_t>(i)];
      float sum = 0;
      for (int j = columns.first; j < columns.last; ++j)
        sum += columns.weightOf(j) * band[static_cast<size_t>(j)];
      target[i] = static_cast<uint8_t>(std::min(255.0f, sum / area + 0.5f));  // halves up: not negative
    }
  }
  return out;
}

// Rows of 16-bit levels, each padded with zeros to a whole number of vectors of eight and with room for one
// more vector past its end, so that a window's row is multiplied eight levels at a time without a tail.
constexpr int kLanes = 8;
int paddedStride(int side) {
  return (side + kLanes - 1) / kLanes * kLanes + kLanes;
}
std::vector<int16_t> padded(const Levels& levels, int side) {
  const int stride = paddedStride(side);
  std::vector<int16_t> out(static_cast<size_t>(side) * static_cast<size_t>(stride), 0);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      out[static_cast<size_t>(y) * static_cast<size_t>(stride) + static_cast<size_t>(x)] =
          levels[static_cast<size_t>(y) * static_cast<size_t>(side) + static_cast<size_t>(x)];
  return out;
}

// A plane searched for windows: its padded rows and its summed-area tables of levels and squares.
struct Plane {
  int side = 0, stride = 0;
  std::vector<int16_t> level;
  std::vector<int64_t> sum, squares;  // (side + 1)^2, zero first row and column

  Plane(const Levels& levels, int sideOfIt)
      : side(sideOfIt), stride(paddedStride(sideOfIt)), level(padded(levels, sideOfIt)) {
    const size_t tableStride = static_cast<size_t>(side) + 1;
    sum.assign(tableStride * tableStride, 0);
    squares.assign(tableStride * tableStride, 0);
    for (int y = 0; y < side; ++y) {
      int64_t rowSum = 0, rowSquares = 0;
      for (int x = 0; x < side; ++x) {
        const int64_t v = levels[static_cast<size_t>(y) * static_cast<size_t>(side) + static_cast<size_t>(x)];
        rowSum += v;
        rowSquares += v * v;
        const size_t cell = (static_cast<size_t>(y) + 1) * tableStride + static_cast<size_t>(x) + 1;
        sum[cell] = sum[cell - tableStride] + rowSum;
        squares[cell] = squares[cell - tableStride] + rowSquares;
      }
    }
  }
  const int16_t* row(int x, int y) const {
    return level.data() + static_cast<size_t>(y) * static_cast<size_t>(stride) + static_cast<size_t>(x);
  }
  int64_t box(const std::vector<int64_t>& table, int x, int y, int w) const {
    const size_t tableStride = static_cast<size_t>(side) + 1;
    const auto corner = [&](int xx, int yy) {
      return table[static_cast<size_t>(yy) * tableStride + static_cast<size_t>(xx)];
    };
    return corner(x + w, y + w) - corner(x, y + w) - corner(x + w, y) + corner(x, y);
  }
};

// The closer picture scaled to a window's size, in padded rows, with its sums.
struct Window {
  int side = 0, stride = 0;
  std::vector<int16_t> level;
  int64_t sum = 0, squares = 0;

  Window(const uint8_t* plane, int from, int sideOfIt) : side(sideOfIt), stride(paddedStride(sideOfIt)) {
    const Levels levels = scaled(plane, from, side);
    level = padded(levels, side);
    for (const uint8_t v : levels) {
      sum += v;
      squares += int64_t{v} * v;
    }
  }
};

// Pearson's correlation of the window with the plane's pixels under it at (x, y). The products are summed
// eight at a time (the padding's zeros add nothing) and exactly: at most 51 x 51 products of 255^2, under
// 2^28. The other sums are exact integers and the last steps correctly rounded doubles, so the same
// pictures give the same bits anywhere.
double correlation(const Window& w, const Plane& p, int x, int y) {
  const int16_t* window = w.level.data();
  int64_t products = 0;
#if CV_SIMD128
  cv::v_int32x4 sum = cv::v_setzero_s32();
  for (int v = 0; v < w.side; ++v, window += w.stride) {
    const int16_t* under = p.row(x, y + v);
    for (int u = 0; u < w.side; u += kLanes)
      sum += cv::v_dotprod(cv::v_load(window + u), cv::v_load(under + u));
  }
  products = cv::v_reduce_sum(sum);
#else
  for (int v = 0; v < w.side; ++v, window += w.stride) {
    const int16_t* under = p.row(x, y + v);
    for (int u = 0; u < w.side; ++u) products += int32_t{window[u]} * under[u];
  }
#endif
  const int64_t n = int64_t{w.side} * w.side;
  const int64_t under = p.box(p.sum, x, y, w.side), underSquares = p.box(p.squares, x, y, w.side);
  const int64_t covariance = n * products - w.sum * under;
  const int64_t windowSpread = n * w.squares - w.sum * w.sum;
  const int64_t planeSpread = n * underSquares - under * under;
  if (windowSpread <= 0 || planeSpread <= 0) return -1;
  return static_cast<double>(covariance) /
         std::sqrt(static_cast<double>(windowSpread) * static_cast<double>(planeSpread));
}

struct Best {
  double similarity = -1;
  int side = 0, x = 0, y = 0;
  // The first of equals in the search's order wins, so ties fall the same way every time.
  void offer(double s, int sideNow, int xNow, int yNow) {
    if (s > similarity) *this = Best{s, sideNow, xNow, yNow};
  }
};

// What a thumbnail is searched as, made once however many searches it takes part in: its planes at both
// scales, and its windows of the coarse sizes (scaled from the coarse plane).
struct Looks {
  const Thumbnail& thumbnail;
  Levels coarseLevels;
  Plane coarse, fine;
  std::vector<Window> coarseWindows;

  explicit Looks(const Thumbnail& t)
      : thumbnail(t),
        coarseLevels(scaled(t.data(), kThumbnailSide, kCoarseSide)),
        coarse(coarseLevels, kCoarseSide),
        fine(Levels(t.begin(), t.end()), kThumbnailSide) {
    for (int side = kLeastCoarseWindow; side <= kMostCoarseWindow; ++side)
      coarseWindows.emplace_back(coarseLevels.data(), kCoarseSide, side);
  }
};

PictureZoom placement(const Looks& closer, const Looks& wider) {
  std::vector<Best> rough;  // the best position of each window size on the coarse planes
  for (const Window& w : closer.coarseWindows) {
    Best best;
    for (int y = 0; y + w.side <= kCoarseSide; ++y)
      for (int x = 0; x + w.side <= kCoarseSide; ++x)
        best.offer(correlation(w, wider.coarse, x, y), w.side, x, y);
    if (best.side > 0) rough.push_back(best);
  }
  // A closer picture scaled to a dozen pixels says little about its size: the coarse maxima of nearby sizes
  // lie close together, and the right one was not always first (a 2.4x preset: 0.886 from the first, 0.977
  // at its true size). The best few sizes are refined.
  std::stable_sort(rough.begin(), rough.end(),
                   [](const Best& a, const Best& b) { return a.similarity > b.similarity; });
  if (rough.size() > kRefined) rough.resize(kRefined);
  Best best;
  for (const Best& r : rough)
    for (int side = 2 * r.side - 1; side <= 2 * r.side + 1; ++side) {
      if (side < kLeastWindow || side > kMostWindow) continue;
      const Window w(closer.thumbnail.data(), kThumbnailSide, side);
      for (int y = 2 * r.y - 2; y <= 2 * r.y + 2; ++y)
        for (int x = 2 * r.x - 2; x <= 2 * r.x + 2; ++x)
          if (x >= 0 && y >= 0 && x + side <= kThumbnailSide && y + side <= kThumbnailSide)
            best.offer(correlation(w, wider.fine, x, y), side, x, y);
    }
  PictureZoom out;
  if (best.side == 0) return out;
  out.similarity = static_cast<float>(best.similarity);
  out.window = best.side;
  out.left = best.x;
  out.top = best.y;
  return out;
}

}  // namespace

Thumbnail thumbnailOf(const FramePicture& picture) {
  Thumbnail out{};
  const cv::Mat& plane = picture.averaged(kThumbnailSide);
  for (int y = 0; y < kThumbnailSide; ++y)
    for (int x = 0; x < kThumbnailSide; ++x)
      out[static_cast<size_t>(y) * kThumbnailSide + static_cast<size_t>(x)] =
          static_cast<uint8_t>(plane.at<float>(y, x));
  return out;
}

PictureZoom closerViewPlacement(const Thumbnail& closer, const Thumbnail& wider) {
  return placement(Looks(closer), Looks(wider));
}

CutZoom cutZoom(const Thumbnail& earlier, const Thumbnail& later) {
  const Looks a(earlier), b(later);
  return CutZoom{placement(b, a), placement(a, b)};
}

bool samePlacement(const PictureZoom& a, const PictureZoom& b) {
  constexpr int kPixels = 3;
  return a.window > 0 && b.window > 0 && std::abs(a.window - b.window) <= kPixels &&
         std::abs(a.left - b.left) <= kPixels && std::abs(a.top - b.top) <= kPixels;
}

}  // namespace camtrace
