#pragma once

// On-screen clock (OSD) evidence. Many cameras burn a timestamp into every picture; in the 2019 incident
// victims recognised strangers' stills by a clock showing another time zone. Nothing here knows a font:
// OsdLayoutBuilder learns a camera's clock line and character cells from its references, OsdGlyphReader
// names the glyphs of each frame's cells, learnOsdDigits() finds which glyph is which digit by watching the
// clock count, readOsdClock() reads a frame's time. How, and why so: docs/decisions.md ("burned-in clock").
// Pure functions of pixels, like the other analyzers; what a reading means for a session is decided in
// audit/osd_evidence.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "analyzers/gray_view.h"

namespace camtrace {

// How far below the text's luma a glyph's pixels may be. Thin strokes through a codec lose their peak:
// simulate's 10-pixel clock reads best at 30 (a wider band takes in a bright scene between the text's dark
// edges), a real recorder's two-pixel dot-matrix strokes at 50 (at 30 a "6" lost its bars and matched a
// "7"). Every frame is read with both (osdReadingLayouts).
inline constexpr std::array<int, 2> kOsdTolerances = {30, 50};

struct OsdCell {
  int x0 = 0, x1 = 0;  // frame columns [x0, x1)
  bool operator==(const OsdCell&) const = default;
};

// An oblique font's lean, undone before its line is cut into cells: row y is read `at(y)` columns to the
// right of where its cells say (a slanted "1" leans over the gap before the next digit, so no column
// between them is free of ink). Sixteenths of a pixel a row, measured up from row `base`; whole pixels by
// rounding down, the same on every machine.
struct OsdSlant {
  int sixteenths = 0;
  int base = 0;
  int at(int y) const {
    const int d = sixteenths * (base - y) + 8;
    return d >= 0 ? d / 16 : -((15 - d) / 16);
  }
  bool operator==(const OsdSlant&) const = default;
};

struct OsdLayout {
  int frameWidth = 0, frameHeight = 0;  // the picture size it was learned on; other sizes are not read
  int top = 0, bottom = 0;              // frame rows [top, bottom) of the text line
  int white = 255;                      // the text's luma: what the engine draws, whatever the scene
  // The top-hat's width in pixels: wider than the text's strokes (OsdLayoutBuilder::kStrokeScales).
  int kernel = 5;
  // How far a stroke rises above what is under it: 60 levels, or 30 for faint text (white over a
  // near-white wall), whose glyphs are read with their response scaled up to the usual contrast.
  int contrast = 60;
  int tolerance = kOsdTolerances[0];  // a glyph's pixels are within this of `white`
  // A glyph pixel weighs by its luma, rising from just below `white - tolerance` to just below `white`,
  // and by its stroke response up to `contrast`, instead of its top-hat cut at `white - tolerance` (see
  // osdReadingLayouts).
  bool lumaWeighted = false;
  // The same line cut where the ink is, for a font drawn proportionally (a ":" a third of a digit's width,
  // which no grid fits); `proportional` when `cells` are these.
  std::vector<OsdCell> inkCells;
  // The ink cells with runs two digits wide cut in two (empty where none is): read as ways of their own.
  std::vector<OsdCell> pairCells;
  bool proportional = false;
  std::vector<OsdCell> cells;  // left to right, in the line's upright columns (see `slant`)
  OsdSlant slant;
  // A line placed by its text's measured width (right-aligned or centred, as FFmpeg's drawtext places
  // "x=w-tw-10"): the whole line steps sideways as the last digit's ink grows or shrinks, a few pixels
  // from second to second, and cells fixed to the picture cut its glyphs anew each time. Such a line is
  // read `osdLineShift` columns from where its cells say: the shift of at most `maxShift` under which most
  // of the `anchor` pixels (frame pixels of its strokes in 4 frames in 5, once the references' frames were
  // registered: OsdLineRegistrar) are strokes. maxShift 0: the line stays put.
  int maxShift = 0;
  std::vector<cv::Point> anchor;
  // Found on the picture's negative: a clock drawn white with a thin black edge (a border or a drop
  // shadow) over a scene as pale as its text (a white floor, an overcast sky, a lit ceiling) rises too
  // little over that scene for the top-hat, while its dark edge, negated, is a thin bright stroke on any
  // pale scene. Its white, cells and glyphs are the negative's, and every reading of it negates the
  // picture's line first (osdLineResponse, osdGlyphs, osdLineShift).
  bool inverted = false;
  // Found on the picture's colour key (analyzers/osd_colour_key.h): a clock drawn in a colour over a pale
  // grey scene. The functions here read the key given to them as they read a luma plane; the caller makes
  // the key of the rows the line is read on (osdLineRows) and hands it over instead of the luma.
  bool colour = false;
  // Found on the picture's brightest levels (osdBrightKey): a clock drawn white over a scene nearly as
  // pale (a sunlit floor, an overcast sky) rises 20-25 levels over it, under the 30 a faint stroke needs,
  // and a drop shadow or a person walking behind it changes every glyph's top-hat; kept to its levels of
  // kOsdBrightCut and above, the scene is black and the text stands whole. Every reading keeps only those
  // levels of the line's pixels first (osdLineResponse, osdGlyphs).
  bool bright = false;
  bool empty() const { return cells.empty(); }
  bool operator==(const OsdLayout&) const = default;
  bool fits(int width, int height) const { return !empty() && width == frameWidth && height == frameHeight; }
};

// The ways a capture's clock cells are read: the grid's cells and the ink's, each at every tolerance
// (kOsdTolerances), then the same again luma-weighted; the session's clock is read with the one that reads
// most frames (then most dates). Empty for an empty layout.
//
// Why luma-weighted ways: at a hard cut in luma, an anti-aliased edge pixel counts fully or not at all as
// the scene behind it moves, and its top-hat rises and falls with that scene; small text over a moving
// scene (a 15-pixel clock drawn by FFmpeg in a translucent box over a street) named each digit anew every
// few frames (129 names for 14 characters) and was never read. Why beside the top-hat ways and not
// instead of them: the simulated clocks' month and weekday names were read by the top-hat's glyphs and
// lost by every luma weighting tried, and the ways are compared on what they read.
std::vector<OsdLayout> osdReadingLayouts(const OsdLayout& layout);

// Pools stroke persistence over reference frames of one size (frames of another size are ignored).
class OsdLayoutBuilder {
 public:
  // Strokes are sought at two widths: the text a recorder draws for its picture height (a few pixels), and
  // text three times as heavy (a 40-pixel bold clock on a 360-line picture has strokes of 7 pixels, which a
  // 7-pixel top-hat erases). The line is taken from the scale that sees it whole.
  static constexpr int kStrokeScales = 2;
  // A third pool, at the light scale and half the contrast, is read only where the others find no line; a
  // fourth pools the picture's negative at the light scale (finishInverted).
  static constexpr int kPools = kStrokeScales + 2;
  static constexpr int kInvertedPool = kStrokeScales + 1;
  // The least height of a line found on the negative (finishInverted).
  static constexpr int kInvertedMinHeight = 20;
  static constexpr int kMaxFrames = 1500;  // enough to see every digit; later frames add nothing
  // Six bytes a pixel are pooled per pool (24 in all, 18 without the negative): pictures over 4K (a
  // hostile header may claim 16k x 16k) teach nothing.
  static constexpr int64_t kMaxPixels = int64_t{3840} * 2160;
  void add(const GrayView& luma);
  // Pools only the pixels of `pooled`, column x taking the picture's column x + dx: a line that moves
  // sideways, pooled as its frames are registered (OsdLineRegistrar).
  void addShifted(const GrayView& luma, int dx, cv::Rect pooled);
  // Column x takes the other's column x + dx.
  void merge(const OsdLayoutBuilder& other, int dx = 0);
  // The same at dx 0, taking the other's pools where this is empty: a reference's pools (24 bytes a pixel)
  // handed over to its camera's, not copied.
  void merge(OsdLayoutBuilder&& other);
  // The pixels of `layout`'s line that were strokes in 4 frames in 5, in the pool it was found in.
  std::vector<cv::Point> stillStrokes(const OsdLayout& layout) const;
  int frames() const { return frames_; }
  // Empty when fewer than `minFrames` frames were pooled or no line of at least 6 cells exists.
  OsdLayout finish(int minFrames = 10) const;
  // The line as the pictures' negatives show it (OsdLayout::inverted); empty where they show none, or
  // where the negative was not pooled.
  OsdLayout finishInverted(int minFrames = 10) const;
  // Pool the negative too (the default). A line registered frame by frame (OsdLineRegistrar) is read on
  // the polarity it was found in, and needs only that one.
  void poolNegative(bool on) { negative_ = on; }
  // Pool the light scale only (no heavy or faint pool): a third of the memory, for a picture whose text
  // is known to stand far above its scene (the colour key's: a 1080p reference's pools, 37 MB, held beside
  // the picture's own). Set before the first picture.
  void poolLightOnly(bool on) { lightOnly_ = on; }
  // Frees the negative's pool (finishInverted is empty after it); a merge never brings it back.
  void dropNegative();

