#include "osd_clock.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <climits>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "analyzers/rect_morphology.h"
#include "analyzers/resample.h"

namespace camtrace {
namespace {

// The key counted most in `counts` (the first in key order on a tie); `counts` must not be empty.
template <typename Counts>
const typename Counts::key_type& mostCounted(const Counts& counts) {
  return std::max_element(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// OSD text is drawn at full brightness over the picture, usually with a dark edge so it reads on any
// scene: a thin stroke far brighter than its surroundings. The top-hat (picture minus its opening) keeps
// exactly the bright structures narrower than the kernel.
int kernelSize(int frameHeight, int scale) {
  const int half = std::max(2, frameHeight / 120);
  return 2 * (scale == 0 ? half : 3 * half) + 1;
}
constexpr int kStrokeContrast = 60;
constexpr int kFaintContrast = 30;
constexpr int kFaintWhite = 220;
int poolScale(int pool) {
  return pool == 1 ? 1 : 0;
}
int poolContrast(int pool) {
  return pool == 2 ? kFaintContrast : kStrokeContrast;
}
constexpr int kStrokeLuma = kOsdStrokeLuma;
// How far below the brightest pixel around it a stroke pixel may be: strips of a bright background between
// the outlines of the text are not, and would blur the cells' boundaries.
constexpr int kLinePeakMargin = 20;

// The picture less its opening: what cv::morphologyEx's MORPH_TOPHAT gives with a square (the erosion reads
// around a region of a larger picture, the dilation only the eroded region).
cv::Mat topHat(const cv::Mat& luma, int kernel) {
  cv::Mat opened;
  rectMorphology(luma, opened, kernel, RectOp::Min);
  rectMorphology(opened, opened, kernel, RectOp::Max);
  cv::Mat tophat;
  cv::subtract(luma, opened, tophat);
  return tophat;
}

// A glyph is read from the pixels drawn in the text's own luma: the scene seen between the strokes' dark
// edges changes from frame to frame (light, IR, people), the text does not.
// With `lumaWeighted` (OsdLayout), a stroke pixel's weight rises with its luma over the top `tolerance`
// levels below `white`, less the last 10, and with its top-hat up to `contrast`: no hard cut in either.
cv::Mat glyphResponse(const cv::Mat& luma, const cv::Mat& tophat, int white, int tolerance, int contrast,
                      bool lumaWeighted) {
  const int cut = std::max(kStrokeLuma, white - tolerance);
  cv::Mat response = cv::Mat::zeros(luma.size(), CV_8UC1);
  if (!lumaWeighted) {
    tophat.copyTo(response, luma >= cut);
    return response;
  }
  constexpr int kMargin = 10;
  const int from = cut - kMargin, span = std::max(1, white - kMargin - from);
  const int full = std::max(1, std::min(kStrokeContrast, contrast));
  // 255 * bright * stroke / (span * full), rounded down, in floats four or eight pixels at a time: the
  // numerator (under 2^22) and the divisor (under 2^14) are exact floats, and a quotient that is not a
  // whole number lies at least 1 / divisor below the next one, farther than a float's spacing there
  // (2^-16 up to 255), so the rounded division truncates to the exact floor on every machine.
  const float divisor = static_cast<float>(span * full);
  auto quotient = [&](int l, int t) {
    const float bright = static_cast<float>(std::clamp(l - from, 0, span));
    const float stroke = static_cast<float>(std::min(t, full));
    return static_cast<uint8_t>(static_cast<int>(255.0f * bright * stroke / divisor));
  };
  for (int y = 0; y < luma.rows; ++y) {
    const uint8_t* l = luma.ptr<uint8_t>(y);
    const uint8_t* t = tophat.ptr<uint8_t>(y);
    uint8_t* out = response.ptr<uint8_t>(y);
    int x = 0;
#if CV_SIMD128
    const cv::v_int32x4 zero = cv::v_setzero_s32(), low = cv::v_setall_s32(from),
                        top = cv::v_setall_s32(span), most = cv::v_setall_s32(full);
    const cv::v_float32x4 levels = cv::v_setall_f32(255.0f), by = cv::v_setall_f32(divisor);
    auto four = [&](int at) {
      const cv::v_int32x4 bright =
          cv::v_min(cv::v_max(cv::v_reinterpret_as_s32(cv::v_load_expand_q(l + at)) - low, zero), top);
      const cv::v_int32x4 stroke = cv::v_min(cv::v_reinterpret_as_s32(cv::v_load_expand_q(t + at)), most);
      return cv::v_trunc(levels * cv::v_cvt_f32(bright) * cv::v_cvt_f32(stroke) / by);
    };
    for (; x + 8 <= luma.cols; x += 8) cv::v_pack_u_store(out + x, cv::v_pack(four(x), four(x + 4)));
#endif
    for (; x < luma.cols; ++x) out[x] = quotient(l[x], t[x]);
  }
  return response;
}

struct Box {
  int x0, y0, x1, y1;  // [x0, x1) x [y0, y1)
  int height() const { return y1 - y0; }
};

// Character cells of a text line. OSD engines draw from a character ROM into cells of one width, so the
// cells are a regular grid: the period of the line's ink, at the phase and exact pitch whose boundaries
// cross the least ink (stroke persistence of the boundary columns).
std::vector<OsdCell> gridCells(const std::vector<double>& ink, int x0, int lineHeight) {
  const int width = static_cast<int>(ink.size());
  double total = 0;
  for (double v : ink) total += v;
  if (total <= 0) return {};
  // The pitch is the period of the ink profile: the frequency of most power (a DFT over the plausible
  // pitches). Glyphs differ but each sits in the middle of its cell, so the line repeats at the pitch.
  struct Fit {
    double pitch = 0, phase = 0;
  };
  Fit chosen;
  double strongest = -1;
  const double mean = total / width;
  for (double pitch = std::max(3.0, 0.55 * lineHeight); pitch <= 1.6 * lineHeight; pitch += 0.02) {
    // The DFT's unit vector turned by one column's angle a step (a rotation, not a sine and a cosine a
    // column: those were a twentieth of a short audit), from the exact angle every 64 columns so its error
    // stays near the last bit.
    double re = 0, im = 0;
    const double stepCos = std::cos(2 * M_PI / pitch), stepSin = std::sin(2 * M_PI / pitch);
    double c = 1, s = 0;
    for (int x = 0; x < width; ++x) {
      if (x % 64 == 0) c = std::cos(2 * M_PI * x / pitch), s = std::sin(2 * M_PI * x / pitch);
      const double v = ink[static_cast<size_t>(x)] - mean;
      re += v * c;
      im += v * s;
      const double turned = c * stepCos - s * stepSin;
      s = s * stepCos + c * stepSin, c = turned;
    }
    const double power = re * re + im * im;
    if (power > strongest) {
      // Ink peaks at angle atan2(im, re); cell boundaries lie half a pitch from the peaks.
      const double centre = std::atan2(im, re) / (2 * M_PI) * pitch;
      chosen = {pitch, std::fmod(centre + pitch / 2 + 10 * pitch, pitch)};
      strongest = power;
    }
  }
  // The spectrum's peak is broad over a line of twenty cells; the exact pitch and phase are those near it
  // whose boundaries cross the least ink (a pitch off by a fifth of a pixel puts the last cells' boundaries
  // through their glyphs).
  auto inkAt = [&](double x) {
    int i = static_cast<int>(x);  // floor() without libm's call (no rounding instruction in the baseline)
    if (static_cast<double>(i) > x) --i;
    const double f = x - i;
    auto at = [&](int k) { return k >= 0 && k < width ? ink[static_cast<size_t>(k)] : 0.0; };
    return at(i) * (1 - f) + at(i + 1) * f;
  };
  Fit refined = chosen;
  double least = 1e300;
  for (double pitch = chosen.pitch - 0.5; pitch <= chosen.pitch + 0.5; pitch += 0.02) {
    for (double phase = 0; phase < pitch; phase += 0.1) {
      double cost = 0;
      int boundaries = 0;
      // Ink up to two pixels either side counts too, less with distance, so boundaries settle in the middle
      // of the gaps; among equally clean grids the pitch nearest the spectrum's peak wins.
      for (double x = phase; x < width; x += pitch, ++boundaries)
        cost += inkAt(x - 2) + 2 * inkAt(x - 1) + 4 * inkAt(x) + 2 * inkAt(x + 1) + inkAt(x + 2);
      if (boundaries < 2) continue;
      cost /= boundaries;
      const bool tie = std::abs(cost - least) <= 1e-9 * std::max(1.0, least);
      if ((cost < least && !tie) ||
          (tie && std::abs(pitch - chosen.pitch) < std::abs(refined.pitch - chosen.pitch))) {
        least = std::min(least, cost);
        refined = {pitch, phase};
      }
    }
  }
  std::vector<OsdCell> cells;
  for (double x = refined.phase - refined.pitch; x < width; x += refined.pitch) {
    // Whole cells, even where they reach past the line's ink: a glyph's place in its cell is what matches.
    const int a = static_cast<int>(std::lround(x)), b = static_cast<int>(std::lround(x + refined.pitch));
    if (b > 0 && a < width) cells.push_back({x0 + a, x0 + b});
  }
  // Only the cells from the first to the last with ink; blank cells between them are spaces.
  auto inked = [&](const OsdCell& c) {
    double sum = 0;
    for (int x = std::max(c.x0, x0); x < std::min(c.x1, x0 + width); ++x)
      sum += ink[static_cast<size_t>(x - x0)];
    return sum > 0.1 * mean * (c.x1 - c.x0);
  };
  while (!cells.empty() && !inked(cells.front())) cells.erase(cells.begin());
  while (!cells.empty() && !inked(cells.back())) cells.pop_back();
  return cells;
}

// Cells of a proportional font (a narrow ":" between wide digits): the runs of ink between gaps, widened
// into the gaps by up to a twelfth of the line height, so a space stays a gap between cells. A run wider
// than a character (text over a bright wall, where the scene's own strokes join the glyphs) stays one
// cell that no frame will read. Lines from 10 pixels (2026-12-07): FFmpeg's drawtext at a sixteenth of a
// 240-line picture draws an 11-pixel proportional line, which no grid fits (bench/README.md, thirty-sixth
// session); simulate's 10-pixel fixed-cell clocks are read both ways and keep the grid's where it reads
// more.
constexpr int kInkCellsMinHeight = 10;

// Per column of a line: the rows its strokes span ([top, bottom], -1 where it has none), its stroke
// pixels, and how many of them come and go (in under 4 frames in 5).
struct ColumnInk {
  int top = -1, bottom = -1;
  int strokes = 0, varying = 0;
};

// A run of columns with ink, [a, b) in line columns, and what its columns hold together.
struct InkRun {
  int a = 0, b = 0;
  int top = INT_MAX, bottom = -1, strokes = 0, varying = 0;

  InkRun(int from, int to, const std::vector<ColumnInk>& columns) : a(from), b(to) {
    for (int x = a; x < b; ++x) add(columns[static_cast<size_t>(x)]);
  }
  void add(const ColumnInk& c) {
    if (c.top >= 0) top = std::min(top, c.top), bottom = std::max(bottom, c.bottom);
    strokes += c.strokes;
    varying += c.varying;
  }
  int width() const { return b - a; }
  int height() const { return bottom < top ? 0 : bottom - top + 1; }
  // As tall as the line's characters (`tall`, 0 where none is known): a digit, not a ":" or "-".
  bool asTallAs(int tall) const { return tall > 0 && 10 * height() >= 9 * tall; }
  bool nearlyAsTallAs(int tall) const { return tall > 0 && 5 * height() >= 4 * tall; }
  // A place whose glyph changes from second to second, most of its strokes coming and going: its ink is
  // every digit it showed, a digit's whole width. (A place that shows one digit in one reference and
  // another in the next has most of its strokes in both.)
  bool changing() const { return strokes > 0 && varying * 3 >= 2 * strokes; }
};

// A thin-stroked font's digit may fall into two runs where its hairlines are too faint to be strokes (a
// serif "0": its top and bottom 190-240 beside stems of 255, its sides 4 pixels wide with 3 blank columns
// between them). Two such pieces are one digit when each is nearly as tall as the line's characters (four
// fifths: a bold serif "0" read on the colour key, whose hairlines fade with the subsampled chroma, keeps a
// right stem 16 of the line's 18 rows tall, its bowl's top gone with the hairline) and at most half a digit
// wide, and together they are no wider than a digit, the width of the changing places' ink (the seconds
// show every digit): two digits ("11") are wider, and a ":" is shorter (two thirds of the line). Where no
// place was seen changing, nothing is joined.
// A digit's width: the median width of the runs as tall as the line's characters whose strokes come and go
// (the changing places show every digit); 0 where none changes.
int changingDigitWidth(const std::vector<InkRun>& runs, int tall) {
  std::vector<int> widths;
  for (const InkRun& r : runs)
    if (r.changing() && r.asTallAs(tall)) widths.push_back(r.width());
  if (widths.empty()) return 0;
  std::sort(widths.begin(), widths.end());
  return widths[widths.size() / 2];
}

void joinDigitHalves(std::vector<InkRun>& runs, const std::vector<ColumnInk>& columns, int tall) {
  const int digit = changingDigitWidth(runs, tall);
  if (digit == 0) return;
  auto half = [&](const InkRun& r) { return r.nearlyAsTallAs(tall) && 2 * r.width() <= digit + 1; };
  std::vector<InkRun> joined;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (i + 1 < runs.size() && half(runs[i]) && half(runs[i + 1]) && runs[i + 1].b - runs[i].a <= digit + 1) {
      joined.emplace_back(runs[i].a, runs[i + 1].b, columns);
      ++i;
    } else {
      joined.push_back(runs[i]);
    }
  }
  runs = std::move(joined);
}

// Two digits that touch (a bold or italic font's "20", kerned tight, or outlined strokes joined through the
// codec) make one run two digits wide. A run as tall as the line's characters, that does not change, and is
// 1.75 to 2.4 times the width of the changing places' ink (a digit's), may be two digits: it is cut at its
// faintest column in its middle third. A digit and a "/" beside it are as wide, so the cells cut so are
// read as ways of their own beside the uncut ones (OsdLayout::pairCells).
void splitDigitPairs(std::vector<InkRun>& runs, const std::vector<ColumnInk>& columns,
                     const std::vector<double>& ink, int tall) {
  const int digit = changingDigitWidth(runs, tall);
  if (digit == 0) return;
  std::vector<InkRun> split;
  for (const InkRun& r : runs) {
    if (r.changing() || !r.asTallAs(tall) || 4 * r.width() < 7 * digit || 5 * r.width() > 12 * digit) {
      split.push_back(r);
      continue;
    }
    int cut = r.a + r.width() / 2;
    for (int x = r.a + (r.width() * 7 + 19) / 20; x <= r.a + r.width() * 13 / 20; ++x) {
      const double here = ink[static_cast<size_t>(x)], least = ink[static_cast<size_t>(cut)];
      if (here < least || (here == least && std::abs(2 * x - r.a - r.b) < std::abs(2 * cut - r.a - r.b)))
        cut = x;
    }
    split.emplace_back(r.a, cut, columns);
    split.emplace_back(cut, r.b, columns);
  }
  runs = std::move(split);
}

// The runs of ink [a, b) between gaps of a line's ink profile. Segment and dot-matrix fonts leave a
// column without ink inside a character (between a "0"'s side and its top): a gap between characters is
// wider, and grows with the text.
std::vector<std::pair<int, int>> inkSpans(const std::vector<double>& ink, int lineHeight) {
  const int width = static_cast<int>(ink.size());
  const double total = std::accumulate(ink.begin(), ink.end(), 0.0);
  std::vector<std::pair<int, int>> spans;
  if (total <= 0) return spans;
  const double gapLevel = 0.1 * total / width;
  const int minGap = std::max(2, lineHeight / 12);
  for (int x = 0; x < width;) {
    if (ink[static_cast<size_t>(x)] <= gapLevel) {
      ++x;
      continue;
    }
    int end = x, blank = 0;
    for (int k = x; k < width && blank < minGap; ++k) {
      blank = ink[static_cast<size_t>(k)] <= gapLevel ? blank + 1 : 0;
      if (blank == 0) end = k + 1;
    }
    spans.emplace_back(x, end);
    x = end;
  }
  return spans;
}

std::vector<OsdCell> gapCells(const std::vector<double>& ink, const std::vector<ColumnInk>& columns, int x0,
                              int lineHeight, bool cutPairs) {
  std::vector<InkRun> runs;
  for (const auto& [a, b] : inkSpans(ink, lineHeight)) runs.emplace_back(a, b, columns);
  if (runs.empty()) return {};
  // The line's characters' height: most runs are digits; letters below it are lower case, separators
  // shorter still.
  std::vector<int> heights;
  heights.reserve(runs.size());
  for (const InkRun& r : runs) heights.push_back(r.height());
  std::sort(heights.begin(), heights.end());
  const int tall = heights.empty() ? 0 : heights[heights.size() * 3 / 4];
  joinDigitHalves(runs, columns, tall);
  if (cutPairs) splitDigitPairs(runs, columns, ink, tall);
  // The references may show a place only ever holding a "1" (the minutes' tens of a clip filmed between
  // 04:10 and 04:19), whose ink is two thirds of a "0"'s: a capture's "0" there would be cut. Digits
  // advance by one width, so a run narrower than the line's median run is widened by the difference on
  // both sides (where a digit's ink sits in its advance differs from digit to digit), up to the ink of the
  // runs beside it, where it is more than half of the median (a ":" or "-" keeps its narrow cell). A
  // narrower run as tall as the line's characters is a digit much narrower than its advance (a serif "1",
  // a third of a "0"'s width), centred in it: its cell is a digit's width about its middle (widened by the
  // whole difference on both sides it ran into the space before it, where osdFormat ends a digit group).
  std::vector<int> widths;
  widths.reserve(runs.size());
  for (const InkRun& r : runs) widths.push_back(r.width());
  std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
  const int median = widths.empty() ? 0 : widths[widths.size() / 2];
  // Beside a space between words (the gap, less what narrow runs either side leave of their advances, wider
  // than a quarter of the characters' height), a run is widened about its middle too: a bold "1" after a
  // space, widened by the whole difference, took the space down to 4 pixels of a 16-pixel line, and
  // osdFormat read the day and the hour as one group of four digits ("18 10:10" in FreeSans Bold).
  const int pad = std::max(1, lineHeight / 12);
  auto slack = [&](size_t i) { return std::max(0, median - runs[i].width()); };
  auto spaceAt = [&](size_t i) {  // a space between runs i - 1 and i
    return i > 0 && i < runs.size() && 4 * (runs[i].a - runs[i - 1].b - slack(i - 1) - slack(i)) > tall;
  };
  std::vector<OsdCell> cells;
  for (size_t i = 0; i < runs.size(); ++i) {
    const int gapBefore = i == 0 ? 2 * pad : runs[i].a - runs[i - 1].b;
    const int gapAfter = i + 1 == runs.size() ? 2 * pad : runs[i + 1].a - runs[i].b;
    const int runWidth = runs[i].width();
    const bool wideEnough = 2 * runWidth > median;
    const int centred = runs[i].asTallAs(tall) ? (slack(i) + 1) / 2 + pad : 0;
    const int widen = wideEnough ? slack(i) : centred;
    const int widenBefore = wideEnough && spaceAt(i) ? std::min(widen, centred) : widen;
    const int widenAfter = wideEnough && spaceAt(i + 1) ? std::min(widen, centred) : widen;
    const int before = std::max(std::min(pad, gapBefore / 2), std::min(widenBefore, gapBefore - 1));
    const int after = std::max(std::min(pad, gapAfter / 2), std::min(widenAfter, gapAfter - 1));
    cells.push_back({x0 + runs[i].a - before, x0 + runs[i].b + after});
  }
  return cells;
}

// One row of the stroke response: the top-hat, kept only where the pixel is bright and near the brightest
// around it (`peak`, within `margin`; the sum saturates at 255): outlined text leaves strips of background
// between its dark edges that the top-hat alone would also keep.
void strokeRow(const uint8_t* pixel, const uint8_t* tophat, const uint8_t* peak, int margin, uint8_t* out,
               int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_uint8x16 bright = cv::v_setall_u8(kStrokeLuma),
                       above = cv::v_setall_u8(static_cast<uint8_t>(margin));
  for (; x + 16 <= width; x += 16) {
    const cv::v_uint8x16 v = cv::v_load(pixel + x);
    const cv::v_uint8x16 keep = (v >= bright) & ((v + above) >= cv::v_load(peak + x));  // + saturates
    cv::v_store(out + x, cv::v_load(tophat + x) & keep);
  }
#endif
  for (; x < width; ++x) {
    const bool keep = pixel[x] >= kStrokeLuma && std::min(255, pixel[x] + margin) >= peak[x];
    out[x] = keep ? tophat[x] : 0;
  }
}

// One row of a frame's strokes into a pool: per pixel whose response reaches `contrast`, one more frame in
// which it was a stroke and its luma then. Sixteen pixels a step; most of a picture is no stroke, and a
// step without one leaves the pool's memory untouched. A pixel's counts never exceed kMaxFrames.
void poolStrokes(const uint8_t* response, uint8_t contrast, const uint8_t* pixel, uint16_t* count,
                 uint32_t* sum, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_uint8x16 one = cv::v_setall_u8(1), least = cv::v_setall_u8(contrast);
  for (; x + 16 <= width; x += 16) {
    const cv::v_uint8x16 m = cv::v_load(response + x) >= least;
    if (!cv::v_check_any(m)) continue;
    cv::v_uint16x8 c0, c1, l0, l1;
    cv::v_expand(m & one, c0, c1);
    cv::v_store(count + x, cv::v_load(count + x) + c0);
    cv::v_store(count + x + 8, cv::v_load(count + x + 8) + c1);
    cv::v_expand(cv::v_load(pixel + x) & m, l0, l1);
    cv::v_uint32x4 q[4];
    cv::v_expand(l0, q[0], q[1]);
    cv::v_expand(l1, q[2], q[3]);
    for (int k = 0; k < 4; ++k)
      cv::v_store(sum + x + ptrdiff_t{4} * k, cv::v_load(sum + x + ptrdiff_t{4} * k) + q[k]);
  }
#endif
  for (; x < width; ++x) {
    const bool stroke = response[x] >= contrast;
    count[x] += stroke;
    sum[x] += stroke ? pixel[x] : 0;
  }
}

}  // namespace

void OsdLayoutBuilder::start(int width, int height) {
  width_ = width;
  height_ = height;
  for (int p = 0; p < kPools; ++p) {
    Pool& pool = pools_[static_cast<size_t>(p)];
    const bool kept = p == kInvertedPool ? negative_ : !lightOnly_ || p == 0;
    const size_t pixels = kept ? static_cast<size_t>(width_) * height_ : 0;
    pool.strokes.assign(pixels, 0);
    pool.lumaSum.assign(pixels, 0);
  }
}

void OsdLayoutBuilder::add(const GrayView& luma) {
  addShifted(luma, 0, {0, 0, luma.width, luma.height});
}

void OsdLayoutBuilder::addShifted(const GrayView& luma, int dx, cv::Rect pooled) {
  if (luma.empty() || frames_ >= kMaxFrames || int64_t{luma.width} * luma.height > kMaxPixels) return;
  if (frames_ == 0) start(luma.width, luma.height);
  if (luma.width != width_ || luma.height != height_) return;
  pooled &= cv::Rect(0, 0, width_, height_);
  // Pooled column x takes the picture's column x + dx: the picture's columns [from, to).
  const int from = std::max(0, pooled.x + dx), to = std::min(width_, pooled.x + pooled.width + dx);
  if (pooled.empty() || from >= to) {
    ++frames_;
    return;
  }
  // The morphology over the pixels pooled and the widest window's reach around them: the same values there
  // as over the whole picture.
  const int reach = kernelSize(height_, kStrokeScales - 1) + 2;
  const int y0 = std::max(0, pooled.y - reach), y1 = std::min(height_, pooled.y + pooled.height + reach);
  const int x0 = std::max(0, from - reach), x1 = std::min(width_, to + reach);
  // The stroke response a row at a time, each row pooled while it is at hand: picture-sized temporaries
  // for every step cost more than the morphology itself. Pools of one scale share its response (the
  // faint pool is the light one's at half the contrast).
  std::vector<uint8_t> response(static_cast<size_t>(x1 - x0));
  // A wider scale's erosion and dilation continue the narrower one's: a rectangle's minimum (maximum)
  // over a window of a pixels, then over b, is its minimum over a + b - 1, pixels past the picture's edge
  // left out either way. The same top-hats and peaks for a third less morphology.
  cv::Mat eroded, peak;
  int erodedBy = 1, peakBy = 1;  // the window each holds so far (1: the picture itself)
  const cv::Mat picture = asMat(luma)(cv::Rect(x0, y0, x1 - x0, y1 - y0));
  for (int scale = 0; scale < (lightOnly_ ? 1 : kStrokeScales); ++scale) {
    const int kernel = kernelSize(height_, scale);
    cv::Mat tophat;
    rectMorphology(erodedBy == 1 ? picture : eroded, eroded, kernel - erodedBy + 1, RectOp::Min);
    erodedBy = kernel;
    rectMorphology(eroded, tophat, kernel, RectOp::Max);
    cv::subtract(picture, tophat, tophat);  // the picture less its opening
    rectMorphology(peakBy == 1 ? picture : peak, peak, kernel + 2 - peakBy + 1, RectOp::Max);
    peakBy = kernel + 2;
    for (int y = pooled.y; y < pooled.y + pooled.height; ++y) {
      const uint8_t* pixel = luma.data + static_cast<size_t>(y) * luma.stride;
      strokeRow(pixel + x0, tophat.ptr<uint8_t>(y - y0), peak.ptr<uint8_t>(y - y0), kLinePeakMargin,
                response.data(), x1 - x0);
      const size_t at = static_cast<size_t>(y) * width_ + static_cast<size_t>(from - dx);
      for (int p = 0; p < kInvertedPool; ++p) {
        Pool& pool = pools_[static_cast<size_t>(p)];
        if (poolScale(p) != scale || pool.strokes.empty()) continue;
        poolStrokes(response.data() + (from - x0), static_cast<uint8_t>(poolContrast(p)), pixel + from,
                    pool.strokes.data() + at, pool.lumaSum.data() + at, to - from);
      }
    }
  }
  Pool& inverted = pools_[kInvertedPool];
  if (!inverted.strokes.empty()) {
    // The negative at the light scale: a pale scene's text told by its dark edge (OsdLayout::inverted).
    cv::Mat negative, tophat;
    cv::bitwise_not(picture, negative);
    const int kernel = kernelSize(height_, 0);
    rectMorphology(negative, eroded, kernel, RectOp::Min);
    rectMorphology(eroded, tophat, kernel, RectOp::Max);
    cv::subtract(negative, tophat, tophat);
    rectMorphology(negative, peak, kernel + 2, RectOp::Max);
    for (int y = pooled.y; y < pooled.y + pooled.height; ++y) {
      const uint8_t* pixel = negative.ptr<uint8_t>(y - y0);  // column x0's
      strokeRow(pixel, tophat.ptr<uint8_t>(y - y0), peak.ptr<uint8_t>(y - y0), kLinePeakMargin,
                response.data(), x1 - x0);
      const size_t at = static_cast<size_t>(y) * width_ + static_cast<size_t>(from - dx);
      poolStrokes(response.data() + (from - x0), static_cast<uint8_t>(poolContrast(kInvertedPool)),
                  pixel + (from - x0), inverted.strokes.data() + at, inverted.lumaSum.data() + at, to - from);
    }
  }
  ++frames_;
}

void OsdLayoutBuilder::merge(const OsdLayoutBuilder& other, int dx) {
  if (other.frames_ == 0) return;
  if (frames_ == 0 && dx == 0) {
    *this = other;
    return;
  }
  if (frames_ == 0) {
    negative_ = negative_ && other.negative_;  // no negative to take: none to pool
    lightOnly_ = lightOnly_ || other.lightOnly_;
    start(other.width_, other.height_);
  }
  if (other.width_ != width_ || other.height_ != height_) return;
  const int take = std::min(other.frames_, kMaxFrames - frames_);
  if (take <= 0) return;
  // Counts cannot be split by frame, so a partial merge scales the other side's counts.
  // Column x takes theirs at x + dx (a line registered to another frame of the text: OsdLineRegistrar).
  const int from = std::max(0, dx), to = std::min(width_, width_ + dx);
  for (size_t p = 0; p < pools_.size(); ++p) {
    Pool& pool = pools_[p];
    const Pool& theirs = other.pools_[p];
    if (pool.strokes.empty() || theirs.strokes.empty()) continue;  // a negative one side did not pool
    for (int y = 0; y < height_; ++y)
      for (int x = from; x < to; ++x) {
        const size_t row = static_cast<size_t>(y) * width_, i = row + static_cast<size_t>(x),
                     mine = row + static_cast<size_t>(x - dx);  // x - dx >= 0: x >= from >= dx
        pool.strokes[mine] = static_cast<uint16_t>(
            pool.strokes[mine] + static_cast<int64_t>(theirs.strokes[i]) * take / other.frames_);
        pool.lumaSum[mine] = static_cast<uint32_t>(
            pool.lumaSum[mine] + static_cast<int64_t>(theirs.lumaSum[i]) * take / other.frames_);
      }
  }
  frames_ += take;
}

void OsdLayoutBuilder::merge(OsdLayoutBuilder&& other) {
  if (other.frames_ == 0) return;
  if (frames_ == 0) {
    *this = std::move(other);
    return;
  }
  merge(static_cast<const OsdLayoutBuilder&>(other));
}

namespace {

// Characters join into words with a short horizontal closing; words of a text's height are kept. With
// `detached`, what stays narrower than the closing after it (a lamp post, a window frame touching the
// text from below) is opened away first, so text drawn over a busy scene is not one component with it; it
// also thins small text, which is why lines are sought both ways. A component whose ink fills a twentieth
// of its box or less is thin lines, no word: a window's border under the clock and beside it (a screen
// recording of the third held-out set) enclosed the clock in its box and joined it into a line 80 rows
// tall; text's strokes fill a fifth of their box or more, a thin font's too.
constexpr int kMinWordFill = 20;
std::vector<Box> wordsOf(const cv::Mat& active, int height, bool detached) {
  cv::Mat closed, labels, stats, centroids;
  const int joinWidth = std::max(3, height / 36) | 1;
  const cv::Mat join = cv::getStructuringElement(cv::MORPH_RECT, {joinWidth, 1});
  cv::morphologyEx(active, closed, cv::MORPH_CLOSE, join);
  if (detached) cv::morphologyEx(closed, closed, cv::MORPH_OPEN, join);
  const int n = cv::connectedComponentsWithStats(closed, labels, stats, centroids, 8, CV_32S);
  const int minHeight = std::max(4, height / 60), maxHeight = std::max(8, height / 8);
  std::vector<Box> words;
  for (int i = 1; i < n; ++i) {
    const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
    const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (h >= minHeight && h <= maxHeight && w * h <= kMinWordFill * area)
      words.push_back({x, y, x + w, y + h});
  }
  std::sort(words.begin(), words.end(),
            [](const Box& a, const Box& b) { return std::tie(a.x0, a.y0) < std::tie(b.x0, b.y0); });
  return words;
}

// Words (or single characters) on one baseline, at most three heights apart, form a line: a "-" or "."
// between two digits is too short to be a word, and a fixed cell's "1" leaves gaps either side (a
// "26-12-2019" clock in 9-pixel fixed cells has 18 pixels between the "6" and the "1").
std::vector<Box> linesOf(const std::vector<Box>& words) {
  std::vector<Box> lines;
  std::vector<bool> used(words.size(), false);
  for (size_t i = 0; i < words.size(); ++i) {
    if (used[i]) continue;
    Box line = words[i];
    used[i] = true;
    for (size_t j = i + 1; j < words.size(); ++j) {
      if (used[j]) continue;
      const Box& w = words[j];
      const int overlap = std::min(line.y1, w.y1) - std::max(line.y0, w.y0);
      const int gap = w.x0 - line.x1;
      if (overlap * 2 >= std::min(line.height(), w.height()) &&
          gap <= 3 * std::max(line.height(), w.height())) {
        line = {std::min(line.x0, w.x0), std::min(line.y0, w.y0), std::max(line.x1, w.x1),
                std::max(line.y1, w.y1)};
        used[j] = true;
      }
    }
    if (line.x1 - line.x0 >= 3 * line.height()) lines.push_back(line);
  }
  return lines;
}

// The pooled strokes, read per text line: a stroke counts when it is in `active` frames, stays when it is
// in `still` frames (4 in 5).
struct StrokeCounts {
  const std::vector<uint16_t>& strokes;
  const std::vector<uint32_t>& lumaSum;
  int width, frames, active, still;
  OsdSlant slant;  // how the line's upright columns below are read