 private:
  struct Pool {
    std::vector<uint16_t> strokes;  // per pixel: frames in which it was part of a thin bright stroke
    std::vector<uint32_t> lumaSum;  // per pixel: the sum of its luma in those frames
  };
  void start(int width, int height);  // empty pools for pictures of this size
  OsdLayout finishWith(int minFrames, bool ownStrokes) const;
  // With `ownStrokes`, a line none of whose strokes stays in 4 frames in 5 is held to its own most
  // constant stroke instead.
  OsdLayout finishAt(int pool, int minFrames, bool ownStrokes) const;
  int strokeWidth(const OsdLayout& layout) const;
  int width_ = 0, height_ = 0, frames_ = 0;
  bool negative_ = true;
  bool lightOnly_ = false;
  std::array<Pool, kPools> pools_;
};

// A cell's strokes: its top-hat response (how much brighter than the picture's own content under it), on a
// canvas of up to 32 x 48 (larger text is sampled down). Grey values, not a binary mask: strokes of small
// OSD text are a pixel wide and a threshold would cut them differently in every frame.
struct OsdGlyph {
  static constexpr int kRows = 48, kCols = 32;
  // A zero border of one pixel on every side, so that the one-pixel shifts of glyphDistance read zeros
  // instead of testing bounds. Everything outside width x height stays zero.
  static constexpr int kStride = kCols + 2;
  std::array<uint8_t, size_t{kRows + 2} * kStride> pixels{};
  uint8_t& at(int x, int y) {
    return pixels[static_cast<size_t>(y + 1) * kStride + static_cast<size_t>(x + 1)];
  }
  uint8_t at(int x, int y) const {
    return pixels[static_cast<size_t>(y + 1) * kStride + static_cast<size_t>(x + 1)];
  }
  uint8_t* row(int y) { return &at(0, y); }
  const uint8_t* row(int y) const { return pixels.data() + static_cast<size_t>(y + 1) * kStride + 1; }
  int width = 0, height = 0;
  int lit = 0;  // pixels with a stroke's contrast; under 2: blank
  double norm = 0;
  // Sets `lit` and `norm` from the pixels, once they are drawn.
  void measure();
};
// 1 - cosine similarity of the two responses at the best of the 9 one-pixel shifts.
double glyphDistance(const OsdGlyph& a, const OsdGlyph& b);

// A frame's clock line through the top-hat, made once for every way of reading it: osdReadingLayouts share
// the line's rows and kernel (only their cells and tolerance differ), and a pixel's top-hat depends on
// nothing further than the kernel, which each way's own region keeps around its cells. Empty where no way
// fits the frame.
struct OsdLineResponse {
  cv::Mat tophat;  // the union of the ways' regions
  cv::Mat luma;    // the region as the ways read it: the picture's, or its negative (OsdLayout::inverted)
  int x0 = 0, y0 = 0;
  int shift = 0;  // osdLineShift of the ways' line in this frame
  // The glyph response over the whole region, once for each way of weighing strokes that osdGlyphs was
  // asked for (the ways that differ only in their cells share it: each way's response is a pixel's function
  // of its luma and top-hat alone). Filled as the ways read the frame, one after another.
  struct Weighing {
    int white = 0, tolerance = 0, contrast = 0;
    bool lumaWeighted = false;
    cv::Mat response;
  };
  mutable std::vector<Weighing> weighed;
};
OsdLineResponse osdLineResponse(std::span<const OsdLayout> ways, const GrayView& luma);
// The picture rows a reading of the layout looks at, [start, end): its line and the top-hat's reach around
// it.
cv::Range osdLineRows(const OsdLayout& layout);
// A stroke pixel as a moving line's anchor and shift count it: bright over its surroundings (top-hat) and
// near the text's luma.
inline bool osdAnchorStroke(const OsdLayout& layout, uint8_t tophat, uint8_t luma) {
  const int level = layout.inverted ? 255 - luma : luma;
  return tophat >= layout.contrast && level + kOsdTolerances.back() >= layout.white;
}
// How many columns right of its cells a moving line (OsdLayout::maxShift) is drawn in this frame, from the
// top-hat of a region at (x0, y0) that covers its cells and maxShift columns either side; 0 for a line
// that stays put. Ties go to the smaller shift, then to the left.
int osdLineShift(const OsdLayout& layout, const GrayView& luma, const cv::Mat& tophat, int x0, int y0);

constexpr uint8_t kOsdBlank = 254;    // nothing lit in the cell
constexpr uint8_t kOsdUnknown = 255;  // a glyph unlike any named one, when the names ran out
// The least luma of a stroke pixel: darker text is no OSD text.
constexpr int kOsdStrokeLuma = 140;
// The least luma of a bright key's pixel (OsdLayout::bright): white text is drawn at video white (235),
// and a codec keeps its strokes' cores within ten levels of it (drawtext's white through x264: 230-240),
// where a floor or a wall that is merely pale stays under it (a sunlit plaza: 205-220).
constexpr int kOsdBrightCut = 226;
// The picture kept to its levels of kOsdBrightCut and above, the rest black, into `key` (made the
// picture's size). False where no pixel is kept.
bool osdBrightKey(const GrayView& luma, cv::Mat& key);

// Each cell's glyph as the previous frame sampled it, before and after its specks were dropped: a cell
// sampled to the same pixels (the scene behind it still) is not cleaned and measured again.
struct OsdGlyphMemo {
  std::vector<OsdGlyph> sampled, finished;
};

// Names the glyphs of one capture's frames, in decode order (the names depend on the order).
class OsdGlyphReader {
 public:
  static constexpr size_t kMaxGlyphs = 200;
  explicit OsdGlyphReader(OsdLayout layout) : layout_(std::move(layout)) {}
  // One name per cell; empty when the frame's size is not the layout's. `shared`: see osdGlyphs.
  std::vector<uint8_t> read(const GrayView& luma, const OsdLineResponse* shared = nullptr);
  const std::vector<OsdGlyph>& glyphs() const { return glyphs_; }
  const OsdLayout& layout() const { return layout_; }