  int at(int x, int y) const { return strokes[static_cast<size_t>(y) * width + x]; }
  // In the line's upright columns: 0 past the picture's edge.
  int upright(int x, int y) const {
    const int sx = x + slant.at(y);
    return sx >= 0 && sx < width ? at(sx, y) : 0;
  }

  // Per column of the line, the rows (from the line's top) of its active strokes, and how many of them
  // come and go.
  std::vector<ColumnInk> columns(const Box& line) const {
    std::vector<ColumnInk> out(static_cast<size_t>(line.x1 - line.x0));
    for (int y = line.y0; y < line.y1; ++y)
      for (int x = line.x0; x < line.x1; ++x)
        if (const int n = upright(x, y); n >= active) {
          ColumnInk& c = out[static_cast<size_t>(x - line.x0)];
          if (c.top < 0) c.top = y - line.y0;
          c.bottom = y - line.y0;
          ++c.strokes;
          c.varying += n < still;
        }
    return out;
  }

  // Per column of the line: the mean luma of its active strokes' pixels where they were strokes (-1 for a
  // column without strokes), the share of the frames its stroke pixels were strokes in, on average, and
  // whether every one of them comes and goes.
  struct ColumnLevel {
    int luma = -1;
    double share = 0;
    bool varying = true;
  };
  std::vector<ColumnLevel> columnLevels(const Box& line) const {
    std::vector<ColumnLevel> out(static_cast<size_t>(line.x1 - line.x0));
    for (int x = line.x0; x < line.x1; ++x) {
      uint64_t sum = 0, strokesSeen = 0, pixels = 0;
      bool varying = true;
      for (int y = line.y0; y < line.y1; ++y) {
        const int sx = x + slant.at(y);
        if (sx < 0 || sx >= width) continue;
        const int n = at(sx, y);
        if (n < active) continue;
        sum += lumaSum[static_cast<size_t>(y) * width + sx];
        strokesSeen += static_cast<uint64_t>(n);
        ++pixels;
        varying = varying && n < still;
      }
      if (strokesSeen == 0) continue;
      out[static_cast<size_t>(x - line.x0)] = {
          static_cast<int>(sum / strokesSeen),
          static_cast<double>(strokesSeen) / (static_cast<double>(pixels) * frames), varying};
    }
    return out;
  }

  // The line's ink per column, as a share of the frames.
  std::vector<double> ink(const Box& line) const {
    std::vector<double> out(static_cast<size_t>(line.x1 - line.x0), 0.0);
    for (int y = line.y0; y < line.y1; ++y)
      for (int x = line.x0; x < line.x1; ++x)
        if (const int n = upright(x, y); n >= active)
          out[static_cast<size_t>(x - line.x0)] += static_cast<double>(n) / frames;
    return out;
  }

  // Cells whose strokes come and go in a third of their ink or more (the seconds do).
  int changing(const Box& line, const std::vector<OsdCell>& cells) const {
    int count = 0;
    for (const auto& cell : cells) {
      int activePixels = 0, varying = 0;
      for (int y = line.y0; y < line.y1; ++y)
        for (int x = cell.x0; x < cell.x1; ++x) {
          const int n = upright(x, y);
          if (n < active) continue;
          ++activePixels;
          varying += n < still;
        }
      count += activePixels > 0 && varying * 3 >= activePixels;
    }
    return count;
  }

  // The text's own luma: the median over the strokes that are there in almost every frame.
  std::optional<int> textLuma(const Box& line) const {
    std::vector<int> levels;
    for (int y = line.y0; y < line.y1; ++y)
      for (int x = line.x0; x < line.x1; ++x) {
        const size_t i = static_cast<size_t>(y) * width + x;
        if (strokes[i] >= still) levels.push_back(static_cast<int>(lumaSum[i] / strokes[i]));
      }
    if (levels.empty()) return std::nullopt;
    std::nth_element(levels.begin(), levels.begin() + static_cast<long>(levels.size() / 2), levels.end());
    return levels[levels.size() / 2];
  }
};

// The scene seen between two words of the text (a lit tower's pale stripes in the space before the hour)
// makes strokes as the text does, and a cell cut where the ink is swallowed the space: "26 10" read as one
// group of four digits, on every frame. Such a column's strokes all come and go, each pixel a stroke in a
// few frames (the stripes passed each in under a tenth of them), at a level below the narrowest tolerance a
// glyph is read with (kOsdTolerances): it is the scene's, and no ink for the cells. The text's own columns
// that come and go are the changing digits', whose strokes most digits share are there in most frames, a
// serif's faint hairlines too (a bold serif's "0" on the colour key, its hairlines under the text's level,
// lost its place otherwise); columns with any stroke that stays are kept (a standing digit's edge, darker
// through the codec, is still the text's).
void dropSceneColumns(const StrokeCounts& counts, const Box& line, int white, std::vector<double>& ink,
                      std::vector<ColumnInk>& columns) {
  constexpr double kSceneShare = 0.2;
  const std::vector<StrokeCounts::ColumnLevel> levels = counts.columnLevels(line);
  for (size_t x = 0; x < levels.size(); ++x) {
    const StrokeCounts::ColumnLevel& c = levels[x];
    if (c.luma < 0 || !c.varying || c.luma >= white - kOsdTolerances[0] || c.share >= kSceneShare) continue;
    ink[x] = 0.0;
    columns[x] = ColumnInk{};
  }
}

// How a line's counts are read upright: an oblique font's lean is the slant (0 to half a pixel a row) that
// cuts its ink into the most runs, where that is at least two more than upright text would have (a slant
// merges an upright font's characters, so upright text keeps none).
OsdSlant lineSlant(const StrokeCounts& counts, const Box& line) {
  auto runsAt = [&](OsdSlant slant) {
    StrokeCounts leaning = counts;
    leaning.slant = slant;
    return inkSpans(leaning.ink(line), line.height()).size();
  };
  OsdSlant best{0, line.y1 - 1};
  const size_t uprightRuns = runsAt(best);
  size_t most = uprightRuns;
  for (int sixteenths = 1; sixteenths <= 8; ++sixteenths) {
    const OsdSlant slant{sixteenths, line.y1 - 1};
    const size_t runs = runsAt(slant);
    if (runs > most && runs >= uprightRuns + 2) most = runs, best = slant;
  }
  return best;
}

}  // namespace

OsdLayout OsdLayoutBuilder::finish(int minFrames) const {
  OsdLayout layout = finishWith(minFrames, false);
  // Only where no line is found otherwise: lines held to their own most constant strokes (finishAt).
  return layout.empty() ? finishWith(minFrames, true) : layout;
}

OsdLayout OsdLayoutBuilder::finishWith(int minFrames, bool ownStrokes) const {
  OsdLayout layout = finishAt(0, minFrames, ownStrokes);
  // The heavier scale sees heavy text whole where the lighter one keeps only the edges of its strokes (a
  // 40-pixel bold line's 7-pixel strokes under a 7-pixel top-hat: its cells cut inside the characters).
  // It is taken where the light one found the same line, and its strokes are too wide for the light
  // top-hat. Alone it finds nothing: at its width a scene's bright details (a window, a lamp) pass for
  // strokes, and without a clock it found a "line" in a simulated room (OsdClock.FindsNoClockWhereNone...).
  OsdLayout heavy = finishAt(1, minFrames, ownStrokes);
  if (!heavy.empty() && !layout.empty() &&
      std::min(heavy.bottom, layout.bottom) > std::max(heavy.top, layout.top) &&
      2 * strokeWidth(heavy) >= kernelSize(height_, 0) + 1)
    layout = std::move(heavy);
  // Faint text: where nothing rises 60 levels above the scene, a line whose strokes rise 30, drawn near
  // full white as OSD engines draw (a plain room's window frames and edges rise 30 too, but greyer).
  if (layout.empty()) {
    OsdLayout faint = finishAt(2, minFrames, ownStrokes);
    if (!faint.empty() && faint.white >= kFaintWhite) layout = std::move(faint);
  }
  return layout;
}

void OsdLayoutBuilder::dropNegative() {
  negative_ = false;
  // A fresh pool moved in: assigning {} to a vector empties it and keeps its memory.
  pools_[kInvertedPool] = Pool{};
}

OsdLayout OsdLayoutBuilder::finishInverted(int minFrames) const {
  if (pools_[kInvertedPool].strokes.empty()) return {};
  OsdLayout layout = finishAt(kInvertedPool, minFrames, false);
  if (layout.empty()) layout = finishAt(kInvertedPool, minFrames, true);
  // The negative shows a stroke's edge on both of its sides: in small text the edges of a digit's strokes
  // run together and distinct digits make one glyph (simulate's "rom" clock at 320x180, thin white on a black
  // edge, a 16-row line: its "5" and "3" took one name, and a session's date was read two days early).
  if (layout.bottom - layout.top < kInvertedMinHeight) return {};
  return layout;
}

std::vector<cv::Point> OsdLayoutBuilder::stillStrokes(const OsdLayout& layout) const {
  std::vector<cv::Point> out;
  if (layout.empty() || frames_ == 0) return out;
  for (int p = 0; p < kPools; ++p) {
    if (kernelSize(height_, poolScale(p)) != layout.kernel || poolContrast(p) != layout.contrast ||
        (p == kInvertedPool) != layout.inverted || pools_[static_cast<size_t>(p)].strokes.empty())
      continue;
    const std::vector<uint16_t>& strokes = pools_[static_cast<size_t>(p)].strokes;
    const int still = frames_ * 4 / 5;
    for (int y = std::max(0, layout.top); y < std::min(height_, layout.bottom); ++y)
      for (int x = std::max(0, layout.cells.front().x0); x < std::min(width_, layout.cells.back().x1); ++x)
        if (strokes[static_cast<size_t>(y) * width_ + x] >= still) out.emplace_back(x, y);
    break;
  }
  return out;
}

// The median width of the strokes that stay in (nearly) every frame, across the layout's line: a stroke
// is a run of such pixels along a row.
int OsdLayoutBuilder::strokeWidth(const OsdLayout& layout) const {
  const Pool& pool = pools_[1];
  const int still = frames_ * 4 / 5;
  std::vector<int> runs;
  for (int y = layout.top; y < layout.bottom; ++y) {
    int run = 0;
    for (int x = layout.cells.front().x0; x <= layout.cells.back().x1; ++x) {
      const bool on = x < width_ && pool.strokes[static_cast<size_t>(y) * width_ + x] >= still;
      if (on) {
        ++run;
      } else if (run > 0) {
        runs.push_back(run);
        run = 0;
      }
    }
  }
  if (runs.empty()) return 0;
  std::nth_element(runs.begin(), runs.begin() + static_cast<long>(runs.size() / 2), runs.end());
  return runs[runs.size() / 2];
}

OsdLayout OsdLayoutBuilder::finishAt(int poolIndex, int minFrames, bool ownStrokes) const {
  OsdLayout layout;
  if (frames_ < std::max(minFrames, 2)) return layout;
  const Pool& pool = pools_[static_cast<size_t>(poolIndex)];
  if (pool.strokes.empty()) return layout;  // not pooled (poolLightOnly)
  const int scale = poolScale(poolIndex);
  // Active: a stroke in at least 5% of the frames (a digit of the units of seconds shows a tenth of the
  // time); the scene's own bright specks come and go with light and people and rarely stay that long.
  const StrokeCounts pooled{
      pool.strokes, pool.lumaSum, width_, frames_, std::max(2, frames_ / 20), frames_ * 4 / 5, {}};
  cv::Mat active(height_, width_, CV_8UC1);
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) active.at<uint8_t>(y, x) = pooled.at(x, y) >= pooled.active ? 255 : 0;
  // The clock is a line of which at least one cell changes (the seconds do): a static scene's bright
  // details never change under the same light. Of two such lines apart, the one with the most cells that
  // hold still, then the most cells: a clock's characters stay but for its seconds, while a line of the
  // scene that moves changes everywhere (read on the third held-out set, bench/README.md thirty-seventh
  // session: a screen recording's webcam corner, 19 cells of which 7 changed, was taken over its 17-cell
  // clock, 2 changing). Of two that overlap, pieces of one text, the one with the most cells: a clock that
  // moves with its text changes in every cell, and a piece of it holds more (simulate's 32-pixel outlined
  // clock, whose upper half made a line of its own).
  std::pair<size_t, size_t> best{0, 0};  // the chosen line's cells that hold, and all its cells
  Box bestLine{};
  const int maxHeight = std::max(8, height_ / 8);
  std::vector<Box> lines = linesOf(wordsOf(active, height_, false));
  std::erase_if(lines, [&](const Box& line) { return line.height() > maxHeight; });
  const size_t whole = lines.size();
  for (const Box& line : linesOf(wordsOf(active, height_, true))) {
    // A line found whole is read whole: its thinned copy would be cut where small text lost its strokes.
    const bool seen = std::any_of(lines.begin(), lines.begin() + static_cast<long>(whole), [&](const Box& b) {
      return 2 * (std::min(b.x1, line.x1) - std::max(b.x0, line.x0)) >= line.x1 - line.x0 &&
             std::min(b.y1, line.y1) > std::max(b.y0, line.y0);
    });
    if (!seen) lines.push_back(line);
  }
  // A line of characters none of which changes, whose words lie on its rows further along, a space and a
  // half or less beyond its ends, continues there: the clock's time drawn beside something of the scene
  // (people walking past the corner) joins that into a taller word, which leaves the line's date part
  // alone. Only such lines are continued: a line of the scene's own that already changes, continued, took
  // a whole picture's width of cells.
  const auto continued = [&](Box longer) {
    const auto inked = [&](int x) {
      for (int y = longer.y0; y < longer.y1; ++y)
        if (active.at<uint8_t>(y, x)) return true;
      return false;
    };
    for (int x = longer.x1, gap = 0; x < width_ && 2 * gap <= 3 * longer.height(); ++x) {
      gap = inked(x) ? 0 : gap + 1;
      if (gap == 0) longer.x1 = x + 1;
    }
    for (int x = longer.x0 - 1, gap = 0; x >= 0 && 2 * gap <= 3 * longer.height(); --x) {
      gap = inked(x) ? 0 : gap + 1;
      if (gap == 0) longer.x0 = x;
    }
    return longer;
  };
  const size_t sought = lines.size();
  for (size_t l = 0; l < lines.size(); ++l) {
    const Box line = lines[l];  // a copy: continued lines are appended
    if (line.height() > maxHeight) continue;
    StrokeCounts counts = pooled;
    // A line whose text rises above its scene in only some of the references (a translucent box over a
    // wall lit by day, against the same box at night), so that none of its strokes stays in 4 frames in
    // 5, is held to its own most constant stroke instead (`ownStrokes`: only where no line is found
    // otherwise). Such a line must still look like a clock: a stroke in a third of the frames or more, and
    // eight characters or more (a time of day). Without these, the details of a scene without a clock that
    // come and go (the bottles on a shelf, a street's cars) made lines of six cells.
    bool heldToOwn = false;
    if (ownStrokes && !pooled.textLuma(line)) {
      int most = 0;
      for (int y = line.y0; y < line.y1; ++y)
        for (int x = line.x0; x < line.x1; ++x) most = std::max(most, pooled.at(x, y));
      if (3 * most < frames_) continue;
      counts.still = std::min(pooled.still, most * 4 / 5);
      heldToOwn = true;
    }
    counts.slant = lineSlant(counts, line);
    const std::vector<double> ink = counts.ink(line);
    std::vector<OsdCell> cells = gridCells(ink, line.x0, line.height());
    if (cells.size() < 6) continue;
    if (heldToOwn && cells.size() < 8) continue;
    const int changing = counts.changing(line, cells);
    if (changing == 0) {
      const Box longer = continued(line);
      if (l < sought && (longer.x0 != line.x0 || longer.x1 != line.x1)) lines.push_back(longer);
      continue;
    }
    const std::pair<size_t, size_t> rank{cells.size() - static_cast<size_t>(changing), cells.size()};
    if (!layout.cells.empty()) {
      const bool apart = line.y0 >= bestLine.y1 || bestLine.y0 >= line.y1 || line.x0 >= bestLine.x1 ||
                         bestLine.x0 >= line.x1;
      if (apart ? rank <= best : rank.second <= best.second) continue;
    }
    const std::optional<int> white = counts.textLuma(line);
    if (!white) continue;
    best = rank;
    bestLine = line;
    layout.frameWidth = width_;
    layout.frameHeight = height_;
    layout.white = *white;
    layout.kernel = kernelSize(height_, scale);
    layout.contrast = poolContrast(poolIndex);
    layout.inverted = poolIndex == kInvertedPool;
    layout.top = std::max(0, line.y0 - 1);
    layout.bottom = std::min(height_, line.y1 + 1);
    layout.cells = std::move(cells);
    layout.slant = counts.slant;
    // Gaps separate characters only where they are wider than the breaks inside a stroke: on simulate's
    // 11-pixel clocks they were not (a "9" fell in two, a "2" and a ":" into one, and a capture read
    // "12:05:27" as "02:05:26", before the count's checks on a reading's digits); a real recorder's
    // 25-pixel proportional clock separates cleanly, and so does a 17-pixel line of FreeSans
    // (bench/osd_styles.sh sans-dmy-12h-box: 0 -> 240 of 240 frames of a session read, none wrong). From 15
    // pixels down to 12 (2026-12-03): 14-pixel proportional lines, which no grid fits, went from none to
    // over half of their frames read (serif-bold-ymd-dots-box, condensed-month-name-12h), every style's
    // readings still right; both ways are read, and the one that reads most frames is taken (down to 10
    // pixels since 2026-12-07: kInkCellsMinHeight). Set for every line chosen, so a taller line chosen
    // before it leaves none of its own.
    const bool byInk = line.height() >= kInkCellsMinHeight;
    std::vector<ColumnInk> columns = byInk ? counts.columns(line) : std::vector<ColumnInk>{};
    std::vector<double> textInk = ink;
    if (byInk) dropSceneColumns(counts, line, *white, textInk, columns);
    layout.inkCells =
        byInk ? gapCells(textInk, columns, line.x0, line.height(), false) : std::vector<OsdCell>{};
    layout.pairCells =
        byInk ? gapCells(textInk, columns, line.x0, line.height(), true) : std::vector<OsdCell>{};
    if (layout.pairCells == layout.inkCells) layout.pairCells.clear();
    for (auto* set : {&layout.cells, &layout.inkCells, &layout.pairCells})
      for (auto& cell : *set) cell = {std::max(0, cell.x0), std::min(width_, cell.x1)};
  }
  return layout;
}

std::vector<OsdLayout> osdReadingLayouts(const OsdLayout& layout) {
  std::vector<OsdLayout> out;
  if (layout.empty()) return out;
  // One way per tolerance over `cells`.
  auto addWays = [&](const std::vector<OsdCell>& cells, bool proportional, bool weighted) {
    for (const int tolerance : kOsdTolerances) {
      OsdLayout reading = layout;
      reading.cells = cells;
      reading.tolerance = tolerance;
      reading.proportional = proportional;
      reading.lumaWeighted = weighted;
      reading.inkCells.clear();
      reading.pairCells.clear();
      out.push_back(std::move(reading));
    }
  };
  // The luma-weighted ways after the top-hat's, so that a tie keeps them; last, so that a tie keeps every
  // way above, the ink cells with touching digits cut apart.
  for (const bool weighted : {false, true}) {
    addWays(layout.cells, false, weighted);
    if (layout.inkCells.size() >= 6) addWays(layout.inkCells, true, weighted);
  }
  if (layout.pairCells.size() >= 6)
    for (const bool weighted : {false, true}) addWays(layout.pairCells, true, weighted);
  return out;
}

namespace {

// The columns a product with `a` must cover: its ink ends at its width and the canvas beyond is zero, so a
// narrow glyph (most clocks' digits are under 16 pixels wide) is summed over half the canvas.
int productColumns(const OsdGlyph& a) {
  return a.width <= 16 ? 16 : OsdGlyph::kCols;
}

// Sums of products of bytes, a row at a time: add(a, b, columns) adds a[x] * b[x] for x in [0, columns),
// `columns` a multiple of 16 and b readable from b[0] to b[columns - 1]. Exact: a product of bytes fits a
// 16-bit lane's square, and a whole glyph's sum (at most 1700 * 255^2) a 32-bit lane.
struct ByteProducts {
#if CV_SIMD128
  cv::v_int32x4 sum = cv::v_setzero_s32();
  void add(const uint8_t* a, const uint8_t* b, int columns) {
    for (int x = 0; x < columns; x += 16) {
      cv::v_uint16x8 a0, a1, b0, b1;
      cv::v_expand(cv::v_load(a + x), a0, a1);
      cv::v_expand(cv::v_load(b + x), b0, b1);
      sum += cv::v_dotprod(cv::v_reinterpret_as_s16(a0), cv::v_reinterpret_as_s16(b0)) +
             cv::v_dotprod(cv::v_reinterpret_as_s16(a1), cv::v_reinterpret_as_s16(b1));
    }
  }
  uint32_t total() const {
    return static_cast<uint32_t>(cv::v_reduce_sum(sum));
  }
#else
  uint32_t sum = 0;
  void add(const uint8_t* a, const uint8_t* b, int columns) {
    for (int x = 0; x < columns; ++x) sum += static_cast<uint32_t>(a[x]) * b[x];
  }
  uint32_t total() const {
    return sum;
  }
#endif
};

}  // namespace

// The sum of squares in integers: exact (under 1700 * 255^2 < 2^31), as the sum in doubles was.
void OsdGlyph::measure() {
  constexpr int kWhole = static_cast<int>(std::tuple_size_v<decltype(pixels)>) / 16 * 16;
  const uint8_t* p = pixels.data();
  ByteProducts squares;
  squares.add(p, p, kWhole);
  uint32_t sum = squares.total();
  int strokes = 0;
  int x = 0;
#if CV_SIMD128
  // Per lane, one count a step of 16: at most 106 steps, no lane overflows.
  const cv::v_uint8x16 least = cv::v_setall_u8(kStrokeContrast), one = cv::v_setall_u8(1);
  cv::v_uint8x16 counts = cv::v_setzero_u8();
  for (; x < kWhole; x += 16) counts += (cv::v_load(p + x) >= least) & one;
  strokes = static_cast<int>(cv::v_reduce_sum(counts));
#endif
  for (; x < kWhole; ++x) strokes += p[x] >= kStrokeContrast;
  for (; x < static_cast<int>(pixels.size()); ++x) {  // the bytes past the last whole step of 16
    strokes += p[x] >= kStrokeContrast;
    sum += static_cast<uint32_t>(p[x]) * p[x];
  }
  lit = strokes;
  norm = std::sqrt(static_cast<double>(sum));
}

double glyphDistance(const OsdGlyph& a, const OsdGlyph& b) {
  if (a.lit < 2 && b.lit < 2) return 0;
  if (a.lit < 2 || b.lit < 2 || a.norm <= 0 || b.norm <= 0) return 1;
  // Every frame's cells are held to every glyph seen, at nine shifts: this was a third of an audit's time
  // on a clip with a clock. Products of bytes are summed in integers over whole rows (the zero border and
  // the zeros outside each glyph stand for the bounds): exact (at most 255 * 255 * 1536 < 2^31), so the
  // same value as a sum in doubles, sixteen bytes a step (ByteProducts), over half the row where the glyph
  // is narrow.
  std::array<ByteProducts, 9> dots{};
  const int columns = productColumns(a);
  for (int dy = -1; dy <= 1; ++dy)
    for (int y = std::max(0, -dy); y < a.height && y + dy < b.height; ++y) {
      const uint8_t* pa = a.row(y);
      const uint8_t* pb = b.row(y + dy);
      ByteProducts* shifted = dots.data() + static_cast<ptrdiff_t>(dy + 1) * 3;  // dx = -1, 0, 1
      for (int dx = -1; dx <= 1; ++dx) shifted[dx + 1].add(pa, pb + dx, columns);
    }
  double best = 0;
  for (const auto& dot : dots) best = std::max(best, static_cast<double>(dot.total()) / (a.norm * b.norm));
  return 1 - best;
}

namespace {

// A glyph's 8-connected pieces of stroke (pixels at kStrokeContrast or more), found as runs of stroke
// along the rows joined where they touch the row above: each run's piece, and each piece's area and
// bounds. Not cv::connectedComponentsWithStats, whose set-up cost more than the labelling on glyphs this
// small, nor a flood fill (a branch a neighbour): every cell of every frame, eight ways.
struct GlyphPieces {
  struct Run {
    int y, x0, x1;  // [x0, x1) of row y
    size_t piece;
  };
  struct Piece {
    int area = 0, x0 = INT_MAX, y0 = INT_MAX, x1 = 0, y1 = 0;  // bounds [x0, x1) x [y0, y1)
  };
  std::vector<Run> runs;      // row by row, left to right
  std::vector<Piece> pieces;  // indexed by Run::piece
};

GlyphPieces strokePieces(const OsdGlyph& glyph) {
  GlyphPieces out;
  std::vector<size_t> parent;  // union-find over the runs
  auto root = [&](size_t r) {
    while (parent[r] != r) r = parent[r] = parent[parent[r]];
    return r;
  };
  size_t above = 0, aboveEnd = 0;  // the previous row's runs
  for (int y = 0; y < glyph.height; ++y) {
    const uint8_t* row = glyph.row(y);
    const size_t rowStart = out.runs.size();
    for (int x = 0; x < glyph.width;) {
      if (row[x] < kStrokeContrast) {
        ++x;
        continue;
      }
      const int x0 = x;
      while (x < glyph.width && row[x] >= kStrokeContrast) ++x;
      const size_t r = out.runs.size();
      out.runs.push_back({y, x0, x, r});
      parent.push_back(r);
      // Runs of the row above that touch this one, diagonals included.
      for (size_t a = above; a < aboveEnd; ++a) {
        if (out.runs[a].x1 < x0) continue;
        if (out.runs[a].x0 > x) break;
        const size_t ra = root(a), rr = root(r);
        if (ra != rr) parent[std::max(ra, rr)] = std::min(ra, rr);
      }
    }
    above = rowStart, aboveEnd = out.runs.size();
  }
  std::vector<size_t> pieceOf(out.runs.size(), SIZE_MAX);
  for (size_t r = 0; r < out.runs.size(); ++r) {
    const size_t top = root(r);
    if (pieceOf[top] == SIZE_MAX) {
      pieceOf[top] = out.pieces.size();
      out.pieces.emplace_back();
    }
    auto& run = out.runs[r];
    run.piece = pieceOf[top];
    auto& piece = out.pieces[run.piece];
    piece.area += run.x1 - run.x0;
    piece.x0 = std::min(piece.x0, run.x0), piece.x1 = std::max(piece.x1, run.x1);
    piece.y0 = std::min(piece.y0, run.y), piece.y1 = std::max(piece.y1, run.y + 1);
  }
  return out;
}

// A character is one or a few strokes of similar size; the scene showing through between the outlines of
// neighbouring characters leaves specks at the cell's edges that come and go with the light. Pieces under
// a third of the largest are dropped (both dots of a ":" stay). A proportional cell ends at the ink, and a
// dot-matrix font draws a "6" as a long side and short bars that do not touch: there only the small pieces
// at the cell's edge are specks (dropping the bars made the "6" a "7").
bool atEdge(const GlyphPieces::Piece& piece, const OsdGlyph& glyph) {
  return piece.x0 == 0 || piece.y0 == 0 || piece.x1 >= glyph.width || piece.y1 >= glyph.height;
}

void dropSpecks(OsdGlyph& glyph, bool proportional) {
  const GlyphPieces pieces = strokePieces(glyph);
  int largest = 0;
  for (const auto& piece : pieces.pieces) largest = std::max(largest, piece.area);
  OsdGlyph kept = glyph;  // the stroke pixels of pieces that are no specks; the rest 0
  kept.pixels.fill(0);
  for (const auto& run : pieces.runs) {
    const auto& piece = pieces.pieces[run.piece];
    if (piece.area * 3 < largest && (!proportional || atEdge(piece, glyph))) continue;
    std::copy(glyph.row(run.y) + run.x0, glyph.row(run.y) + run.x1, &kept.at(run.x0, run.y));
  }
  glyph.pixels = kept.pixels;
}

// A proportional font's digits sit where the ink gaps put them, a few pixels further into one cell than
// into the next: glyphs are compared from their leftmost stroke.
void alignLeft(OsdGlyph& glyph) {
  int left = glyph.width;
  for (int y = 0; y < glyph.height; ++y)
    for (int x = 0; x < left; ++x)
      if (glyph.at(x, y) > 0) left = x;
  if (left == 0 || left == glyph.width) return;
  for (int y = 0; y < glyph.height; ++y) {
    uint8_t* row = glyph.row(y);
    std::copy(row + left, row + glyph.width, row);
    std::fill(row + glyph.width - left, row + glyph.width, uint8_t{0});
  }
}

}  // namespace

namespace {

// The region a layout's glyphs are read from: its cells and rows along its slant, and the kernel around
// them.
cv::Rect lineRegion(const OsdLayout& layout, const GrayView& luma) {
  // osdLineRows' reach.
  const int k = layout.kernel + layout.maxShift;
  const int x0 = std::max(0, layout.cells.front().x0 + layout.slant.at(layout.bottom - 1) - k),
            x1 = std::min(luma.width, layout.cells.back().x1 + layout.slant.at(layout.top) + k);
  const int y0 = std::max(0, layout.top - k), y1 = std::min(luma.height, layout.bottom + k);
  return {x0, y0, x1 - x0, y1 - y0};
}

// The levels of kOsdBrightCut and above, the rest black (osdBrightKey, OsdLayout::bright).
void brightKey(const cv::Mat& luma, cv::Mat& key) {
  cv::threshold(luma, key, kOsdBrightCut - 1, 0, cv::THRESH_TOZERO);
}

// The region's luma as a layout reads it: a view of the picture's, or a copy of its negative or of its
// bright key.
cv::Mat lineLuma(const OsdLayout& layout, const GrayView& luma, const cv::Rect& region) {
  cv::Mat view = asMat(luma)(region);
  if (!layout.inverted && !layout.bright) return view;
  cv::Mat out;
  if (layout.inverted)
    cv::bitwise_not(view, out);
  else
    brightKey(view, out);
  return out;
}

}  // namespace

bool osdBrightKey(const GrayView& luma, cv::Mat& key) {
  brightKey(asMat(luma), key);
  return cv::countNonZero(key) > 0;
}

cv::Range osdLineRows(const OsdLayout& layout) {
  const int k = layout.kernel + layout.maxShift;
  return {std::max(0, layout.top - k), std::min(layout.frameHeight, layout.bottom + k)};
}

OsdLineResponse osdLineResponse(std::span<const OsdLayout> ways, const GrayView& luma) {
  OsdLineResponse out;
  cv::Rect region;
  for (const auto& way : ways) {
    if (!way.fits(luma.width, luma.height)) continue;
    if (way.kernel != ways.front().kernel || way.top != ways.front().top ||
        way.bottom != ways.front().bottom || way.slant != ways.front().slant ||
        way.maxShift != ways.front().maxShift || way.anchor != ways.front().anchor ||
        way.inverted != ways.front().inverted || way.colour != ways.front().colour ||
        way.bright != ways.front().bright)
      return {};  // not ways of one line: each reads its own
    region = region.empty() ? lineRegion(way, luma) : region | lineRegion(way, luma);
  }
  if (region.empty()) return out;
  out.luma = lineLuma(ways.front(), luma, region);
  out.tophat = topHat(out.luma, ways.front().kernel);
  out.x0 = region.x, out.y0 = region.y;
  for (const auto& way : ways)
    if (way.fits(luma.width, luma.height)) {
      out.shift = osdLineShift(way, luma, out.tophat, out.x0, out.y0);
      break;
    }
  return out;
}

int osdLineShift(const OsdLayout& layout, const GrayView& luma, const cv::Mat& tophat, int x0, int y0) {
  if (layout.maxShift <= 0 || layout.anchor.empty()) return 0;
  const int span = 2 * layout.maxShift + 1;
  std::vector<int> votes(static_cast<size_t>(span), 0);
  for (const cv::Point& p : layout.anchor) {
    if (p.y < y0 || p.y >= y0 + tophat.rows || p.y >= luma.height) continue;
    const uint8_t* response = tophat.ptr<uint8_t>(p.y - y0);
    const uint8_t* pixel = luma.data + static_cast<size_t>(p.y) * luma.stride;
    for (int s = 0; s < span; ++s) {
      const int x = p.x + s - layout.maxShift;
      if (x >= x0 && x < x0 + tophat.cols && x < luma.width &&
          osdAnchorStroke(layout, response[x - x0], pixel[x]))
        ++votes[static_cast<size_t>(s)];
    }
  }
  int best = 0, bestVotes = votes[static_cast<size_t>(layout.maxShift)];
  for (int s = 0; s < span; ++s) {
    const int shift = s - layout.maxShift, have = votes[static_cast<size_t>(s)];
    if (have > bestVotes || (have == bestVotes && std::abs(shift) < std::abs(best)))
      best = shift, bestVotes = have;
  }
  return best;
}

namespace {

// The shared region's glyph response weighed as `layout` weighs it, made on first asking.
cv::Mat sharedResponse(const OsdLineResponse& shared, const OsdLayout& layout) {
  for (const auto& w : shared.weighed)
    if (w.white == layout.white && w.tolerance == layout.tolerance && w.contrast == layout.contrast &&
        w.lumaWeighted == layout.lumaWeighted)
      return w.response;
  cv::Mat response = glyphResponse(shared.luma, shared.tophat, layout.white, layout.tolerance,
                                   layout.contrast, layout.lumaWeighted);
  shared.weighed.push_back({layout.white, layout.tolerance, layout.contrast, layout.lumaWeighted, response});
  return response;
}

}  // namespace

// Glyph pixels whose whole block lies in the row take a loop without bounds tests (most of a line's: a
// glyph sampled down was a fifth of reading a clock's frame when every pixel tested its bounds).
void osdSampleRowPeaks(const uint8_t* in, int cols, int base, int scale, uint8_t* out, int width) {
  const auto edge = [&](int gx) {
    const int from = base + gx * scale;
    uint8_t peak = out[gx];
    for (int x = std::max(0, from); x < std::min(from + scale, cols); ++x) peak = std::max(peak, in[x]);
    out[gx] = peak;
  };
  // Inside: from >= 0 and from + scale <= cols.
  const int first = std::clamp(base >= 0 ? 0 : (-base + scale - 1) / scale, 0, width);
  const int last = std::clamp(cols - scale - base < 0 ? 0 : (cols - scale - base) / scale + 1, first, width);
  for (int gx = 0; gx < first; ++gx) edge(gx);
  const uint8_t* at = first < last ? in + base + ptrdiff_t{first} * scale : in;
  if (scale == 1) {  // most clocks: a pixel a glyph pixel, in a loop the compiler widens
    for (int gx = first; gx < last; ++gx) out[gx] = std::max(out[gx], at[gx - first]);
  } else if (scale == 2) {
    for (int gx = first; gx < last; ++gx, at += 2) out[gx] = std::max({out[gx], at[0], at[1]});
  } else if (scale == 3) {
    for (int gx = first; gx < last; ++gx, at += 3) out[gx] = std::max({out[gx], at[0], at[1], at[2]});
  } else {
    for (int gx = first; gx < last; ++gx, at += scale) {
      uint8_t peak = out[gx];
      for (int x = 0; x < scale; ++x) peak = std::max(peak, at[x]);
      out[gx] = peak;
    }
  }
  for (int gx = last; gx < width; ++gx) edge(gx);
}

std::vector<OsdGlyph> osdGlyphs(const OsdLayout& layout, const GrayView& luma, const OsdLineResponse* shared,
                                OsdGlyphMemo* memo) {
  std::vector<OsdGlyph> glyphs;
  if (!layout.fits(luma.width, luma.height)) return glyphs;
  glyphs.reserve(layout.cells.size());  // 1.7 kB a glyph, which a vector left to grow copies at each doubling
  const int k = layout.kernel;
  const cv::Rect region = lineRegion(layout, luma);
  const int x0 = region.x, y0 = region.y;
  const cv::Rect within = region - cv::Point(shared ? shared->x0 : 0, shared ? shared->y0 : 0);
  const bool inShared =
      shared && !shared->tophat.empty() && (within & cv::Rect({}, shared->tophat.size())) == within;
  const cv::Mat line = inShared ? cv::Mat() : lineLuma(layout, luma, region);
  const cv::Mat tophat = inShared ? shared->tophat(within) : topHat(line, k);
  const int shift = inShared ? shared->shift : osdLineShift(layout, luma, tophat, x0, y0);
  const cv::Mat response = inShared ? sharedResponse(*shared, layout)(within)
                                    : glyphResponse(line, tophat, layout.white, layout.tolerance,
                                                    layout.contrast, layout.lumaWeighted);
  const int lineHeight = layout.bottom - layout.top;
  // One scale for the whole line, set by its height and its median cell: a character must make the same
  // glyph in every cell, or the hours' "5" in a cell a few pixels wider than the rest, sampled down by 2,
  // matched no "5" the seconds counted (a 40-pixel clock then read its hour "05" as "0"). A cell up to half
  // as wide again is cropped to the canvas (its ink starts near its left edge); a wider one (a run of text,
  // "AM") is sampled down on its own.
  std::vector<int> widths;
  for (const auto& cell : layout.cells) widths.push_back(cell.x1 - cell.x0);
  std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
  const int lineScale = std::max({1, (lineHeight + OsdGlyph::kRows - 1) / OsdGlyph::kRows,
                                  (widths[widths.size() / 2] + OsdGlyph::kCols - 1) / OsdGlyph::kCols});
  if (memo) {
    memo->sampled.resize(layout.cells.size());
    memo->finished.resize(layout.cells.size());
  }
  for (size_t c = 0; c < layout.cells.size(); ++c) {
    const OsdCell& cell = layout.cells[c];
    OsdGlyph glyph;
    const int cellWidth = cell.x1 - cell.x0;
    const int scale = 2 * cellWidth > 3 * OsdGlyph::kCols * lineScale
                          ? std::max(lineScale, (cellWidth + OsdGlyph::kCols - 1) / OsdGlyph::kCols)
                          : lineScale;
    glyph.width = std::min(OsdGlyph::kCols, cellWidth / scale);
    glyph.height = lineHeight / scale;
    // Each glyph pixel: the strongest response of the pixels sampled into it.
    for (int gy = 0; gy < glyph.height; ++gy) {
      uint8_t* out = &glyph.at(0, gy);
      for (int y = 0; y < scale; ++y) {
        const int row = layout.top + gy * scale + y;
        const uint8_t* in = response.ptr<uint8_t>(row - y0);
        osdSampleRowPeaks(in, response.cols, cell.x0 + shift + layout.slant.at(row) - x0, scale, out,
                          glyph.width);
      }
      // Faint text's strokes, scaled to the contrast every threshold below is set for.
      if (!layout.lumaWeighted && layout.contrast < kStrokeContrast)
        for (int gx = 0; gx < glyph.width; ++gx)
          out[gx] = static_cast<uint8_t>(std::min(255, out[gx] * kStrokeContrast / layout.contrast));
    }
    if (memo && memo->sampled[c].width == glyph.width && memo->sampled[c].height == glyph.height &&
        memo->sampled[c].pixels == glyph.pixels) {
      glyphs.push_back(memo->finished[c]);
      continue;
    }
    if (memo) memo->sampled[c] = glyph;
    dropSpecks(glyph, layout.proportional);
    if (layout.proportional) alignLeft(glyph);
    glyph.measure();
    if (memo) memo->finished[c] = glyph;
    glyphs.push_back(glyph);
  }
  return glyphs;
}

// Two glyphs closer than this are one character drawn twice. Measured on simulate's 10-pixel clock
// through H.264 (tests/analyzers/osd_clock_test): the nearest two different digits ("3" and "5", which
// differ only at the top) were 0.134 apart; a character redrawn was mostly under 0.1, up to 0.28 (a
// "1", a ":"). A character split into two names costs nothing (counting names both); two characters
// under one name would break the count, so the threshold sits below the nearest pair. (A "2" and a "3"
// over a bright wall were once seen closer: audit/osd_evidence then finds the session's clock adrift and
// uses none of it.)
constexpr double kSameGlyph = 0.1;

namespace {

// The glyph's pixels at their brightest over the nine one-pixel shifts glyphDistance tries.
OsdGlyph reachOf(const OsdGlyph& glyph) {
  OsdGlyph reach = glyph;
  for (int y = 0; y < OsdGlyph::kRows; ++y)
    for (int x = 0; x < OsdGlyph::kCols; ++x) {
      uint8_t brightest = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int sx = x + dx, sy = y + dy;
          if (sx >= -1 && sx <= OsdGlyph::kCols && sy >= -1 && sy <= OsdGlyph::kRows)
            brightest = std::max(
                brightest,
                glyph.pixels[static_cast<size_t>(sy + 1) * OsdGlyph::kStride + static_cast<size_t>(sx + 1)]);
        }
      reach.at(x, y) = brightest;
    }
  return reach;
}

// No more than glyphDistance(a, b) for the glyph b whose reach is `reach` and norm `norm`: the product
// with the reach is at least the product at any shift, and the same division and subtraction keep the
// order in floating point.
double distanceAtLeast(const OsdGlyph& a, const OsdGlyph& reach, double norm) {
  if (a.norm <= 0 || norm <= 0) return 0;
  ByteProducts products;
  const int columns = productColumns(a);
  for (int y = 0; y < a.height; ++y) products.add(a.row(y), reach.row(y), columns);
  const uint32_t dot = products.total();
  return 1 - static_cast<double>(dot) / (a.norm * norm);
}

}  // namespace