 private:
  OsdLayout layout_;
  std::vector<OsdGlyph> glyphs_;
  // Each glyph's pixels at their brightest over its one-pixel shifts: a product with it bounds the
  // products at every shift, so a glyph that cannot be the nearest is passed over unmeasured.
  std::vector<OsdGlyph> reach_;
  // Per cell, what the previous frame's reading of it found: its glyph, its name (tried first), and the
  // nearest of the first `measuredAgainst` names (exact where within kSameGlyph).
  struct CellMemo {
    OsdGlyph glyph;
    size_t measuredAgainst = 0;
    size_t nearest = 0;
    double nearestDistance = 2;
    uint8_t name = kOsdBlank;
  };
  std::vector<CellMemo> memos_;
  OsdGlyphMemo sampled_;
};

// One row of a glyph sampled down by `scale` (1: not sampled down): out[gx] becomes the strongest of out[gx]
// and the row's pixels in[base + gx * scale, + scale) that lie in [0, cols), for gx in [0, width).
void osdSampleRowPeaks(const uint8_t* in, int cols, int base, int scale, uint8_t* out, int width);

// The cells of one frame as glyphs, unnamed (for tests and the reader); `shared`, when given, is the
// frame's osdLineResponse over ways that include this layout (the same glyphs, without a top-hat of its
// own); `memo`, when given, the previous frame's (the same glyphs, sooner).
std::vector<OsdGlyph> osdGlyphs(const OsdLayout& layout, const GrayView& luma,
                                const OsdLineResponse* shared = nullptr, OsdGlyphMemo* memo = nullptr);

// Digit value per glyph name (-1: not a digit, or not learned), from the names of a capture's frames in
// time order (frames without a reading are empty). All -1 unless the count fixes which glyph is 0: a
// 9 -> 0 step seen (the units changing with the tens), or one reading of the frames as dates and times
// that is valid far more often than any other.
// `counted`, when given, is set for the names whose digit the count fixed (the others were named by their
// likeness to a counted name).
// A digit's glyph as a camera's reference footage showed it, named by counting the reference's clock.
struct OsdDigitGlyph {
  OsdGlyph glyph;
  int8_t digit = -1;
  // -1: `digit` is the glyph's digit. Otherwise the reference's count labelled its glyphs only relative to
  // one another (it never passed a ten-second boundary): `digit` is such a label, and the glyphs of one
  // group share its unknown rotation, which a capture's own count may fix (learnOsdDigits).
  int group = -1;
};
// `references`: the camera's digit glyphs (countedDigitGlyphs of its references, read with the same
// layout). A name the capture's count could not fix (a digit its seconds never showed: a burst of another
// camera covered it, the session is short, its stills are minutes apart) takes the digit of the reference
// glyph it clearly resembles; none does where the reference names one of the capture's counted names
// otherwise.
std::array<int8_t, 256> learnOsdDigits(const OsdLayout& layout,
                                       const std::vector<std::vector<uint8_t>>& frames,
                                       const std::vector<OsdGlyph>& glyphs,
                                       std::array<bool, 256>* counted = nullptr,
                                       const std::vector<OsdDigitGlyph>& references = {});
// The glyphs whose digit counting one reference's frames fixed (never those named by likeness); where the
// count fixed none, those it labelled relative to one another (group 0).
std::vector<OsdDigitGlyph> countedDigitGlyphs(const OsdLayout& layout,
                                              const std::vector<std::vector<uint8_t>>& frames,
                                              const std::vector<OsdGlyph>& glyphs);
// Adds one reference's countedDigitGlyphs to its camera's, its relative labels a group of their own.
void addDigitGlyphs(std::vector<OsdDigitGlyph>& camera, std::vector<OsdDigitGlyph> reference);

// What the clock shows, in its own zone; year 0 when the line has no date; month 0 when the date's month is
// a name (OsdDateOrder::NamedMonth).
struct OsdReading {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  bool hasDate() const { return year != 0; }
};

// Which cells hold digits and how they group, decided once per capture from the majority of its frames.
// The order of the date before the time: year-month-day by its four-digit year first; with the year last,
// day-month-year or month-day-year as the capture's values tell (a first group over 12 is a day, a second
// over 12 is a day). None: no date, or an order no value tells (the time alone is read then).
// NamedMonth: a day and a year with a month's name beside the day ("26 Dec 2019", "Dec 26 2019"), whose
// month is not read (no font is known) but told apart by its word (osdMonthWords).
enum class OsdDateOrder { None, YMD, DMY, MDY, NamedMonth };
// What a responder knows of a camera's clock (the case manifest's per-camera "osd"): the date's order and
// 12 or 24 hours, where the capture's values cannot tell (a day never over 12; a 12-hour clock without
// AM/PM text). Unset fields are decided from the values, as without a hint.
struct OsdHint {
  OsdDateOrder date = OsdDateOrder::None;
  int hours = 0;  // 12, 24, or 0: unset
  // The zone the camera's clock is set to, seconds east of UTC ("utc_offset": "+01:00"): with it, a frame's
  // burned-in clock is its time of day where the capture gives none (audit/osd_evidence). Unset: 0 and
  // `zoneKnown` false.
  bool zoneKnown = false;
  int utcOffsetSeconds = 0;
};

struct OsdFormat {
  std::vector<std::vector<int>> groups;  // cell indexes of each digit group, left to right
  OsdDateOrder date = OsdDateOrder::None;
  // Text after the time and hours of 1 to 12 on every frame read: a 12-hour clock, whose half day is not
  // read. Its readings are compared within half a day (audit/osd_evidence): at 12:59:59 it goes on to
  // 01:00:00.
  bool twelveHour = false;
  // A 12-hour clock's text right after the time ("AM", "PM"), whose first letter tells the half of the day
  // (osdHalfDays); empty where there is none.
  std::vector<int> halfDayCells;
  // The cells of text between or before the date and the time (a weekday) on a dated clock; empty where
  // there is none.
  std::vector<int> wordCells;
  // A NamedMonth date's month name.
  std::vector<int> monthCells;
  // A day-month or month-day date whose values never tell which (no day over 12) and no hint: the time is
  // read alone, and the audit says why and what would tell (the manifest's "osd" hint).
  bool dateOrderUnknown = false;
  bool valid() const { return groups.size() >= 3; }
};
OsdFormat osdFormat(const OsdLayout& layout, const std::vector<std::vector<uint8_t>>& frames,
                    const std::array<int8_t, 256>& digits, const std::vector<OsdGlyph>& glyphs,
                    const OsdHint& hint = {});
// The half of the day a 12-hour clock's text after the time shows on each frame. No font is known, so
// the text is told apart by its glyphs: the text most frames show, and another that keeps its last letters
// (the "M") and changes its first by more than one character's spread. The first letter's shape then tells
// which is which where it is clear: an "A" stands on two feet, a "P" on one.
struct OsdHalfDays {
  std::vector<int8_t> half;  // per frame: 0 the text most frames show, 1 the other, -1 not told
  int8_t afternoon = -1;     // which of the two is "PM" (0 or 1); -1 where the letters' shapes do not tell
};
OsdHalfDays osdHalfDays(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                        const std::vector<OsdGlyph>& glyphs);

std::optional<OsdReading> readOsdClock(const OsdFormat& format, const std::vector<uint8_t>& names,
                                       const std::array<int8_t, 256>& digits);

// A NamedMonth date's month, told by its word: per frame, whether it shows the month name most frames show
// (its readings are then dated against one another; a frame showing another name, a month away, or none
// is compared by its time of day).
std::vector<bool> osdUsualMonth(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                                const std::vector<OsdGlyph>& glyphs);

// A dated clock's words (a weekday) checked against its dates, no font known: frames showing one date
// show one word, and two dates that are not a whole number of weeks apart show different words. The
// readings of a frame whose word is not its date's, and of every frame of a date whose word is another
// date's (a digit of the date misread), are dropped: unread, never guessed. `frames`: each frame's glyph
// names; `readings`: each frame's reading, as readOsdClock gave it. With a month's name, the frames showing
// the usual name in the usual year are checked, by their day of the month.
void dropWeekdayBreaks(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& frames,
                       const std::vector<OsdGlyph>& glyphs, std::vector<std::optional<OsdReading>>& readings);

}  // namespace camtrace