std::vector<uint8_t> OsdGlyphReader::read(const GrayView& luma, const OsdLineResponse* shared) {
  std::vector<uint8_t> names;
  const std::vector<OsdGlyph> cells = osdGlyphs(layout_, luma, shared, &sampled_);
  memos_.resize(cells.size());
  for (size_t c = 0; c < cells.size(); ++c) {
    const OsdGlyph& glyph = cells[c];
    if (glyph.lit < 2) {
      names.push_back(kOsdBlank);
      continue;
    }
    // The nearest glyph, the first of them on a tie; a name nearer than kSameGlyph is the cell's. Where
    // the cell shows the very pixels it showed a frame ago (the scene behind the text still, as on most
    // of a fixed camera's frames), the nearest of the names it was measured against then is known, and
    // only the names added since are measured. Otherwise the cell's previous name is measured first (a
    // clock's cell mostly shows what it showed a frame ago), so that the others can be passed over where
    // even their reach is further than it, or than kSameGlyph.
    CellMemo& memo = memos_[c];
    size_t best = glyphs_.size(), from = 0;
    double bestDistance = 2;
    const bool same = memo.measuredAgainst > 0 && memo.glyph.width == glyph.width &&
                      memo.glyph.height == glyph.height && memo.glyph.pixels == glyph.pixels;
    if (same) {
      from = memo.measuredAgainst;
      if (memo.nearestDistance <= kSameGlyph) best = memo.nearest, bestDistance = memo.nearestDistance;
    } else if (memo.measuredAgainst > 0 && memo.name < glyphs_.size()) {
      best = memo.name;
      bestDistance = glyphDistance(glyph, glyphs_[best]);
    }
    const size_t previous = best;
    for (size_t i = from; i < glyphs_.size(); ++i) {
      if (i == previous ||
          distanceAtLeast(glyph, reach_[i], glyphs_[i].norm) > std::min(bestDistance, kSameGlyph))
        continue;
      const double d = glyphDistance(glyph, glyphs_[i]);
      if (d < bestDistance || (d == bestDistance && i < best)) bestDistance = d, best = i;
    }
    memo.measuredAgainst = glyphs_.size();
    memo.nearest = best, memo.nearestDistance = bestDistance;
    if (bestDistance <= kSameGlyph) {
      names.push_back(static_cast<uint8_t>(best));
    } else if (glyphs_.size() < kMaxGlyphs) {
      names.push_back(static_cast<uint8_t>(glyphs_.size()));
      glyphs_.push_back(glyph);
      reach_.push_back(reachOf(glyph));
    } else {
      names.push_back(kOsdUnknown);
    }
    memo.name = names.back();
    if (!same) memo.glyph = glyph;
  }
  return names;
}

// Names further apart than this are surely different characters (one character redrawn stayed under
// 0.28 in the measurements quoted at OsdGlyphReader::read).
constexpr double kOtherCharacter = 0.3;

namespace {

using Reading = std::vector<uint8_t>;  // one frame's glyph names, one per cell
using Step = std::pair<const Reading*, const Reading*>;
using StepVotes = std::map<std::pair<int, int>, int>;  // (name before, name after) -> steps

bool validName(uint8_t name) {
  return name < kOsdBlank;
}

bool sameCharacter(uint8_t a, uint8_t b, const std::vector<OsdGlyph>& glyphs) {
  if (a == b) return true;
  if (!validName(a) || !validName(b) || a >= glyphs.size() || b >= glyphs.size()) return false;
  return glyphDistance(glyphs[a], glyphs[b]) < kOtherCharacter;
}

// Cells with much less ink than a character's: separators (":", "-", "/"), a few pixels each and redrawn
// past recognition, which the tick test does not look at.
std::vector<bool> lightCells(const std::vector<Reading>& frames, const std::vector<OsdGlyph>& glyphs,
                             size_t cells) {
  std::vector<std::vector<int>> lit(cells);
  for (const auto& f : frames)
    if (f.size() == cells)
      for (size_t c = 0; c < cells; ++c)
        if (validName(f[c]) && f[c] < glyphs.size()) lit[c].push_back(glyphs[f[c]].lit);
  std::vector<int> medians(cells, 0);
  for (size_t c = 0; c < cells; ++c) {
    if (lit[c].empty()) continue;
    std::nth_element(lit[c].begin(), lit[c].begin() + static_cast<long>(lit[c].size() / 2), lit[c].end());
    medians[c] = lit[c][lit[c].size() / 2];
  }
  std::vector<int> sorted = medians;
  std::sort(sorted.begin(), sorted.end());
  const int typical = sorted[sorted.size() * 3 / 4];
  std::vector<bool> light(cells, false);
  for (size_t c = 0; c < cells; ++c) light[c] = medians[c] * 2 < typical;
  return light;
}

// The cell that changes most between consecutive readings: the units of seconds (ties: the rightmost,
// where seconds are written); 0 when the clock was not seen counting. A new name for the same character
// (sameCharacter) is a redraw, not a change: small text over a moving scene renames its standing digits
// more often than the seconds tick. Nor are the light cells looked at (lightCells: separators): a ":" or
// "-" over a scene that shows through it (a re-encoded tower's lit stripes) is named as something else for
// a frame and back, twice a second, and outnumbered the seconds' ticks.
size_t unitsCell(const std::vector<Step>& steps, size_t cells, const std::vector<OsdGlyph>& glyphs,
                 const std::vector<bool>& light) {
  std::vector<int> changes(cells, 0);
  for (const auto& [p, q] : steps)
    for (size_t c = 0; c < cells; ++c)
      changes[c] += !light[c] && validName((*p)[c]) && validName((*q)[c]) && (*p)[c] != (*q)[c] &&
                    !sameCharacter((*p)[c], (*q)[c], glyphs);
  size_t units = 0;
  for (size_t c = 0; c < cells; ++c)
    if (changes[c] >= changes[units]) units = c;
  return changes[units] < 3 ? 0 : units;
}

// A clock that ticks slower than the frames come ticks on a beat: every T frames, T the median gap
// between its ticks. Two changes of the units under T/2 apart are not both ticks (a "9"
// redrawn 0.20 from itself as a lamp lit the wall, then the "0" four frames later; a re-encoded capture's
// keyframe redrawing every character four frames before the tick): the one on the beat (a whole number of
// beats, give or take a quarter, from the ticks either side) is the tick, and the other a redraw of the
// character it changed from, where it is one character (`sameCharacter`). Where neither or both are on the
// beat, the names cannot tell which is the tick: neither is counted. Where the clock ticks every frame or two
// (time-lapse, stills) there is no beat to keep.
struct Tick {
  size_t step;  // index into the steps
  bool tensChanged;
};
enum class TickKind { Tick, Redraw, Neither };

std::vector<TickKind> regularTicks(const std::vector<Step>& steps, const std::vector<Tick>& ticks) {
  std::vector<TickKind> kinds(ticks.size(), TickKind::Tick);
  if (ticks.size() < 3) return kinds;
  auto frameOf = [&](size_t t) { return steps[ticks[t].step].second - steps.front().first; };
  std::vector<long> gaps;
  for (size_t t = 1; t < ticks.size(); ++t) gaps.push_back(frameOf(t) - frameOf(t - 1));
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
  const long beat = gaps[gaps.size() / 2];
  if (beat < 4) return kinds;
  std::vector<bool> crowded(ticks.size(), false);
  for (size_t t = 1; t < ticks.size(); ++t)
    if ((frameOf(t) - frameOf(t - 1)) * 2 < beat) crowded[t] = crowded[t - 1] = true;
  for (size_t t = 0; t < ticks.size(); ++t) {
    if (!crowded[t]) continue;
    // The crowd: the ticks under half a beat from their neighbours, one of which may be on the beat.
    size_t first = t, last = t;
    while (last + 1 < ticks.size() && (frameOf(last + 1) - frameOf(last)) * 2 < beat) ++last;
    // On the beat: a whole number of beats, give or take a quarter, from the ticks either side of the
    // crowd (a clock counted at 29.97 frames a second drifts a frame in half a minute: the phase is local).
    auto onBeatAt = [&](size_t k) {
      auto beatsFrom = [&](long from) {
        const long d = std::abs(frameOf(k) - from) % beat;
        return std::min(d, beat - d) * 4 <= beat;
      };
      return (first == 0 || beatsFrom(frameOf(first - 1))) &&
             (last + 1 == ticks.size() || beatsFrom(frameOf(last + 1)));
    };
    size_t onBeat = 0, chosen = first;
    for (size_t k = first; k <= last; ++k)
      if (onBeatAt(k)) ++onBeat, chosen = k;
    for (size_t k = first; k <= last; ++k)
      kinds[k] = onBeat != 1 ? TickKind::Neither : k == chosen ? TickKind::Tick : TickKind::Redraw;
    t = last;
  }
  return kinds;
}

// The clock's ticks: steps that change the units (and at :59 -> :00 the minutes next to them) and nothing
// else. A step that changes other cells is a picture from somewhere else (another camera's clock, a
// damaged frame) and teaches nothing about the count; a keyframe may redraw a character a little
// differently (a new name, the same character). `same` counts the redraws of the units (regularTicks),
// `wrap` the ticks that changed the tens too.
// Cells right of `units` are faster digits (the seconds, when the minutes are counted) and not looked at.
// Returns whether the units stepped by one: a clock sampled once per second or faster changes its tens
// on a tenth of its ticks; a time-lapse export's seconds jump by several per frame and change them on
// many more, and counted as +1 they would give every digit a wrong name.
bool countTicks(const std::vector<Step>& steps, size_t units, const std::vector<bool>& light,
                const std::vector<OsdGlyph>& glyphs, StepVotes& successor, StepVotes& same, StepVotes& wrap) {
  const size_t tens = units - 1;
  std::vector<Tick> ticks;
  for (size_t s = 0; s < steps.size(); ++s) {
    const auto& [p, q] = steps[s];
    const uint8_t a = (*p)[units], b = (*q)[units];
    if (!validName(a) || !validName(b) || a == b) continue;
    const bool tensChanged = !sameCharacter((*p)[tens], (*q)[tens], glyphs);
    bool tick = true;
    for (size_t c = 0; c < units && tick; ++c) {
      const bool minutes = tensChanged && c + 4 >= tens && c < tens;
      tick = c == tens || minutes || light[c] || sameCharacter((*p)[c], (*q)[c], glyphs);
    }
    if (tick) ticks.push_back({s, tensChanged});
  }
  const std::vector<TickKind> kinds = regularTicks(steps, ticks);
  int counted = 0, tensChanges = 0;
  for (size_t t = 0; t < ticks.size(); ++t) {
    const auto& [p, q] = steps[ticks[t].step];
    const uint8_t a = (*p)[units], b = (*q)[units];
    if (kinds[t] == TickKind::Redraw && !ticks[t].tensChanged && sameCharacter(a, b, glyphs)) ++same[{a, b}];
    if (kinds[t] != TickKind::Tick) continue;
    ++successor[{a, b}];
    ++counted;
    tensChanges += ticks[t].tensChanged;
    if (ticks[t].tensChanged && validName((*p)[tens]) && validName((*q)[tens])) ++wrap[{a, b}];
  }
  return tensChanges * 20 <= counted * 3 + 40;  // at most 15% of the ticks, give or take two
}

// Each glyph name's digit relative to one seed name (which digit the seed is, is decided last), and whether
// it was counted or only looks like a counted name.
struct RelativeLabels {
  std::array<int8_t, 256> digit{};     // 0-9 relative to the seed; -1: none
  std::array<bool, 256> byLikeness{};  // taken from the nearest counted name (labelByLikeness)
};

// Each of the units' names is the digit after its predecessors' and before its successors' (a digit drawn
// in two ways gets both names). Names are joined into groups with known differences, always the two groups
// that the most steps join at one difference (and more than at any other): a step that is no tick (a
// picture of another moment cut in, whose seconds jump) is outvoted by the ticks around it, even where each
// tick was seen once. A redraw of the units (`same`) joins two names at no difference. The names of the
// group the most steps agree with are labelled relative to one of them; the others stay unlabelled.
// `wrapped`, when given, receives the labels of the group the most steps agree with of those in which the
// units changed with the tens (`wrap`), where that is not the first: damage or a gap can leave no tick
// between the seconds' 3 to 8 and their 9, 0, 1, 2, and only the lighter piece then knows where 0 is.
RelativeLabels labelByCounting(const StepVotes& successor, const StepVotes& same, const StepVotes& wrap = {},
                               std::optional<RelativeLabels>* wrapped = nullptr) {
  std::array<int, 256> group{}, shift{};  // each name's group, and its digit relative to the group's
  std::iota(group.begin(), group.end(), 0);
  for (;;) {
    std::map<std::pair<int, int>, std::array<int, 10>> support;  // (group a < group b) -> b's shift -> steps
    for (const auto& [votes, step] : {std::pair{&successor, 1}, std::pair{&same, 0}})
      for (const auto& [pair, n] : *votes) {
        const auto from = static_cast<size_t>(pair.first), to = static_cast<size_t>(pair.second);
        if (group[from] == group[to]) continue;
        // to = from + step: the shift of to's group relative to from's that makes it so.
        const int d = (shift[from] + step - shift[to] + 20) % 10;
        if (group[from] < group[to])
          support[{group[from], group[to]}][static_cast<size_t>(d)] += n;
        else
          support[{group[to], group[from]}][static_cast<size_t>((10 - d) % 10)] += n;
      }
    std::pair<int, int> join{-1, -1};
    int joinShift = 0, strongest = 0;
    for (const auto& [pair, votes] : support) {
      const auto best = std::max_element(votes.begin(), votes.end());
      int second = 0;
      for (auto v = votes.begin(); v != votes.end(); ++v)
        if (v != best) second = std::max(second, *v);
      if (*best > second && *best - second > strongest)
        join = pair, joinShift = static_cast<int>(best - votes.begin()), strongest = *best - second;
    }
    if (strongest == 0) break;
    for (size_t name = 0; name < 256; ++name)
      if (group[name] == join.second) group[name] = join.first, shift[name] = (shift[name] + joinShift) % 10;
  }
  std::map<int, int> agreeing, wrapping;  // group -> steps it agrees with; of them, 9 -> 0 steps
  for (const auto& [step, n] : successor) {
    const auto from = static_cast<size_t>(step.first), to = static_cast<size_t>(step.second);
    if (group[from] != group[to] || (shift[from] + 1) % 10 != shift[to]) continue;
    agreeing[group[from]] += n;
    if (const auto w = wrap.find(step); w != wrap.end()) wrapping[group[from]] += w->second;
  }
  auto labelled = [&](int chosen) {
    RelativeLabels labels;
    labels.digit.fill(-1);
    for (size_t name = 0; name < 256; ++name)
      if (group[name] == chosen) labels.digit[name] = static_cast<int8_t>(shift[name]);
    return labels;
  };
  auto heaviestOf = [&](auto&& among) {
    int best = -1;
    for (const auto& [g, n] : agreeing)
      if (among(g) && (best < 0 || n > agreeing[best])) best = g;
    return best;
  };
  const int heaviest = heaviestOf([](int) { return true; });
  if (heaviest < 0) return labelled(-1);
  const int wrapGroup = heaviestOf([&](int g) { return wrapping.count(g) > 0; });
  if (wrapped && wrapGroup >= 0 && wrapGroup != heaviest) *wrapped = labelled(wrapGroup);
  return labelled(heaviest);
}

constexpr double kLikeDigit = 0.2;

// Per name the counted cell showed that the count left unlabelled: the labels (bits 0-9) it may be, those
// the cell showed on the nearest labelled frames before and after it where they are one digit or two in a
// row, each time it showed it, and only where it showed it for a few frames. A digit redrawn for one frame
// just before its tick (a "1" between the "1"s and the "2" of the second after) is one of them; a "3"
// redrawn for a whole second near its "2" and taken for a "5" is neither, and nor is an "8" between a "7"
// and a "9", which looks most like the "9".
using BesideLabels = std::array<uint16_t, 256>;
BesideLabels labelsBeside(const std::vector<const Reading*>& shown, size_t cell,
                          const RelativeLabels& labels) {
  BesideLabels beside;
  beside.fill(0x3ff);
  auto labelAt = [&](size_t i) { return labels.digit[(*shown[i])[cell]]; };
  // A redraw flickers: a name the cell held longer than a quarter of the clock's usual run of one name (a
  // second, at the frames' rate) was there to be counted (a burst of another camera's clock) and may take
  // no label from beside it. Thumbnails a second or more apart have runs of one: none may.
  std::vector<size_t> labelledRuns;
  std::array<size_t, 256> longest{};
  for (size_t i = 0; i < shown.size();) {
    const uint8_t name = (*shown[i])[cell];
    size_t end = i + 1;
    while (end < shown.size() && (*shown[end])[cell] == name) ++end;
    if (labelAt(i) >= 0) {
      labelledRuns.push_back(end - i);
    } else if (name != kOsdBlank && name != kOsdUnknown) {
      longest[name] = std::max(longest[name], end - i);
      int8_t before = -1, after = -1;
      for (size_t j = i; j-- > 0 && before < 0;) before = labelAt(j);
      for (size_t j = end; j < shown.size() && after < 0; ++j) after = labelAt(j);
      // Between two frames of one digit it is that digit redrawn; between a digit and the next, either;
      // between digits further apart, a digit the count never labelled (an "8" between a "7" and a "9"
      // looks most like the "9"), and none of them.
      uint16_t mask = 0;
      if (before >= 0 && after >= 0) {
        const auto from = static_cast<uint8_t>(before), to = static_cast<uint8_t>(after);
        if (to == from) mask = static_cast<uint16_t>(1u << from);
        if (to == (from + 1) % 10) mask = static_cast<uint16_t>((1u << from) | (1u << to));
      }
      beside[name] &= mask;
    }
    i = end;
  }
  size_t usualRun = 0;
  if (!labelledRuns.empty()) {
    std::nth_element(labelledRuns.begin(), labelledRuns.begin() + static_cast<long>(labelledRuns.size() / 2),
                     labelledRuns.end());
    usualRun = labelledRuns[labelledRuns.size() / 2];
  }
  for (size_t name = 0; name < 256; ++name)
    if (longest[name] * 4 > usualRun) beside[name] = 0;
  return beside;
}

// Names the units never showed (a digit only the hours or the date use) take the label of the nearest
// labelled name, when every name of another digit is at least twice as far: a misread hour would show
// another time zone, so a name left unread is the safe side. A name the counted cell showed but the count
// did not label takes it only where it is one of the labels beside it there, every time (labelsBeside):
// its ticks were there to be counted (a "3" redrawn close to its "2" over a bright wall, then taken for the
// "5" it looks most like, read 2 s ahead).
void labelByLikeness(const std::vector<OsdGlyph>& glyphs, const std::array<bool, 256>& inCountedCell,
                     const BesideLabels& beside, RelativeLabels& labels) {
  auto& relative = labels.digit;
  for (size_t g = 0; g < glyphs.size() && g < 256; ++g) {
    if (relative[g] >= 0 || g == kOsdBlank || g == kOsdUnknown) continue;
    std::array<double, 10> nearest;
    nearest.fill(2);
    for (size_t h = 0; h < glyphs.size() && h < 256; ++h)
      if (relative[h] >= 0 && !labels.byLikeness[h] && h != g)  // counted names only: likeness does not chain
        nearest[static_cast<uint8_t>(relative[h])] =
            std::min(nearest[static_cast<uint8_t>(relative[h])], glyphDistance(glyphs[g], glyphs[h]));
    const auto first = std::min_element(nearest.begin(), nearest.end());
    double second = 2;
    for (size_t d = 0; d < 10; ++d)
      if (nearest.begin() + static_cast<long>(d) != first) second = std::min(second, nearest[d]);
    const auto digit = static_cast<int>(first - nearest.begin());
    if (*first <= kLikeDigit && *first <= 0.5 * second &&
        (!inCountedCell[g] || (beside[g] >> digit & 1u) != 0)) {
      relative[g] = static_cast<int8_t>(digit);
      labels.byLikeness[g] = true;
    }
  }
}

// The frames that read as a date and time (or a time alone) with these digits, and of them those with a date.
struct FramesRead {
  size_t read = 0, dated = 0;
};
FramesRead framesRead(const OsdLayout& layout, const std::vector<Reading>& frames,
                      const std::array<int8_t, 256>& digits, const std::vector<OsdGlyph>& glyphs) {
  const OsdFormat format = osdFormat(layout, frames, digits, glyphs);
  FramesRead out;
  for (const auto& f : frames) {
    const auto reading = readOsdClock(format, f, digits);
    out.read += reading.has_value();
    out.dated += reading && reading->hasDate();
  }
  return out;
}

// Which relative label is 0: the rotation under which the 9 -> 0 steps (units changing with the tens)
// agree and the most frames read as a valid date and time (seconds' tens 0-5, hours 0-23, a month 1-12,
// a year 1970-2099). A count that never passed a ten-second boundary, or whose readings fit two rotations
// about as well, names no digit. A rotation under which most frames show a date beats those under which
// none do, however many frames their time alone reads: four digits of a year between 1970 and 2099 fix
// the rotation where a time of day alone does not (a session from 19:21:50 to 19:22:06 reads as 08:10:4x
// one rotation down until its seconds pass :00, over half as many frames).
// Where no rotation reads a single frame (the date or the hours show a digit the seconds never did, in a
// short stretch) the frames cannot check the 9 -> 0 steps: `unchecked`, when given, receives the rotation
// they fix, to be checked once the references have named the rest (learnOsdDigits).
std::optional<std::array<int8_t, 256>> chooseRotation(const OsdLayout& layout,
                                                      const std::vector<Reading>& frames,
                                                      const std::vector<OsdGlyph>& glyphs,
                                                      const RelativeLabels& labels, const StepVotes& wrap,
                                                      size_t named,
                                                      std::optional<std::array<int8_t, 256>>* unchecked) {
  struct Rotation {
    int wrapAgreement = 0;
    bool dated = false;  // a date read on most frames
    size_t read = 0;
    std::array<int8_t, 256> digits{};
  };
  std::vector<Rotation> rotations;
  for (int r = 0; r < 10; ++r) {
    Rotation rotation;
    rotation.digits.fill(-1);
    for (size_t g = 0; g < 256; ++g)
      if (labels.digit[g] >= 0) rotation.digits[g] = static_cast<int8_t>((labels.digit[g] + r) % 10);
    for (const auto& [step, n] : wrap) {
      // Only ticks: a jump that the count left out says nothing about where the tens change.
      const int8_t from = labels.digit[static_cast<size_t>(step.first)],
                   to = labels.digit[static_cast<size_t>(step.second)];
      if (from < 0 || to != (from + 1) % 10) continue;
      rotation.wrapAgreement += rotation.digits[static_cast<size_t>(step.first)] == 9 &&
                                        rotation.digits[static_cast<size_t>(step.second)] == 0
                                    ? n
                                    : -n;
    }
    const FramesRead seen = framesRead(layout, frames, rotation.digits, glyphs);
    rotation.read = seen.read;
    rotation.dated = seen.dated * 2 > named;
    rotations.push_back(rotation);
  }
  std::stable_sort(rotations.begin(), rotations.end(), [](const Rotation& a, const Rotation& b) {
    return std::tie(a.wrapAgreement, a.dated, a.read) > std::tie(b.wrapAgreement, b.dated, b.read);
  });
  const Rotation& best = rotations[0];
  const Rotation& runnerUp = rotations[1];
  const bool anchored = best.wrapAgreement > 0 && best.wrapAgreement > runnerUp.wrapAgreement;
  // The best reads over 1.6 times as many frames, or a date where the runner-up reads none.
  const bool clear = best.read * 5 > runnerUp.read * 8 || (best.dated && !runnerUp.dated);
  if (unchecked && anchored &&
      std::all_of(rotations.begin(), rotations.end(), [](const Rotation& r) { return r.read == 0; }))
    *unchecked = best.digits;
  if (best.read * 2 < named || (!anchored && !clear)) return std::nullopt;
  return best.digits;
}

}  // namespace

namespace {

// How many frames in a row `cell` usually shows one name: the length of the run the median frame is in
// (damage renaming a cell on every frame for a second makes many runs, but few frames).
size_t usualRun(const std::vector<const Reading*>& shown, size_t cell) {
  std::vector<size_t> runs;
  for (size_t i = 0; i < shown.size();) {
    size_t end = i + 1;
    while (end < shown.size() && (*shown[end])[cell] == (*shown[i])[cell]) ++end;
    runs.push_back(end - i);
    i = end;
  }
  std::sort(runs.begin(), runs.end());
  size_t frames = 0;
  for (const size_t run : runs)
    if ((frames += run) * 2 >= shown.size()) return run;
  return 0;
}

// The capture's own count: digits, which of them the count fixed, and the names its counted cell showed.
struct CountedDigits {
  std::array<int8_t, 256> digits;
  std::array<bool, 256> counted{};
  std::array<bool, 256> inCountedCell{};
  // Where the count labelled names relative to one another but no rotation was clear: those labels.
  std::optional<RelativeLabels> unanchored;
  // Where its 9 -> 0 steps fixed the rotation but no rotation read a frame: the digits they give, to be
  // checked by reading once the references have named what the count did not (learnOsdDigits), and which
  // of them the count fixed.
  std::optional<std::array<int8_t, 256>> unchecked;
  std::array<bool, 256> uncheckedCounted{};
  size_t named = 0;  // frames with a reading
  CountedDigits() { digits.fill(-1); }
};

CountedDigits countDigits(const OsdLayout& layout, const std::vector<std::vector<uint8_t>>& frames,
                          const std::vector<OsdGlyph>& glyphs) {
  CountedDigits out;
  const size_t cells = layout.cells.size();
  if (cells < 2) return out;
  // Consecutive frames with a reading, in order. A frame where no cell holds ink (a black frame, a fade
  // through black) is no reading: a tick across it is still one tick.
  std::vector<const Reading*> shown;
  for (const auto& f : frames)
    if (f.size() == cells && !std::all_of(f.begin(), f.end(), [](uint8_t n) { return n == kOsdBlank; }))
      shown.push_back(&f);
  // Nor, where the clock shows each second on several frames, is a frame that alone draws a cell other
  // than the counted one otherwise than the frames either side, which agree there (a damaged picture
  // concealed for one frame, one picture of another camera): each step to and from it changes that cell,
  // so neither is a tick, and a tick across it would be lost (a damaged capture's only step from 0 to 1
  // split the count in two, and the piece that knew where 0 was read nothing). The counted cell's own
  // one-frame redraws stay steps: they join a digit's names (`same`). Where a second lasts a frame or two
  // (stills, time-lapse), the step across such a frame may pass two ticks, and every frame is a step.
  auto odd = [&](size_t i, size_t counted) {
    const Reading &before = *shown[i - 1], &f = *shown[i], &after = *shown[i + 1];
    for (size_t c = 0; c < cells; ++c)
      if (c != counted && validName(before[c]) && sameCharacter(before[c], after[c], glyphs) &&
          f[c] != before[c] && f[c] != after[c])
        return true;
    return false;
  };
  auto stepsOver = [&](std::optional<size_t> skipLoneOddFramesBut) {
    // Each frame's oddness once, padded with a clean frame at either end (the first and last have no
    // neighbours to differ from).
    std::vector<bool> odds(shown.size() + 2, false);
    if (skipLoneOddFramesBut)
      for (size_t i = 1; i + 1 < shown.size(); ++i) odds[i + 1] = odd(i, *skipLoneOddFramesBut);
    std::vector<Step> steps;
    const Reading* last = nullptr;
    for (size_t i = 0; i < shown.size(); ++i) {
      if (odds[i + 1] && !odds[i] && !odds[i + 2]) continue;
      if (last) steps.emplace_back(last, shown[i]);
      last = shown[i];
    }
    return steps;
  };
  const std::vector<Step> everyStep = stepsOver(std::nullopt);
  const size_t named = shown.size();
  out.named = named;
  const std::vector<bool> light = lightCells(frames, glyphs, cells);
  const size_t units = unitsCell(everyStep, cells, glyphs, light);
  if (units == 0) return out;
  // The seconds' units are counted; where they jump by more than one a frame (a time-lapse export), the
  // minutes' units, three cells to the left ("mm:ss"), which then step by one.
  for (const size_t counting : {units, units > 3 ? units - 3 : 0}) {
    if (counting == 0) break;
    StepVotes successor, same, wrap;
    const std::vector<Step> steps = usualRun(shown, counting) >= 4 ? stepsOver(counting) : everyStep;
    const bool byOne = countTicks(steps, counting, light, glyphs, successor, same, wrap);
    if (!byOne) continue;
    if (successor.empty()) return out;
    std::optional<RelativeLabels> wrapped;
    RelativeLabels labels = labelByCounting(successor, same, wrap, &wrapped);
    for (const auto& f : frames)
      if (f.size() == cells) out.inCountedCell[f[counting]] = true;
    // Digits from labels, or where no rotation is clear, the labels kept for the references to anchor
    // (and the rotation their 9 -> 0 steps fix, where no rotation read a frame).
    auto rotate = [&](RelativeLabels& from) {
      labelByLikeness(glyphs, out.inCountedCell, labelsBeside(shown, counting, from), from);
      std::optional<std::array<int8_t, 256>> unchecked;
      const auto digits = chooseRotation(layout, frames, glyphs, from, wrap, named, &unchecked);
      if (unchecked) {
        out.unchecked = unchecked;
        for (size_t g = 0; g < 256; ++g)
          out.uncheckedCounted[g] = (*unchecked)[g] >= 0 && !from.byLikeness[g];
      }
      if (!digits) return false;
      out.digits = *digits;
      for (size_t g = 0; g < 256; ++g) out.counted[g] = out.digits[g] >= 0 && !from.byLikeness[g];
      return true;
    };
    if (rotate(labels)) return out;
    out.unanchored = labels;
    // The labels are in pieces and the heaviest knows no 9 -> 0 step: the piece that does fixes its own
    // digits, and the references may name the rest from them (learnOsdDigits).
    if (!out.unchecked && wrapped) rotate(*wrapped);
    return out;
  }
  return out;
}

// The digit a reference's counted glyphs give `glyph`: the nearest within kLikeDigit, every glyph of
// another digit at least twice as far (labelByLikeness's rule); -1 otherwise.
int referenceDigit(const OsdGlyph& glyph, const std::vector<OsdDigitGlyph>& references, double within) {
  std::array<double, 10> nearest;
  nearest.fill(2);
  for (const auto& r : references) {
    if (r.digit < 0 || r.digit > 9 || r.group >= 0) continue;
    const auto digit = static_cast<size_t>(static_cast<uint8_t>(r.digit));
    nearest[digit] = std::min(nearest[digit], glyphDistance(glyph, r.glyph));
  }
  const auto first = std::min_element(nearest.begin(), nearest.end());
  double second = 2;
  for (size_t d = 0; d < 10; ++d)
    if (nearest.begin() + static_cast<long>(d) != first) second = std::min(second, nearest[d]);
  return *first <= within && *first <= 0.5 * second ? static_cast<int>(first - nearest.begin()) : -1;
}

// The one rotation r under which label + r is the digit for every (label, digit) pair, of which there are at
// least two; -1 where the pairs fit no one rotation.
int agreedRotation(const std::vector<std::pair<int, int>>& pairs) {
  if (pairs.size() < 2) return -1;
  const int r = (pairs.front().second - pairs.front().first + 10) % 10;
  for (const auto& [label, digit] : pairs)
    if ((label + r) % 10 != digit) return -1;
  return r;
}

// A count whose rotation nothing in the capture fixed (it never passed a ten-second boundary, or too few of
// its frames read with what it labelled) takes the one rotation under which its counted names are the
// digits the reference names them, at least two of them and none otherwise.
void anchorOnReference(const RelativeLabels& labels, const std::array<int8_t, 256>& fromReference,
                       CountedDigits& own) {
  std::vector<std::pair<int, int>> pairs;
  for (size_t g = 0; g < 256; ++g)
    if (labels.digit[g] >= 0 && !labels.byLikeness[g] && fromReference[g] >= 0)
      pairs.emplace_back(labels.digit[g], fromReference[g]);
  const int chosen = agreedRotation(pairs);
  if (chosen < 0) return;
  for (size_t g = 0; g < 256; ++g)
    if (labels.digit[g] >= 0) {
      own.digits[g] = static_cast<int8_t>((labels.digit[g] + chosen) % 10);
      own.counted[g] = !labels.byLikeness[g];
    }
}

// The glyphs of references whose own count fixed no rotation (`group` >= 0: an 8-second reference never
// passes a ten-second boundary), each group turned to the capture's digits: the one rotation under which at
// least two of its glyphs, each a glyph the capture counted drawn again (kSameGlyph, every glyph of another
// digit twice as far), are the digits the capture gave them, and none is another. Groups no rotation fits
// are left out.
std::vector<OsdDigitGlyph> turnedToCapture(const CountedDigits& own, const std::vector<OsdGlyph>& glyphs,
                                           const std::vector<OsdDigitGlyph>& references) {
  std::vector<OsdDigitGlyph> counted;
  for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g)
    if (own.digits[g] >= 0 && own.counted[g]) counted.push_back({glyphs[g], own.digits[g]});
  std::map<int, std::vector<const OsdDigitGlyph*>> groups;
  for (const auto& r : references)
    if (r.group >= 0 && r.digit >= 0) groups[r.group].push_back(&r);
  std::vector<OsdDigitGlyph> out;
  for (const auto& [group, members] : groups) {
    std::vector<std::pair<int, int>> pairs;
    for (const OsdDigitGlyph* m : members)
      if (const int digit = referenceDigit(m->glyph, counted, kSameGlyph); digit >= 0)
        pairs.emplace_back(m->digit, digit);
    const int turn = agreedRotation(pairs);
    if (turn < 0) continue;
    for (const OsdDigitGlyph* m : members)
      out.push_back({m->glyph, static_cast<int8_t>((m->digit + turn) % 10)});
  }
  return out;
}

// The names the capture's count left without a digit take the reference's, where it names them clearly;
// none does where one of the names the count fixed is named otherwise by the reference (the two counts
// disagree, and neither is believed over the other: the capture's own stands alone). A name its counted
// cell showed that its count left out must be the reference's glyph drawn again (kSameGlyph), not only
// like it (labelByLikeness says why).
void nameFromReferences(CountedDigits& own, const std::vector<OsdGlyph>& glyphs,
                        const std::vector<OsdDigitGlyph>& references) {
  const bool ownCount = std::any_of(own.digits.begin(), own.digits.end(), [](int8_t d) { return d >= 0; });
  std::array<int8_t, 256> fromReference;
  fromReference.fill(-1);
  bool disagree = false;
  for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g) {
    const bool leftOut = ownCount && own.inCountedCell[g] && own.digits[g] < 0;
    fromReference[g] =
        static_cast<int8_t>(referenceDigit(glyphs[g], references, leftOut ? kSameGlyph : kLikeDigit));
    disagree |= own.digits[g] >= 0 && fromReference[g] >= 0 && fromReference[g] != own.digits[g];
  }
  if (!ownCount && own.unanchored) anchorOnReference(*own.unanchored, fromReference, own);
  if (!disagree)
    for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g)
      if (own.digits[g] < 0 && fromReference[g] >= 0) {
        // Named by likeness to the reference's glyphs, not counted here: a reading standing apart from
        // the session's clock is not believed on it (a foreign frame's hours misnamed so read 13 hours
        // off, bench/osd_styles.sh sans-40px-box, when these were taken as counted).
        own.digits[g] = fromReference[g];
      }
}

}  // namespace

std::array<int8_t, 256> learnOsdDigits(const OsdLayout& layout,
                                       const std::vector<std::vector<uint8_t>>& frames,
                                       const std::vector<OsdGlyph>& glyphs, std::array<bool, 256>* counted,
                                       const std::vector<OsdDigitGlyph>& references) {
  CountedDigits own = countDigits(layout, frames, glyphs);
  if (!references.empty()) {
    const CountedDigits alone = own;
    nameFromReferences(own, glyphs, references);
    // A count its 9 -> 0 steps fixed though no frame read (a short stretch whose seconds never showed a
    // digit its date or hours show: 11 undamaged seconds of a damaged capture), which the references' own
    // digits did not make read, is taken with what the references' relative counts name once turned to it,
    // where together they read at least half of the frames; otherwise it stays as it was.
    if (alone.unchecked && alone.unanchored &&
        framesRead(layout, frames, own.digits, glyphs).read * 2 < own.named) {
      CountedDigits tried = alone;
      tried.digits = *alone.unchecked;
      tried.counted = alone.uncheckedCounted;
      tried.unanchored.reset();
      std::vector<OsdDigitGlyph> named = turnedToCapture(tried, glyphs, references);
      named.insert(named.end(), references.begin(), references.end());
      nameFromReferences(tried, glyphs, named);
      if (framesRead(layout, frames, tried.digits, glyphs).read * 2 >= own.named) own = tried;
    }
  }
  if (counted) *counted = own.counted;
  return own.digits;
}

std::vector<OsdDigitGlyph> countedDigitGlyphs(const OsdLayout& layout,
                                              const std::vector<std::vector<uint8_t>>& frames,
                                              const std::vector<OsdGlyph>& glyphs) {
  const CountedDigits own = countDigits(layout, frames, glyphs);
  std::vector<OsdDigitGlyph> out;
  for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g)
    if (own.digits[g] >= 0 && own.counted[g]) out.push_back({glyphs[g], own.digits[g]});
  if (out.empty() && own.unanchored)
    for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g)
      if (own.unanchored->digit[g] >= 0 && !own.unanchored->byLikeness[g])
        out.push_back({glyphs[g], own.unanchored->digit[g], 0});
  return out;
}

void addDigitGlyphs(std::vector<OsdDigitGlyph>& camera, std::vector<OsdDigitGlyph> reference) {
  const int group = static_cast<int>(camera.size());
  for (auto& d : reference)
    if (d.group >= 0) d.group = group;
  camera.insert(camera.end(), reference.begin(), reference.end());
}

namespace {

// A clock's digits advance by one width (tabular figures, even in a proportional font, however narrow a
// "1"'s ink): cells cut where the ink is whose two-digit groups of the time are spaced unevenly cut a
// character in two or two into one.
bool evenDigits(const OsdLayout& layout, const OsdFormat& format) {
  auto centre = [&](int c) {
    const OsdCell& cell = layout.cells[static_cast<size_t>(c)];
    return (cell.x0 + cell.x1) / 2.0;
  };
  double narrowest = 1e9, widest = 0;
  for (size_t g = format.groups.size() - 3; g < format.groups.size(); ++g) {
    const auto& group = format.groups[g];
    for (size_t k = 1; k < group.size(); ++k) {
      const double advance = centre(group[k]) - centre(group[k - 1]);
      narrowest = std::min(narrowest, advance);
      widest = std::max(widest, advance);
    }
  }
  return widest <= 1.3 * narrowest;
}

// A one-digit hour's cell is a digit wide; one wider than one and a half of the minutes' and seconds'
// cells is two digits that touch (an italic "22" one run of ink), which read as one put the clock twenty
// hours off.
bool wideHour(const OsdLayout& layout, const OsdFormat& format) {
  auto width = [&](int c) {
    return layout.cells[static_cast<size_t>(c)].x1 - layout.cells[static_cast<size_t>(c)].x0;
  };
  const size_t n = format.groups.size();
  std::vector<int> digits;
  for (size_t g = n - 2; g < n; ++g)
    for (int c : format.groups[g]) digits.push_back(width(c));
  std::sort(digits.begin(), digits.end());
  return 2 * width(format.groups[n - 3].front()) > 3 * digits[digits.size() / 2];
}

std::optional<int> groupValue(const std::vector<int>& group, const std::vector<uint8_t>& names,
                              const std::array<int8_t, 256>& digits) {
  int value = 0;
  for (int cell : group) {
    if (static_cast<size_t>(cell) >= names.size() || digits[names[static_cast<size_t>(cell)]] < 0)
      return std::nullopt;
    value = value * 10 + digits[names[static_cast<size_t>(cell)]];
  }
  return value;
}

// The date's order (OsdDateOrder): a day-month-year date shows a day over 12 in its first group on some
// frame and never a value over 12 in its second; month-day-year the other way round.
// With a hint, the hinted order where the groups' sizes fit it (and the year reads on most frames).
OsdDateOrder dateOrder(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                       const std::array<int8_t, 256>& digits, OsdDateOrder hint, bool& orderUnknown) {
  orderUnknown = false;
  const size_t n = format.groups.size();
  // A day and a year with a month's name: read where the year reads on most frames.
  if (!format.monthCells.empty() && n >= 5 && format.groups[n - 5].size() <= 2 &&
      format.groups[n - 4].size() == 4) {
    size_t withYear = 0, seen = 0;
    for (const auto& names : frames) {
      if (names.empty()) continue;
      ++seen;
      const auto year = groupValue(format.groups[n - 4], names, digits);
      withYear += year && *year >= 1970 && *year <= 2099;
    }
    return withYear * 2 > seen ? OsdDateOrder::NamedMonth : OsdDateOrder::None;
  }
  if (n < 6) return OsdDateOrder::None;
  auto sizes = [&](size_t a, size_t b, size_t c) {
    return format.groups[n - 6].size() == a && format.groups[n - 5].size() == b &&
           format.groups[n - 4].size() == c;
  };
  if (sizes(4, 2, 2))
    return hint == OsdDateOrder::None || hint == OsdDateOrder::YMD ? OsdDateOrder::YMD : OsdDateOrder::None;
  if (!sizes(2, 2, 4) || hint == OsdDateOrder::YMD) return OsdDateOrder::None;
  // A date is read only where its year is, on most frames: a year digit never named would otherwise leave
  // every frame unread, where the time alone reads.
  bool firstIsDay = false, secondIsDay = false;
  size_t withYear = 0, seen = 0;
  for (const auto& names : frames) {
    if (names.empty()) continue;
    ++seen;
    const auto first = groupValue(format.groups[n - 6], names, digits);
    const auto second = groupValue(format.groups[n - 5], names, digits);
    const auto year = groupValue(format.groups[n - 4], names, digits);
    if (!first || !second || !year || *year < 1970 || *year > 2099) continue;
    ++withYear;
    firstIsDay = firstIsDay || *first > 12;
    secondIsDay = secondIsDay || *second > 12;
  }
  if (withYear * 2 <= seen) return OsdDateOrder::None;
  if (hint != OsdDateOrder::None) return hint;
  orderUnknown = !firstIsDay && !secondIsDay;
  if (firstIsDay == secondIsDay) return OsdDateOrder::None;
  return firstIsDay ? OsdDateOrder::DMY : OsdDateOrder::MDY;
}

// A "/" is as tall as a digit and never named, so "26/12/2019" is first taken for one group. Its pieces are
// the date's when every other cell is a named digit, the never-named cells show one glyph, and the pieces
// are two or four digits long; anything else stays one group (an unnamed digit of an hour must leave the
// frame unread, not cut the hour in two).
std::vector<std::vector<int>> splitAtSlashes(const std::vector<int>& group,
                                             const std::vector<int>& digitVotes,
                                             const std::vector<int>& tallVotes,
                                             const std::vector<uint8_t>& modalName,
                                             const std::vector<OsdGlyph>& glyphs) {
  std::vector<std::vector<int>> pieces(1);
  std::vector<uint8_t> separators;
  for (int c : group) {
    const auto cell = static_cast<size_t>(c);
    if (digitVotes[cell] == 0) {
      separators.push_back(modalName[cell]);
      pieces.emplace_back();
    } else if (digitVotes[cell] > tallVotes[cell]) {
      pieces.back().push_back(c);
    } else {
      return {group};
    }
  }
  const bool oneGlyph = std::all_of(separators.begin(), separators.end(), [&](uint8_t name) {
    return validName(name) && sameCharacter(name, separators[0], glyphs);
  });
  const bool datePieces =
      std::all_of(pieces.begin(), pieces.end(), [](const auto& p) { return p.size() == 2 || p.size() == 4; });
  if (separators.size() < 2 || !oneGlyph || !datePieces) return {group};
  return pieces;
}

// An hour of one digit ("4:05:00") is followed by the ":" between it and the minutes: a glyph with a
// fraction of a digit's ink. Followed by anything else, the group is a digit group cut short (the other
// digit of the hour unnamed), and read as an hour it would put the frame hours away. And it follows a space
// or starts the line: in a grid, a blank cell (or a gap) before it; cut where the ink is, a gap of more than
// `space` pixels to the cell before it, which is there only where the references showed ink (a 12-pixel
// fixed-cell "12" cut so left a sliver cell, blank on most frames, between its "1" and its "2", and
// "12:05:26" was read as "2:05:26").
bool separatedHour(const OsdLayout& layout, const OsdFormat& format, const std::vector<uint8_t>& modalName,
                   const std::vector<OsdGlyph>& glyphs, int digitInk, int space) {
  const size_t n = format.groups.size();
  const auto hour = static_cast<size_t>(format.groups[n - 3].front());
  auto before = hour;
  if (!layout.proportional)
    while (before > 0 && modalName[before - 1] == kOsdBlank) --before;
  const bool spacedBefore =
      hour == 0 || before < hour || layout.cells[hour].x0 - layout.cells[before - 1].x1 > space;
  const size_t next = static_cast<size_t>(format.groups[n - 3].back()) + 1;
  if (!spacedBefore || next >= modalName.size() || static_cast<int>(next) >= format.groups[n - 2].front())
    return false;
  const uint8_t name = modalName[next];
  return name < glyphs.size() && glyphs[name].lit * 3 < digitInk;
}

// The seconds are always named (the digits were learned from them): trailing groups none of whose cells
// shows a named digit in most frames are text after the time ("AM", "PM"), not its last group. So is such
// a group with the time's three groups after it (a weekday between the date and the time). Never the
// hours' own place: an hour drawn in glyphs never named leaves the frame unread, where dropping it would
// read the date's day as the hour.
struct DroppedText {
  std::vector<int> after;  // the text group right after the time ("AM")
  std::vector<int> words;  // the cells of the text groups before the time (a weekday, a month's name)
  // A month's name beside a day of one or two digits, before a four-digit year and the time ("26 Dec 2019
  // 04:05:00", "Dec 26 2019 04:05:00").
  std::vector<int> month;
};
template <typename Named>
DroppedText dropTextGroups(std::vector<std::vector<int>>& groups, Named named) {
  auto text = [&](const std::vector<int>& group) { return std::none_of(group.begin(), group.end(), named); };
  DroppedText dropped;
  // Text drawn against the seconds ("05PM"): capitals as tall and as inked as digits, never named, end
  // the line's last group after its two named digits; they are text after the time, not its digits. (A
  // year whose last digit was never named, "2019" after a time drawn first, keeps its group: three named
  // digits before it.)
  if (!groups.empty()) {
    std::vector<int>& last = groups.back();
    const auto firstUnnamed = std::find_if_not(last.begin(), last.end(), named);
    if (firstUnnamed - last.begin() == 2 && firstUnnamed != last.end() &&
        std::none_of(firstUnnamed, last.end(), named)) {
      dropped.after.assign(firstUnnamed, last.end());
      last.erase(firstUnnamed, last.end());
    }
  }
  while (!groups.empty() && text(groups.back())) {
    dropped.after = std::move(groups.back());
    groups.pop_back();
  }
  const size_t n = groups.size();
  if (n >= 6 && groups[n - 4].size() == 4 && !text(groups[n - 4])) {
    auto day = [&](size_t g) { return groups[g].size() <= 2 && !text(groups[g]); };
    if (text(groups[n - 5]) && day(n - 6)) dropped.month = groups[n - 5];
    if (text(groups[n - 6]) && day(n - 5)) dropped.month = groups[n - 6];
  }
  auto& words = dropped.words;
  for (size_t g = 0; g + 3 < groups.size();) {
    if (text(groups[g])) {
      words.insert(words.end(), groups[g].begin(), groups[g].end());
      groups.erase(groups.begin() + static_cast<long>(g));
    } else
      ++g;
  }
  return dropped;
}

// The time is read from the last three groups, after the date. A clock that draws its time first
// ("10:18:29 26-12-2019") had its seconds' group read as the minutes and the date's day as the seconds, on
// every frame. The time is the last three groups of one or two, two and two digits joined by one separator
// cell each, the same glyph twice (":"); where a date of three groups (two, two and four digits, or four,
// two and two) follows it and nothing else, the date is moved before it.
void timeLast(std::vector<std::vector<int>>& groups, const std::vector<uint8_t>& modalName,
              const std::vector<OsdGlyph>& glyphs) {
  auto separator = [&](size_t g) {  // the one cell between groups g and g + 1, or -1
    const int cell = groups[g].back() + 1;
    return groups[g + 1].front() == cell + 1 && validName(modalName[static_cast<size_t>(cell)]) ? cell : -1;
  };
  auto timeAt = [&](size_t g) {
    if (groups[g].size() > 2 || groups[g + 1].size() != 2 || groups[g + 2].size() != 2) return false;
    const int a = separator(g), b = separator(g + 1);
    return a >= 0 && b >= 0 &&
           sameCharacter(modalName[static_cast<size_t>(a)], modalName[static_cast<size_t>(b)], glyphs);
  };
  if (groups.size() < 4) return;
  size_t time = groups.size();
  for (size_t g = 0; g + 3 <= groups.size(); ++g)
    if (timeAt(g)) time = g;
  if (time + 3 >= groups.size()) return;
  auto size = [&](size_t g) { return groups[time + 3 + g].size(); };
  if (time + 6 == groups.size() &&
      ((size(0) == 2 && size(1) == 2 && size(2) == 4) || (size(0) == 4 && size(1) == 2 && size(2) == 2))) {
    std::rotate(groups.begin() + static_cast<long>(time), groups.begin() + static_cast<long>(time) + 3,
                groups.end());
    return;
  }
  // Anything else after it: a date of two-digit groups ("19-12-26", where a grid cut "2019" in two) joins
  // its groups by one glyph twice too, so those three may not be the time. Where the last three are not
  // joined so either (a day after the seconds, the month and year dropped as text), they are not the time
  // either, and the clock is left unread rather than read with its seconds as the minutes.
  if (!timeAt(groups.size() - 3)) groups.clear();
}

// A clock with text after its time ("AM", "PM") whose hours read 1 to 12 on every frame where they read.
bool twelveHourClock(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                     const std::array<int8_t, 256>& digits) {
  if (!format.valid()) return false;
  size_t read = 0;
  for (const auto& names : frames) {
    const auto hour = groupValue(format.groups[format.groups.size() - 3], names, digits);
    if (!hour) continue;
    if (*hour == 0 || *hour > 12) return false;
    ++read;
  }
  return read > 0;
}

// The rows and columns a glyph's strokes span; top -1 where it has none.
struct InkBox {
  int top = -1, bottom = -1, left = 0, right = -1;
};
InkBox inkBox(const OsdGlyph& glyph) {
  InkBox box;
  box.left = glyph.width;
  for (int y = 0; y < glyph.height; ++y)
    for (int x = 0; x < glyph.width; ++x)
      if (glyph.at(x, y) >= kStrokeContrast) {
        if (box.top < 0) box.top = y;
        box.bottom = y;
        box.left = std::min(box.left, x);
        box.right = std::max(box.right, x);
      }
  return box;
}

// Whether a text's ink is narrower than 0.9 of its height: one letter ("A" is about 0.7 of its height wide
// in sans faces, "P" less), where two letters touching ("AM") are wider than tall. A street camera's
// pixel-font "A", alone in its cell, was cut in two by splitLetters, and its "AM" went untold on every frame
// (bench/README.md, real-footage case, cam-G).
bool holdsOneLetter(const OsdGlyph& glyph) {
  const InkBox ink = inkBox(glyph);
  return ink.top >= 0 && (ink.right - ink.left + 1) * 10 < (ink.bottom - ink.top + 1) * 9;
}

// Whether most of a glyph's lowest rows of ink (a sixth of its height, at least one) hold two runs of
// ink or more, apart: the feet of an "A". An oblique "P" leans off any upright band at its left, but
// stands on its stem alone.
bool standsOnTwoFeet(const OsdGlyph& glyph, int top, int bottom) {
  const int rows = std::max(1, (bottom - top + 1) / 6);
  int twoFooted = 0;
  for (int y = bottom - rows + 1; y <= bottom; ++y) {
    int runs = 0;
    bool inside = false;
    for (int x = 0; x < glyph.width; ++x) {
      const bool ink = glyph.at(x, y) >= kStrokeContrast;
      runs += ink && !inside;
      inside = ink;
    }
    twoFooted += runs >= 2;
  }
  return twoFooted * 2 > rows;
}

// Whether a text's first letter stands on an upright stem at its left, as "P" does and "A" (whose legs
// slant to its apex) does not: the share of the ink's rows that have ink in the left band of the text, a
// fifth of its height wide (a stem and its serif fit in it; an "A"'s leg reaches up about half way there).
// No stem is said only of a letter on two feet: an oblique "P" whose lean the line's cells did not undo
// may leave the band at its top.
// 1: a stem, 0: none, -1: neither clearly.
int leftStem(const OsdGlyph& glyph) {
  const InkBox ink = inkBox(glyph);
  const int top = ink.top, bottom = ink.bottom, left = ink.left;
  if (top < 0 || bottom - top < 4) return -1;
  const int height = bottom - top + 1, band = std::max(1, height / 5);
  int rows = 0;
  for (int y = top; y <= bottom; ++y) {
    bool ink = false;
    for (int x = left; x < std::min(glyph.width, left + band) && !ink; ++x)
      ink = glyph.at(x, y) >= kStrokeContrast;
    rows += ink;
  }
  if (rows * 20 >= height * 17) return 1;
  if (rows * 10 <= height * 7 && standsOnTwoFeet(glyph, top, bottom)) return 0;
  return -1;
}

// A run of text drawn as one ink cell ("AM" with its letters touching) cut in two at the column with the
// least ink in the middle third of its ink: its first letter and the rest.
OsdGlyph columnsOf(const OsdGlyph& glyph, int x0, int x1) {
  OsdGlyph part;
  part.width = glyph.width;
  part.height = glyph.height;
  for (int y = 0; y < glyph.height; ++y)
    for (int x = x0; x < x1; ++x) part.at(x, y) = glyph.at(x, y);
  part.measure();
  return part;
}

std::pair<OsdGlyph, OsdGlyph> splitLetters(const OsdGlyph& glyph) {
  std::vector<int> ink(static_cast<size_t>(glyph.width), 0);
  int left = -1, right = -1;
  for (int x = 0; x < glyph.width; ++x) {
    for (int y = 0; y < glyph.height; ++y) ink[static_cast<size_t>(x)] += glyph.at(x, y);
    if (ink[static_cast<size_t>(x)] > 0) {
      if (left < 0) left = x;
      right = x;
    }
  }
  int at = glyph.width / 2;
  if (left >= 0) {
    const int span = right - left + 1;
    at = left + span / 3;
    for (int x = left + span / 3; x <= left + 2 * span / 3; ++x)
      if (ink[static_cast<size_t>(x)] < ink[static_cast<size_t>(at)]) at = x;
  }
  return {columnsOf(glyph, 0, at), columnsOf(glyph, at, glyph.width)};
}

}  // namespace

OsdFormat osdFormat(const OsdLayout& layout, const std::vector<std::vector<uint8_t>>& frames,
                    const std::array<int8_t, 256>& digits, const std::vector<OsdGlyph>& glyphs,
                    const OsdHint& hint) {
  OsdFormat format;
  const size_t cells = layout.cells.size();
  // A cell belongs to a digit group when it usually shows a digit, or a glyph as tall as the digits that
  // no digit was learned for: that is a digit not yet named, and taking it for a separator would read
  // "23" as "2". Separators (":", "-") are shorter; blank cells are spaces.
  // Each name's rows from its first stroke to its last, measured once: the frames' cells ask for them
  // tens of thousands of times.
  std::vector<int> extents(glyphs.size(), 0);
  for (size_t name = 0; name < glyphs.size(); ++name) {
    const OsdGlyph& g = glyphs[name];
    int first = -1, last = -1;
    for (int y = 0; y < g.height; ++y)
      for (int x = 0; x < g.width; ++x)
        if (g.at(x, y) >= kStrokeContrast) {
          if (first < 0) first = y;
          last = y;
        }
    extents[name] = first < 0 ? 0 : last - first + 1;
  }
  auto extent = [&](uint8_t name) { return name < extents.size() ? extents[name] : 0; };
  std::vector<int> digitExtents, digitInk;
  int digitRows = 0;  // a digit glyph's rows: the line's height, sampled down
  for (size_t g = 0; g < glyphs.size() && g < kOsdBlank; ++g)
    if (digits[g] >= 0) {
      digitExtents.push_back(extent(static_cast<uint8_t>(g)));
      digitInk.push_back(glyphs[g].lit);
      if (digitRows == 0) digitRows = glyphs[g].height;
    }
  std::sort(digitExtents.begin(), digitExtents.end());
  std::sort(digitInk.begin(), digitInk.end());
  const int digitHeight = digitExtents.empty() ? 0 : digitExtents[digitExtents.size() / 2];
  const int ink = digitInk.empty() ? 0 : digitInk[digitInk.size() / 2];
  // A ":" can be as tall as a digit (a dot at each end) but has a fraction of its ink; a "1" has less ink
  // than most digits but more than half of the median's... most of the time, which is why an unnamed
  // tall glyph makes a frame unread, never a digit.
  auto digitLike = [&](uint8_t name) {
    return name < glyphs.size() && extent(name) * 10 >= digitHeight * 8 && glyphs[name].lit * 20 >= ink * 9;
  };
  // A blank cell votes against: a space between the year and a weekday, blank on every own frame, where a
  // few frames of another camera's clock put digits, is no digit (bench/osd_drawtext.sh's bikes camera
  // under dt-mono-dmy-weekday-box: the year's group took the space and the "T" after it, and its session
  // with bursts read no frame).
  std::vector<int> digitVotes(cells, 0), tallVotes(cells, 0), otherVotes(cells, 0);
  std::vector<std::map<uint8_t, int>> shown(cells);
  for (const auto& f : frames) {
    if (f.size() != cells) continue;
    for (size_t c = 0; c < cells; ++c) {
      ++shown[c][f[c]];
      if (digits[f[c]] >= 0)
        ++digitVotes[c];
      else if (digitLike(f[c]))
        ++tallVotes[c];
      else if (f[c] <= kOsdBlank)
        ++otherVotes[c];
    }
  }
  // Digit groups end at a cell that is not a digit (":", "-") or at a gap between cells wider than a
  // quarter of the digits' height (a space: grid cells touch, a proportional font's are a twelfth of the
  // height apart on either side, measured on street_night_osd's 26-pixel line 2 px between digits, 9 at
  // the space). The digits', not the line's: a line holding a "p"'s descender and an outline is half as
  // tall again as its 12-pixel digits, and a quarter of it was wider than the space between a day and an
  // hour cut where the ink is.
  const int lineHeight = layout.bottom - layout.top;
  const int digitPixels = digitHeight > 0 && digitRows > 0
                              ? std::min(lineHeight, digitHeight * lineHeight / digitRows)
                              : lineHeight;
  const int space = digitPixels / 4;
  std::vector<uint8_t> modalName(cells, kOsdBlank);
  for (size_t c = 0; c < cells; ++c)
    if (!shown[c].empty()) modalName[c] = mostCounted(shown[c]);
  std::vector<int> group;
  for (size_t c = 0; c <= cells; ++c) {
    const bool digit = c < cells && digitVotes[c] + tallVotes[c] > otherVotes[c];
    const bool spaced = c > 0 && c < cells && layout.cells[c].x0 - layout.cells[c - 1].x1 > space;
    if ((!digit || spaced) && !group.empty()) {
      for (auto& piece : splitAtSlashes(group, digitVotes, tallVotes, modalName, glyphs))
        format.groups.push_back(std::move(piece));
      group.clear();
    }
    if (digit) group.push_back(static_cast<int>(c));
  }
  auto named = [&](int c) { return digitVotes[static_cast<size_t>(c)] > tallVotes[static_cast<size_t>(c)]; };
  DroppedText text = dropTextGroups(format.groups, named);
  format.wordCells = std::move(text.words);
  format.monthCells = std::move(text.month);
  timeLast(format.groups, modalName, glyphs);
  const size_t n = format.groups.size();
  if (n < 3 || format.groups[n - 3].size() > 2 || format.groups[n - 2].size() != 2 ||
      format.groups[n - 1].size() != 2 || (layout.proportional && !evenDigits(layout, format)) ||
      (format.groups[n - 3].size() == 1 &&
       (!separatedHour(layout, format, modalName, glyphs, ink, space) || wideHour(layout, format))))
    format.groups.clear();
  // Text after the time in lower case ("pm") is shorter than the digits and in no group: the inked cells
  // right after the seconds, up to the next group. Left out, a 12-hour clock was read as a 24-hour one, and
  // a stranger's "08:48:50 pm" stood three hours from the session's "05:48:50 am", not fifteen.
  if (text.after.empty() && format.groups.size() >= 3) {
    const int seconds = format.groups.back().back();
    int nextGroup = static_cast<int>(cells);
    for (const auto& g : format.groups)
      if (g.front() > seconds) nextGroup = std::min(nextGroup, g.front());
    for (int c = seconds + 1; c < nextGroup; ++c)
      if (modalName[static_cast<size_t>(c)] != kOsdBlank) text.after.push_back(c);
  }
  format.date = dateOrder(format, frames, digits, hint.date, format.dateOrderUnknown);
  format.twelveHour = hint.hours != 24 && (!text.after.empty() || hint.hours == 12) &&
                      twelveHourClock(format, frames, digits);
  if (format.twelveHour) format.halfDayCells = std::move(text.after);
  if (format.date == OsdDateOrder::None) format.wordCells.clear();
  if (format.date != OsdDateOrder::NamedMonth) format.monthCells.clear();
  return format;
}

OsdHalfDays osdHalfDays(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                        const std::vector<OsdGlyph>& glyphs) {
  OsdHalfDays out;
  out.half.assign(frames.size(), -1);
  const auto& cells = format.halfDayCells;
  if (!format.twelveHour || cells.empty()) return out;
  auto shows = [&](const std::vector<uint8_t>& names) {
    return std::all_of(cells.begin(), cells.end(), [&](int c) {
      return static_cast<size_t>(c) < names.size() && validName(names[static_cast<size_t>(c)]) &&
             names[static_cast<size_t>(c)] < glyphs.size();
    });
  };
  // Each frame's text as its first letter and the rest, by glyph name; a text drawn as one ink cell ("AM"
  // touching) is cut in two where it has least ink.
  const bool oneCell = cells.size() == 1;
  std::map<uint8_t, std::pair<OsdGlyph, OsdGlyph>> cut;
  auto letters = [&](uint8_t name) -> const std::pair<OsdGlyph, OsdGlyph>& {
    auto [it, added] = cut.try_emplace(name);
    if (added) it->second = splitLetters(glyphs[name]);
    return it->second;
  };
  auto firstDistance = [&](const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    const uint8_t x = a[static_cast<size_t>(cells[0])], y = b[static_cast<size_t>(cells[0])];
    if (x == y) return 0.0;
    return oneCell ? glyphDistance(letters(x).first, letters(y).first) : glyphDistance(glyphs[x], glyphs[y]);
  };
  auto sameRest = [&](const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    if (oneCell) {
      const uint8_t x = a[static_cast<size_t>(cells[0])], y = b[static_cast<size_t>(cells[0])];
      return x == y || glyphDistance(letters(x).second, letters(y).second) < kOtherCharacter;
    }
    for (size_t k = 1; k < cells.size(); ++k) {
      const auto c = static_cast<size_t>(cells[k]);
      if (!sameCharacter(a[c], b[c], glyphs)) return false;
    }
    return true;
  };
  std::map<std::vector<uint8_t>, size_t> texts;
  for (const auto& names : frames) {
    if (!shows(names)) continue;
    std::vector<uint8_t> text(cells.size());
    for (size_t k = 0; k < cells.size(); ++k) text[k] = names[static_cast<size_t>(cells[k])];
    ++texts[text];
  }
  if (texts.empty()) return out;
  const std::vector<uint8_t>& modal = mostCounted(texts);
  // The most shown text, as a line of names (only its text cells are looked at).
  std::vector<uint8_t> most(static_cast<size_t>(*std::max_element(cells.begin(), cells.end())) + 1,
                            kOsdBlank);
  for (size_t k = 0; k < cells.size(); ++k) most[static_cast<size_t>(cells[k])] = modal[k];
  // Each frame's first letter is the most shown text's, the other text's (the letter most frames that keep
  // the last letters show instead), or neither: one character redrawn stays within kOtherCharacter of
  // itself, and must be twice as near to its own letter as to the other.
  std::vector<bool> keepsRest(frames.size(), false);
  std::map<uint8_t, size_t> otherFirst;
  std::map<uint8_t, size_t> otherFrame;  // a frame showing each such letter
  const auto first = static_cast<size_t>(cells[0]);
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!shows(frames[i])) continue;
    keepsRest[i] = sameRest(frames[i], most);
    if (keepsRest[i] && firstDistance(frames[i], most) >= kOtherCharacter) {
      ++otherFirst[frames[i][first]];
      otherFrame.try_emplace(frames[i][first], i);
    }
  }
  std::optional<size_t> other;  // a frame showing the other text's first letter
  if (!otherFirst.empty()) other = otherFrame.at(mostCounted(otherFirst));
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!keepsRest[i]) continue;
    const double d0 = firstDistance(frames[i], most);
    const double d1 = other ? firstDistance(frames[i], frames[*other]) : 1.0;
    // With no other text seen, a first letter between one character's redraws and another character
    // (Hershey's lower-case "p" is 0.13 from its "a" on the line's rows, its descender cut off) tells
    // nothing: it was read as the usual text, and a stranger's "pm" frame stood three hours off, not
    // fifteen.
    if (d0 < kOtherCharacter && d1 >= 2 * d0 && (other || d0 < kSameGlyph))
      out.half[i] = 0;
    else if (d1 < kOtherCharacter && d0 >= kOtherCharacter && d0 >= 2 * d1)
      out.half[i] = 1;
  }
  // "P" stands on a stem, "A" on slanting legs; where both texts show, their letters must tell opposite
  // halves, and nine in ten of the frames showing each must agree. A text drawn as one ink cell wider than
  // one letter is judged by its first letter, as it is told apart: judged whole, a condensed "PM" sampled
  // down to the canvas kept no stem in the band at its left, and every PM frame of a session was read 12
  // hours off (bench/osd_styles.sh condensed-oblique-mdy-12h-tr, held out, seed 102).
  auto stem = [&](int8_t which) {
    std::map<int, size_t> votes;
    size_t shown = 0;
    for (size_t i = 0; i < frames.size(); ++i) {
      if (out.half[i] != which) continue;
      ++shown;
      const uint8_t name = frames[i][first];
      const bool cut = oneCell && !holdsOneLetter(glyphs[name]);
      ++votes[leftStem(cut ? letters(name).first : glyphs[name])];
    }
    for (const auto& [kind, n] : votes)
      if (shown > 0 && n * 10 >= shown * 9) return kind;
    return -1;
  };
  auto afternoonOf = [](int kind, int8_t which) -> int8_t {
    if (kind == 1) return which;
    if (kind == 0) return static_cast<int8_t>(1 - which);
    return -1;
  };
  const int8_t by0 = afternoonOf(stem(0), 0);
  const int8_t by1 = other ? afternoonOf(stem(1), 1) : by0;
  if (by0 >= 0 && by0 == by1) out.afternoon = by0;
  return out;
}

std::optional<OsdReading> readOsdClock(const OsdFormat& format, const std::vector<uint8_t>& names,
                                       const std::array<int8_t, 256>& digits) {
  if (!format.valid()) return std::nullopt;
  // Only the groups that make the reading must be read: the time, and a date before it in a known order.
  // Other text on the line (a camera's name, a weekday) may hold glyphs never named.
  const size_t n = format.groups.size();
  const bool dated = format.date != OsdDateOrder::None;
  const bool named = format.date == OsdDateOrder::NamedMonth;
  std::vector<int> values(n, 0);
  for (size_t g = named ? n - 3 : dated ? n - 6 : n - 3; g < n; ++g) {
    const auto value = groupValue(format.groups[g], names, digits);
    if (!value) return std::nullopt;
    values[g] = *value;
  }
  OsdReading reading;
  reading.hour = values[n - 3];
  reading.minute = values[n - 2];
  reading.second = values[n - 1];
  if (reading.hour > 23 || reading.minute > 59 || reading.second > 59) return std::nullopt;
  if (format.twelveHour && (reading.hour == 0 || reading.hour > 12)) return std::nullopt;
  if (named) {
    // A day or year drawn in a digit never named leaves the time read alone (as a clock without a date):
    // the month's name already keeps such a date from being whole.
    const auto day = groupValue(format.groups[n - 5], names, digits);
    const auto year = groupValue(format.groups[n - 4], names, digits);
    if (day && year && *year >= 1970 && *year <= 2099 && *day >= 1 && *day <= 31)
      reading.year = *year, reading.day = *day;  // the month: its name, not read
  } else if (dated) {
    const int a = values[n - 6], b = values[n - 5], c = values[n - 4];
    const auto [year, month, day] = format.date == OsdDateOrder::YMD   ? std::tuple{a, b, c}
                                    : format.date == OsdDateOrder::DMY ? std::tuple{c, b, a}
                                                                       : std::tuple{c, a, b};
    if (year < 1970 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    reading.year = year, reading.month = month, reading.day = day;
  }
  return reading;
}

namespace {

// A word of the clock's line (a weekday, a month's name): its cells' names, blanks included; none where a
// cell's glyph was unlike any named one.
using Word = std::vector<uint8_t>;
std::optional<Word> wordIn(const std::vector<int>& cells, const std::vector<uint8_t>& names) {
  Word word(cells.size());
  for (size_t k = 0; k < cells.size(); ++k) {
    const auto c = static_cast<size_t>(cells[k]);
    if (c >= names.size() || (!validName(names[c]) && names[c] != kOsdBlank)) return std::nullopt;
    word[k] = names[c];
  }
  return word;
}

bool alikeWords(const Word& a, const Word& b, const std::vector<OsdGlyph>& glyphs) {
  for (size_t k = 0; k < a.size(); ++k)
    if (!sameCharacter(a[k], b[k], glyphs) && !(a[k] == kOsdBlank && b[k] == kOsdBlank)) return false;
  return true;
}

}  // namespace

std::vector<bool> osdUsualMonth(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                                const std::vector<OsdGlyph>& glyphs) {
  std::vector<bool> usual(frames.size(), false);
  if (format.monthCells.empty()) return usual;
  std::map<Word, size_t> words;
  for (const auto& names : frames)
    if (const auto word = wordIn(format.monthCells, names)) ++words[*word];
  if (words.empty()) return usual;
  const Word& most = mostCounted(words);
  // The usual name drawn again: each cell the same name or within kSameGlyph of it, not only the
  // kOtherCharacter that tells a weekday's words apart. A cell between kSameGlyph and kOtherCharacter of
  // the usual one may be another month: where a day's two digits touch, "12" is one cell taken for a
  // month's name, and another camera's "11" came within 0.3 of it (bench/osd_styles.sh
  // sans-dmy-dots-22px-tr: 6 foreign frames set a day off). Such a frame is compared by its time of day.
  const auto drawnAgain = [&](const Word& word) {
    for (size_t k = 0; k < word.size(); ++k) {
      if (word[k] == most[k]) continue;
      if (!validName(word[k]) || !validName(most[k]) || word[k] >= glyphs.size() ||
          most[k] >= glyphs.size() || glyphDistance(glyphs[word[k]], glyphs[most[k]]) > kSameGlyph)
        return false;
    }
    return true;
  };
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto word = wordIn(format.monthCells, frames[i]);
    usual[i] = word && drawnAgain(*word);
  }
  return usual;
}

void dropWeekdayBreaks(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                       const std::vector<OsdGlyph>& glyphs,
                       std::vector<std::optional<OsdReading>>& readings) {
  // The words other than a month's name: a weekday.
  std::vector<int> cells;
  for (int c : format.wordCells)
    if (std::find(format.monthCells.begin(), format.monthCells.end(), c) == format.monthCells.end())
      cells.push_back(c);
  if (cells.empty() || readings.size() != frames.size()) return;
  auto wordOf = [&](const std::vector<uint8_t>& names) { return wordIn(cells, names); };
  auto alike = [&](const Word& a, const Word& b) { return alikeWords(a, b, glyphs); };
  // A month's name is not read: only the frames showing the usual name in the usual year are checked,
  // dated by their day of the month.
  const bool named = format.date == OsdDateOrder::NamedMonth;
  std::vector<bool> usual;
  int usualYear = 0;
  if (named) {
    usual = osdUsualMonth(format, frames, glyphs);
    std::map<int, size_t> years;
    for (size_t i = 0; i < frames.size(); ++i)
      if (usual[i] && readings[i] && readings[i]->hasDate()) ++years[readings[i]->year];
    if (years.empty()) return;
    usualYear = mostCounted(years);
  }
  auto checked = [&](size_t i) {
    return readings[i] && readings[i]->hasDate() && (!named || (usual[i] && readings[i]->year == usualYear));
  };
  auto dayOf = [&](const OsdReading& r) -> long {
    if (named) return r.day;
    using namespace std::chrono;
    return sys_days{year{r.year} / month{static_cast<unsigned>(r.month)} / day{static_cast<unsigned>(r.day)}}
        .time_since_epoch()
        .count();
  };
  struct Day {
    std::map<Word, size_t> words;
    size_t frames = 0;
    Word word;  // the word most of its frames show
  };
  std::map<long, Day> days;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!checked(i)) continue;
    const auto word = wordOf(frames[i]);
    if (!word) continue;
    Day& d = days[dayOf(*readings[i])];
    ++d.words[*word];
    ++d.frames;
  }
  for (auto& [number, d] : days) d.word = mostCounted(d.words);
  // Dates in order of their frames, most first: a date whose word disagrees with an earlier date that
  // stood (the same word days apart, or another word a whole number of weeks apart) is misread.
  std::vector<long> order;
  order.reserve(days.size());
  for (const auto& [number, d] : days) order.push_back(number);
  std::stable_sort(order.begin(), order.end(),
                   [&](long a, long b) { return days.at(a).frames > days.at(b).frames; });
  std::set<long> broken;
  for (size_t k = 0; k < order.size(); ++k)
    for (size_t j = 0; j < k; ++j) {
      const long a = order[j], b = order[k];
      if (!broken.count(a) && alike(days.at(a).word, days.at(b).word) != ((a - b) % 7 == 0)) broken.insert(b);
    }
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!checked(i)) continue;
    const auto word = wordOf(frames[i]);
    if (!word) continue;
    const long number = dayOf(*readings[i]);
    if (broken.count(number) || !alike(*word, days.at(number).word)) readings[i].reset();
  }
}

}  // namespace camtrace
