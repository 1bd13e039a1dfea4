#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <functional>
#include <random>

#include <opencv2/imgproc.hpp>

#include "analyzers/osd_clock.h"
#include "audit/osd_evidence.h"
#include "simulate/scene_renderer.h"
#include "tests/analyzers/osd_test_reading.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

using test::learnLayout;
using test::viewOf;

constexpr int64_t kEpoch = 1577329200;  // 2019-12-26 03:00:00 UTC

std::string clockText(int64_t unixSeconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[64];
  std::strftime(text, sizeof text, format, &parts);
  return text;
}

// How a test camera burns its clock in: the simulator's (top left, white on a black edge, date and time
// in UTC+1), another engine's (bottom right, plain white, a smaller font, day/month/year), or none.
enum class Osd {
  Simulator,
  BottomRight,
  BottomRightDashed,
  BottomRightDotted,
  BottomRightMonthFirst,
  BottomRightWeekday,
  BottomRightMonthName,
  BottomRightTwelveHour,
  BottomRightTimeFirst,
  None
};

// The second engine's clock, drawn into the luma plane in fixed cells like a character ROM.
void drawBottomRightText(YuvImage& picture, const std::string& text) {
  cv::Mat luma(picture.height, picture.width, CV_8UC1, picture.y.data());
  const double scale = 0.8;
  int baseline = 0;
  const int pitch = cv::getTextSize("0", cv::FONT_HERSHEY_PLAIN, scale, 1, &baseline).width + 2;
  const int x0 = picture.width - pitch * static_cast<int>(text.size()) - 6, y0 = picture.height - 8;
  for (size_t i = 0; i < text.size(); ++i) {
    const char glyph[2] = {text[i], 0};
    const int w = cv::getTextSize(glyph, cv::FONT_HERSHEY_PLAIN, scale, 1, &baseline).width;
    cv::putText(luma, glyph, {x0 + static_cast<int>(i) * pitch + (pitch - w) / 2, y0}, cv::FONT_HERSHEY_PLAIN,
                scale, cv::Scalar(255), 1, cv::LINE_AA);
  }
}

void drawBottomRightClock(YuvImage& picture, int64_t unixSeconds, const char* format = "%d/%m/%Y %H:%M:%S") {
  drawBottomRightText(picture, clockText(unixSeconds, format));
}

// A camera's pictures through H.264 and back: `seconds` of its scene at `fps`, its clock showing
// `clockStart` + t; `inserts` replaces frames by another camera's (seed, clock start) at the same instant.
struct Insert {
  int from = 0, to = 0;  // frame indexes [from, to)
  uint64_t seed = 0;
  int utcOffset = 0;
};
std::vector<DecodedFrame> simulatedCamera(const test::TempDir& dir, const std::string& name, uint64_t seed,
                                          int64_t clockStart, double seconds, int fps = 5,
                                          Osd osd = Osd::Simulator, const std::vector<Insert>& inserts = {},
                                          bool infrared = false, int clockRate = 1) {
  sim::SceneRenderer scene(seed, 320, 180, 1);
  if (osd != Osd::Simulator) scene.hideClock();
  std::mt19937_64 rng(seed);
  scene.addRandomMovers(0, seconds, rng);
  sim::Lighting lighting;
  lighting.infrared = infrared;
  std::vector<YuvImage> pictures;
  for (int i = 0; i < seconds * fps; ++i) {
    const double t = static_cast<double>(i) / fps;
    const Insert* insert = nullptr;
    for (const auto& in : inserts)
      if (i >= in.from && i < in.to) insert = &in;
    if (insert) {
      sim::SceneRenderer other(insert->seed, 320, 180, insert->utcOffset);
      pictures.push_back(other.render(t, lighting, clockStart, static_cast<uint64_t>(i)));
    } else {
      pictures.push_back(scene.render(t, lighting, clockStart, static_cast<uint64_t>(i)));
    }
    const int64_t shown = clockStart + static_cast<int64_t>(t * clockRate);
    if (osd == Osd::BottomRight) drawBottomRightClock(pictures.back(), shown);
    if (osd == Osd::BottomRightDashed) drawBottomRightClock(pictures.back(), shown, "%d-%m-%Y %H:%M:%S");
    if (osd == Osd::BottomRightDotted) drawBottomRightClock(pictures.back(), shown, "%d.%m.%Y %H:%M:%S");
    if (osd == Osd::BottomRightMonthFirst) drawBottomRightClock(pictures.back(), shown, "%m-%d-%Y %H:%M:%S");
    if (osd == Osd::BottomRightWeekday) drawBottomRightClock(pictures.back(), shown, "%d-%m-%Y %a %H:%M:%S");
    if (osd == Osd::BottomRightMonthName) drawBottomRightClock(pictures.back(), shown, "%d %b %Y %H:%M:%S");
    if (osd == Osd::BottomRightTimeFirst) drawBottomRightClock(pictures.back(), shown, "%H:%M:%S %d-%m-%Y");
    if (osd == Osd::BottomRightTwelveHour)
      drawBottomRightClock(pictures.back(), shown, "%Y-%m-%d %I:%M:%S %p");
  }
  test::writeVideo(dir.file(name), pictures, fps);
  return test::decodeAll(dir.file(name));
}

struct Read {
  std::vector<std::optional<OsdReading>> readings;
  size_t glyphs = 0;
};

// The digit glyphs a camera's reference footage counts under one way of reading its line, as the audit's
// clock witness learns them.
std::vector<OsdDigitGlyph> referenceDigitsOf(const OsdLayout& way,
                                             const std::vector<DecodedFrame>& reference) {
  OsdGlyphReader counting(way);
  std::vector<std::vector<uint8_t>> names;
  for (const auto& f : reference) names.push_back(counting.read(viewOf(f)));
  return countedDigitGlyphs(way, names, counting.glyphs());
}

// The frames read with `layout`; with `reference`, the digits the capture's count left out named after the
// reference's counted glyphs (as the audit's clock witness does).
Read readAll(const OsdLayout& layout, const std::vector<DecodedFrame>& frames,
             const std::vector<DecodedFrame>* reference = nullptr) {
  const std::vector<OsdDigitGlyph> referenceDigits =
      reference ? referenceDigitsOf(layout, *reference) : std::vector<OsdDigitGlyph>{};
  OsdGlyphReader reader(layout);
  std::vector<std::vector<uint8_t>> names;
  for (const auto& f : frames) names.push_back(reader.read(viewOf(f)));
  const auto digits = learnOsdDigits(layout, names, reader.glyphs(), nullptr, referenceDigits);
  const OsdFormat format = osdFormat(layout, names, digits, reader.glyphs());
  Read out;
  out.glyphs = reader.glyphs().size();
  for (const auto& n : names) out.readings.push_back(readOsdClock(format, n, digits));
  return out;
}

std::string text(const OsdReading& r) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", r.year, r.month, r.day, r.hour,
                r.minute, r.second);
  return buffer;
}

TEST(OsdClock, LearnsTheClockLineFromReferenceFootage) {
  test::TempDir dir;
  const auto reference = simulatedCamera(dir, "ref.mp4", 11, kEpoch - 7 * 86400, 8);
  const OsdLayout layout = learnLayout(reference);
  ASSERT_FALSE(layout.empty());
  // "2019-12-19 04:00:00": 19 character cells, the space among them.
  EXPECT_EQ(layout.cells.size(), 19u);
  EXPECT_LT(layout.bottom, 180 / 5);  // the simulator draws it at the top
  EXPECT_LT(layout.cells.front().x0, 320 / 10);
}

// Every one of a session's `frames` (5 fps, the simulator's clock in UTC+1 from `start`) is read, as the
// time and date it shows.
void expectEveryFrameShown(const Read& read, size_t frames, int64_t start) {
  ASSERT_EQ(read.readings.size(), frames);
  for (size_t i = 0; i < frames; ++i) {
    ASSERT_TRUE(read.readings[i].has_value()) << "frame " << i;
    EXPECT_EQ(text(*read.readings[i]),
              clockText(start + 3600 + static_cast<int64_t>(i) / 5, "%Y-%m-%d %H:%M:%S"))
        << "frame " << i;
  }
}

TEST(OsdClock, DigitsASessionNeverCountsAreNamedAfterItsReferencesCount) {
  test::TempDir dir;
  const auto reference = simulatedCamera(dir, "ref.mp4", 12, kEpoch - 7 * 86400, 12);
  const OsdLayout layout = learnLayout(reference);
  ASSERT_FALSE(layout.empty());
  // Five seconds from 04:20:51 to 04:20:55: its seconds count from 1 to 5 and never pass a ten, so which
  // glyph is "0" it cannot tell by itself, nor name the "9" of its year or the "6" of its day.
  const int64_t start = kEpoch + 20 * 60 + 51;
  const auto session = simulatedCamera(dir, "session.ts", 12, start, 5);
  const Read alone = readAll(layout, session);
  size_t readAlone = 0;
  for (const auto& r : alone.readings) readAlone += r.has_value();
  EXPECT_EQ(readAlone, 0u);
  const Read read = readAll(layout, session, &reference);
  expectEveryFrameShown(read, session.size(), start);
}

// The reader passes over glyphs that cannot be the nearest; its names are those of the search it stands
// for: every cell held to every glyph named so far, the nearest (the first on a tie) taken when nearer
// than 0.1, else the cell a new name.
// Every frame is read twice: the second time each cell shows the pixels it showed a frame ago, and is
// named as the search over every name, those the first reading added included, names it.
TEST(OsdClock, GlyphNamesAreThoseOfTheExhaustiveNearestSearch) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 12, kEpoch - 7 * 86400, 8));
  ASSERT_FALSE(layout.empty());
  const auto session = simulatedCamera(dir, "session.ts", 13, kEpoch + 1234, 12);
  for (const OsdLayout& way : osdReadingLayouts(layout)) {
    OsdGlyphReader reader(way);
    std::vector<OsdGlyph> named;
    std::vector<const DecodedFrame*> twice;
    for (const auto& frame : session) twice.insert(twice.end(), {&frame, &frame});
    for (const DecodedFrame* each : twice) {
      const DecodedFrame& frame = *each;
      const std::vector<uint8_t> names = reader.read(viewOf(frame));
      const std::vector<OsdGlyph> cells = osdGlyphs(way, viewOf(frame));
      ASSERT_EQ(names.size(), cells.size());
      for (size_t c = 0; c < cells.size(); ++c) {
        uint8_t expected = kOsdBlank;
        if (cells[c].lit >= 2) {
          size_t best = named.size();
          double bestDistance = 2;
          for (size_t i = 0; i < named.size(); ++i) {
            const double d = glyphDistance(cells[c], named[i]);
            if (d < bestDistance) bestDistance = d, best = i;
          }
          if (bestDistance <= 0.1) {
            expected = static_cast<uint8_t>(best);
          } else if (named.size() < OsdGlyphReader::kMaxGlyphs) {
            expected = static_cast<uint8_t>(named.size());
            named.push_back(cells[c]);
          } else {
            expected = kOsdUnknown;
          }
        }
        ASSERT_EQ(names[c], expected) << "cell " << c;
      }
    }
    EXPECT_GT(named.size(), 5u);
  }
}

TEST(OsdClock, ReadsEveryFrameOfASessionByWatchingItCount) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 12, kEpoch - 7 * 86400, 8));
  const int64_t start = kEpoch + 1234;
  const auto session = simulatedCamera(dir, "session.ts", 12, start, 16);
  const Read read = readAll(layout, session);
  expectEveryFrameShown(read, session.size(), start);
}

// Each read frame of a session that started at `start` (5 fps) shows the time it was drawn at, and the
// date too where one is read (`dated`: every read frame has it). Returns the frames read.
size_t expectShown(const Read& read, int64_t start, bool dated) {
  size_t readCount = 0;
  for (size_t i = 0; i < read.readings.size(); ++i) {
    if (!read.readings[i]) continue;
    ++readCount;
    const OsdReading& r = *read.readings[i];
    const int64_t shown = start + static_cast<int64_t>(i) / 5;
    EXPECT_EQ(r.hour * 3600 + r.minute * 60 + r.second, shown % 86400) << "frame " << i;
    EXPECT_TRUE(r.hasDate() || !dated) << "frame " << i;
    if (r.hasDate()) {  // a month's name is not read: month 0
      EXPECT_EQ(text(r), clockText(shown, r.month == 0 ? "%Y-00-%d %H:%M:%S" : "%Y-%m-%d %H:%M:%S"))
          << "frame " << i;
    }
  }
  return readCount;
}

TEST(OsdClock, ReadsAnotherEnginesClockWhereverItIsDrawn) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 13, kEpoch, 8, 5, Osd::BottomRight));
  ASSERT_FALSE(layout.empty());
  EXPECT_GT(layout.top, 180 / 2);
  EXPECT_EQ(layout.cells.size(), 19u);  // "26/12/2019 03:00:00"
  const int64_t start = kEpoch + 4000;
  const auto session = simulatedCamera(dir, "session.mkv", 13, start, 14, 5, Osd::BottomRight);
  // A glyph drawn a little differently in a few frames may stay unnamed: those frames are not read. No
  // frame is read wrong. The "/" is as tall as a digit and never named; the date is still read, day first
  // (26 can only be a day).
  EXPECT_GE(expectShown(readAll(layout, session), start, true) * 10, session.size() * 8);
}

// The other way round: the session's count passes a ten, the reference's does not. The reference (8 s, its
// seconds 41 to 48) labels its "1" to "8" only relative to one another, and reads nothing by itself (its
// year's "9" and "0" it never counts); the session (6 s, 03:07:57 to 03:08:02) fixes its "9" -> "0" but
// never counts the "6" of its day or the "3" of its hour, and reads nothing by itself either. Turned to the
// session's digits by the glyphs they share ("1", "2", "7", "8"), the reference's labels name the rest.
TEST(OsdClock, AReferenceThatNeverPassesTenIsTurnedToTheSessionsCount) {
  test::TempDir dir;
  const auto reference =
      simulatedCamera(dir, "ref.mp4", 16, kEpoch - 7 * 86400 + 10 * 60 + 41, 8, 5, Osd::BottomRight);
  const OsdLayout layout = learnLayout(reference);
  ASSERT_FALSE(layout.empty());
  EXPECT_EQ(expectShown(readAll(layout, reference), kEpoch, true), 0u);
  const int64_t start = kEpoch + 7 * 60 + 57;
  const auto session = simulatedCamera(dir, "session.mp4", 16, start, 6, 5, Osd::BottomRight);
  EXPECT_EQ(expectShown(readAll(layout, session), start, true), 0u);
  EXPECT_EQ(expectShown(readAll(layout, session, &reference), start, true), session.size());
}

// Something of the scene moving just above the time (people walking past the picture's corner, bright
// between their dark figures) joins the time into a taller word: the date part was left a line of its own,
// with no cell that changes, and no clock was found (measured on a plaza under FFmpeg's drawtext clock,
// bench/osd_drawtext.sh). The date's line continues along its own rows into the time.
TEST(OsdClock, ALineContinuesAlongItsRowsPastSceneThatJoinsItsTime) {
  test::TempDir dir;
  auto reference = simulatedCamera(dir, "ref.mp4", 13, kEpoch, 8, 5, Osd::BottomRight);
  std::mt19937_64 rng(7);
  for (auto& frame : reference) {
    // Bright strokes a few pixels apart from 26 rows above the text's foot down into its top, at new
    // places every frame, over the time part of the line.
    const int foot = frame.height - 8, from = frame.width - 70;
    for (int stroke = 0; stroke < 6; ++stroke) {
      const int x = from + static_cast<int>(rng() % 64);
      for (int y = foot - 26; y < foot - 7; ++y)
        for (int dx = 0; dx < 2; ++dx) frame.luma[static_cast<size_t>(y * frame.width + x + dx)] = 255;
    }
  }
  const OsdLayout layout = learnLayout(reference);
  ASSERT_FALSE(layout.empty());
  EXPECT_GT(layout.top, 180 / 2);
  EXPECT_GE(layout.cells.size(), 19u);  // "26/12/2019 03:00:00", perhaps a stroke or two beyond
  EXPECT_LT(layout.cells.front().x0, 320 - 19 * 8);
  const int64_t start = kEpoch + 4000;
  const auto session = simulatedCamera(dir, "session.mkv", 13, start, 14, 5, Osd::BottomRight);
  EXPECT_GE(expectShown(readAll(layout, session), start, true) * 10, session.size() * 8);
}

// A "-" or "." between the date's digits is too short to join them into one line, and this engine's cells
// are wider than its digits are tall: both once left the line in pieces and the clock unread.
TEST(OsdClock, ReadsAClockWhoseDateIsSeparatedByDashesOrDots) {
  test::TempDir dir;
  for (const Osd style : {Osd::BottomRightDashed, Osd::BottomRightDotted}) {
    const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 8, 5, style));
    EXPECT_EQ(layout.cells.size(), 19u);  // "26-12-2019 03:00:00"
    const int64_t start = kEpoch + 4000;
    const auto session = simulatedCamera(dir, "session.mkv", 17, start, 14, 5, style);
    // Day-month-year: the 26 can only be a day.
    EXPECT_GE(expectShown(readAll(layout, session), start, true) * 10, session.size() * 8);
  }
}

// A clock that draws its time before its date ("03:00:00 26-12-2019"): its time is read from its own
// three groups, and its date after them (day first: 26 can only be a day). It was left unread here, and
// where the month and year were taken for text (bench/osd_styles.sh sans-time-first-dmy), read with its
// seconds as the minutes and its day as the seconds.
TEST(OsdClock, ReadsAClockWhoseTimeStandsBeforeItsDate) {
  test::TempDir dir;
  const OsdLayout layout =
      learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 8, 5, Osd::BottomRightTimeFirst));
  ASSERT_FALSE(layout.empty());
  const int64_t start = kEpoch + 3640;  // 04:00:40
  const auto session = simulatedCamera(dir, "session.mkv", 17, start, 14, 5, Osd::BottomRightTimeFirst);
  EXPECT_GE(expectShown(readAll(layout, session), start, true) * 10, session.size() * 7);
}

// Month-day-year is told from day-month-year by a value over 12, and read as a date only where its year
// reads too; where no value tells the order, only the time is read. Never a date in the wrong order.
TEST(OsdClock, NeverReadsAMonthFirstDateAsDayFirst) {
  test::TempDir dir;
  const OsdLayout layout =
      learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 8, 5, Osd::BottomRightMonthFirst));
  ASSERT_FALSE(layout.empty());
  for (const int64_t start : {kEpoch + 4000, kEpoch - 50 * 86400 + 4000}) {  // 12-26-2019, then 11-06-2019
    const auto session = simulatedCamera(dir, "session.mkv", 17, start, 14, 5, Osd::BottomRightMonthFirst);
    EXPECT_GE(expectShown(readAll(layout, session), start, false) * 10, session.size() * 8) << start;
  }
}

// Where no value tells the order (11-01-2019), the camera's hint from the case manifest does; a hint the
// clock's layout contradicts (day first on a year-first clock) reads the time alone.
TEST(OsdClock, AManifestHintGivesTheDateOrderNoValueTells) {
  test::TempDir dir;
  const OsdLayout layout =
      learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 8, 5, Osd::BottomRightMonthFirst));
  const int64_t start = kEpoch - 55 * 86400 + 4000;  // 11-01-2019
  const auto session = simulatedCamera(dir, "session.mkv", 17, start, 14, 5, Osd::BottomRightMonthFirst);
  OsdGlyphReader reader(layout);
  std::vector<std::vector<uint8_t>> names;
  for (const auto& f : session) names.push_back(reader.read(viewOf(f)));
  const auto digits = learnOsdDigits(layout, names, reader.glyphs());
  const OsdFormat unhinted = osdFormat(layout, names, digits, reader.glyphs());
  EXPECT_EQ(unhinted.date, OsdDateOrder::None);
  EXPECT_TRUE(unhinted.dateOrderUnknown);  // the audit says so, and names the hint that would tell
  const OsdFormat hinted = osdFormat(layout, names, digits, reader.glyphs(), {OsdDateOrder::MDY, 0});
  EXPECT_EQ(hinted.date, OsdDateOrder::MDY);
  EXPECT_FALSE(hinted.dateOrderUnknown);
  Read read;
  for (const auto& n : names) read.readings.push_back(readOsdClock(hinted, n, digits));
  EXPECT_GE(expectShown(read, start, true) * 10, session.size() * 8);
  EXPECT_EQ(osdFormat(layout, names, digits, reader.glyphs(), {OsdDateOrder::YMD, 0}).date,
            OsdDateOrder::None);
}

// A weekday between the date and the time (a shop-front recorder's "16-03-2017 Thu 12:47:57") is text the
// count never names: the date and time around it are read. A month's name leaves the date unread (no count
// names its letters), never the time.
// "26-12-2019 Thu 04:06:40" and "26 Dec 2019 04:06:40": the weekday is skipped; a month's name is not read,
// but the day and year beside it are.
TEST(OsdClock, ReadsAroundAWeekdayAndAMonthsName) {
  test::TempDir dir;
  for (const auto& [style, dated] :
       {std::pair{Osd::BottomRightWeekday, true}, {Osd::BottomRightMonthName, true}}) {
    const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 8, 5, style));
    ASSERT_FALSE(layout.empty());
    const int64_t start = kEpoch + 4000;
    const auto session = simulatedCamera(dir, "session.mkv", 17, start, 14, 5, style);
    EXPECT_GE(expectShown(Read{test::readBestWay(layout, session).readings, 0}, start, dated) * 10,
              session.size() * 8)
        << static_cast<int>(style);
  }
}

// A camera filming simulate's room (seed 17, no movers) with `texts[i]` burned in on frame i, through H.264.
std::vector<DecodedFrame> cameraShowing(const test::TempDir& dir, const std::string& name,
                                        const std::vector<std::string>& texts, int fps) {
  sim::SceneRenderer scene(17, 320, 180, 1);
  scene.hideClock();
  std::vector<YuvImage> pictures;
  for (size_t i = 0; i < texts.size(); ++i) {
    pictures.push_back(scene.render(static_cast<double>(i) / fps, {}, 0, i));
    drawBottomRightText(pictures.back(), texts[i]);
  }
  test::writeVideo(dir.file(name), pictures, fps);
  return test::decodeAll(dir.file(name));
}

// A camera's reference footage, 24 s of its clock drawn in `format` from kEpoch (long enough to count
// through a ten-second boundary), and the clock line learned from it.
struct ClockReference {
  std::vector<DecodedFrame> frames;
  OsdLayout layout;
};
ClockReference referenceShowing(const test::TempDir& dir, const char* format, int fps) {
  std::vector<std::string> texts;
  for (int i = 0; i < 24 * fps; ++i) texts.push_back(clockText(kEpoch + i / fps, format));
  ClockReference out{cameraShowing(dir, "ref.mp4", texts, fps), {}};
  out.layout = learnLayout(out.frames);
  return out;
}

// A session of `frames` frames whose clock runs from kEpoch + 4000: frame i shows textAt(i, its time).
template <typename TextAt>
std::vector<DecodedFrame> sessionShowing(const test::TempDir& dir, int frames, int fps, TextAt textAt) {
  std::vector<std::string> texts;
  for (int i = 0; i < frames; ++i) texts.push_back(textAt(i, kEpoch + 4000 + i / fps));
  return cameraShowing(dir, "session.mkv", texts, fps);
}

// A clock's weekday must agree with its date. Frames 30-39 show a date two days back under the same weekday
// (what a misread day digit looks like), frames 60-64 the right date under the next day's weekday: their
// readings are dropped. Frames 45-54 show the date a week on, whose weekday is the same: they stay read,
// as does every frame showing its own date and weekday.
TEST(OsdClock, AReadingWhoseWeekdayBreaksItsDateIsDropped) {
  test::TempDir dir;
  const auto reference = simulatedCamera(dir, "ref.mp4", 17, kEpoch, 24, 5, Osd::BottomRightWeekday);
  const OsdLayout layout = learnLayout(reference);
  ASSERT_FALSE(layout.empty());
  const int64_t start = kEpoch + 4000;
  constexpr int kFps = 5, kFrames = 80;
  auto textAt = [&](int i) {
    const int64_t t = start + i / kFps;
    const int64_t dateShown = i >= 30 && i < 40 ? t - 2 * 86400 : i >= 45 && i < 55 ? t + 7 * 86400 : t;
    const int64_t weekdayShown = i >= 60 && i < 65 ? t + 86400 : dateShown == t + 7 * 86400 ? dateShown : t;
    return clockText(dateShown, "%d-%m-%Y ") + clockText(weekdayShown, "%a ") + clockText(t, "%H:%M:%S");
  };
  std::vector<std::string> texts;
  for (int i = 0; i < kFrames; ++i) texts.push_back(textAt(i));
  const auto session = cameraShowing(dir, "session.mkv", texts, kFps);
  // Read as the audit reads it: every way of reading the line, the digits the session's count misses named
  // after the reference's count, and the way that reads most dates kept.
  test::OsdWay way;
  OsdFormat format;
  size_t mostDated = 0;
  for (const OsdLayout& each : osdReadingLayouts(layout)) {
    const auto referenceDigits = referenceDigitsOf(each, reference);
    OsdGlyphReader reader(each);
    test::OsdWay read{each, {}, {}, {}};
    for (const auto& f : session) read.names.push_back(reader.read(viewOf(f)));
    read.glyphs = reader.glyphs();
    const auto digits = learnOsdDigits(each, read.names, read.glyphs, nullptr, referenceDigits);
    const OsdFormat eachFormat = osdFormat(each, read.names, digits, read.glyphs);
    size_t dated = 0;
    for (const auto& n : read.names) {
      read.readings.push_back(readOsdClock(eachFormat, n, digits));
      dated += read.readings.back() && read.readings.back()->hasDate();
    }
    if (dated > mostDated) way = std::move(read), format = eachFormat, mostDated = dated;
  }
  ASSERT_EQ(format.date, OsdDateOrder::DMY);
  ASSERT_FALSE(format.wordCells.empty());
  auto readings = way.readings;
  size_t brokenRead = 0;
  for (int i = 0; i < kFrames; ++i)
    brokenRead += readings[static_cast<size_t>(i)] && ((i >= 30 && i < 40) || (i >= 60 && i < 65));
  EXPECT_GE(brokenRead, 10u);  // read, and misread, without the weekday
  dropWeekdayBreaks(format, way.names, way.glyphs, readings);
  size_t weekOn = 0, kept = 0;
  for (int i = 0; i < kFrames; ++i) {
    const auto& before = way.readings[static_cast<size_t>(i)];
    const auto& after = readings[static_cast<size_t>(i)];
    if ((i >= 30 && i < 40) || (i >= 60 && i < 65)) {
      EXPECT_FALSE(after.has_value()) << "frame " << i << " " << textAt(i);
      continue;
    }
    EXPECT_EQ(before.has_value(), after.has_value()) << "frame " << i << " " << textAt(i);
    kept += after.has_value();
    weekOn += after.has_value() && i >= 45 && i < 55;
  }
  EXPECT_GE(weekOn, 8u);
  EXPECT_GE(kept, 50u);
}

// "Thu 26 Dec 2019 04:06:40": with a month's name the weekday is still checked against the day of the
// month, on the frames showing the usual name. Frames 30-39 show the 24th under the same weekday: dropped.
TEST(OsdClock, AWeekdayBesideAMonthsNameIsCheckedAgainstTheDay) {
  test::TempDir dir;
  constexpr int kFps = 5, kFrames = 80;
  const char* format = "%a %d %b %Y %H:%M:%S";
  const auto [reference, layout] = referenceShowing(dir, format, kFps);
  ASSERT_FALSE(layout.empty());
  const auto session = sessionShowing(dir, kFrames, kFps, [&](int i, int64_t t) {
    return i >= 30 && i < 40 ? clockText(t, "%a ") + clockText(t - 2 * 86400, "%d %b %Y %H:%M:%S")
                             : clockText(t, format);
  });
  size_t mostDated = 0, brokenBefore = 0, brokenAfter = 0, keptAfter = 0, readBefore = 0;
  for (const OsdLayout& each : osdReadingLayouts(layout)) {
    const auto referenceDigits = referenceDigitsOf(each, reference);
    OsdGlyphReader reader(each);
    std::vector<std::vector<uint8_t>> names;
    for (const auto& f : session) names.push_back(reader.read(viewOf(f)));
    const auto digits = learnOsdDigits(each, names, reader.glyphs(), nullptr, referenceDigits);
    const OsdFormat eachFormat = osdFormat(each, names, digits, reader.glyphs());
    if (eachFormat.date != OsdDateOrder::NamedMonth) continue;
    std::vector<std::optional<OsdReading>> readings;
    for (const auto& n : names) readings.push_back(readOsdClock(eachFormat, n, digits));
    size_t dated = 0, broken = 0, read = 0;
    for (int i = 0; i < kFrames; ++i) {
      const auto& r = readings[static_cast<size_t>(i)];
      dated += r && r->hasDate();
      broken += r && r->hasDate() && i >= 30 && i < 40;
      read += r && r->hasDate() && (i < 30 || i >= 40);
    }
    if (dated <= mostDated) continue;
    mostDated = dated, brokenBefore = broken, readBefore = read;
    dropWeekdayBreaks(eachFormat, names, reader.glyphs(), readings);
    brokenAfter = keptAfter = 0;
    for (int i = 0; i < kFrames; ++i) {
      const auto& r = readings[static_cast<size_t>(i)];
      brokenAfter += r && r->hasDate() && i >= 30 && i < 40;
      keptAfter += r && r->hasDate() && (i < 30 || i >= 40);
    }
  }
  EXPECT_GE(brokenBefore, 5u);  // read with their (misread-like) date without the check
  EXPECT_EQ(brokenAfter, 0u);
  EXPECT_GE(readBefore, 40u);
  EXPECT_EQ(keptAfter, readBefore);
}

// A session's clocks as the audit reads them: every way of reading the line, each with the reference's
// digits, and the way that reads most frames.
std::vector<OsdFrameClock> clocksAsTheAuditReads(const OsdLayout& layout,
                                                 const std::vector<DecodedFrame>& reference,
                                                 const std::vector<DecodedFrame>& session,
                                                 const std::vector<FrameRecord>& frames) {
  std::vector<OsdFrameClock> best;
  size_t mostRead = 0;
  for (const OsdLayout& each : osdReadingLayouts(layout)) {
    const auto referenceDigits = referenceDigitsOf(each, reference);
    OsdGlyphReader reader(each);
    std::vector<std::vector<uint8_t>> names;
    for (const auto& f : session) names.push_back(reader.read(viewOf(f)));
    auto clocks = readSessionClock(each, frames, names, reader.glyphs(), {}, nullptr, referenceDigits);
    const auto read = static_cast<size_t>(std::count_if(
        clocks.begin(), clocks.end(), [](const auto& c) { return c.standing != OsdStanding::Unread; }));
    if (read > mostRead) best = std::move(clocks), mostRead = read;
  }
  return best;
}

// A date with a month's name is compared by its day and year between frames showing the usual name: a
// picture of two days before, cached and served again (frames 40-44), stands two days behind, where
// compared by its time of day alone it would pass as consistent. Frames 55-59 show another month's name
// (a week on, in January): compared by their time of day only (their offset known modulo a day).
TEST(OsdClock, ADateWithAMonthsNameIsComparedByItsDayAndYear) {
  test::TempDir dir;
  constexpr int kFps = 5, kFrames = 80;
  const char* format = "%d %b %Y %H:%M:%S";
  const auto [reference, layout] = referenceShowing(dir, format, kFps);
  ASSERT_FALSE(layout.empty());
  const auto session = sessionShowing(dir, kFrames, kFps, [&](int i, int64_t t) {
    return clockText(i >= 40 && i < 45 ? t - 2 * 86400 : i >= 55 && i < 60 ? t + 7 * 86400 : t, format);
  });
  std::vector<FrameRecord> frames(session.size());
  for (size_t i = 0; i < frames.size(); ++i) frames[i].pts = session[i].pts, frames[i].hasPts = true;
  const std::vector<OsdFrameClock> best = clocksAsTheAuditReads(layout, reference, session, frames);
  ASSERT_EQ(best.size(), session.size());
  size_t behind = 0, otherMonth = 0, own = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    const OsdFrameClock& c = best[i];
    if (c.standing == OsdStanding::Unread) continue;
    if (i >= 40 && i < 45) {
      EXPECT_EQ(c.standing, OsdStanding::Behind) << "frame " << i << " " << c.shown;
      EXPECT_NEAR(c.offsetSeconds, -2 * 86400, 2) << "frame " << i;
      behind += c.standing == OsdStanding::Behind;
    } else if (i >= 55 && i < 60) {
      EXPECT_EQ(c.offsetModuloHours, 24) << "frame " << i << " " << c.shown;
      ++otherMonth;
    } else {
      EXPECT_EQ(c.standing, OsdStanding::Consistent) << "frame " << i << " " << c.shown;
      EXPECT_EQ(c.offsetModuloHours, 0) << "frame " << i;
      EXPECT_EQ(c.shown.substr(0, 10), "2019-?\?-26") << "frame " << i;
      ++own;
    }
  }
  EXPECT_GE(behind, 4u);
  EXPECT_GE(own, 50u);
  EXPECT_LE(otherMonth, 5u);
}

// Stills have no timestamps: their clocks are held to one another. One thumbnail a second; thumbnail 20
// shows a clock 5 s earlier than thumbnail 19 (what a misread units digit looks like: within the stills'
// tolerance, so it would stand with the session), thumbnail 30 one 10 minutes old (a stale picture). The
// first goes unread; the second stands behind; every other thumbnail read shows its own time.
TEST(OsdClock, AStillReadOutOfTurnWithItsNeighboursIsDropped) {
  test::TempDir dir;
  constexpr int kFrames = 40;
  const char* format = "%Y-%m-%d %H:%M:%S";
  const auto [reference, layout] = referenceShowing(dir, format, 5);
  ASSERT_FALSE(layout.empty());
  const auto session = sessionShowing(dir, kFrames, 1, [&](int i, int64_t t) {
    return clockText(i == 20 ? t - 5 : i == 30 ? t - 600 : t, format);
  });
  const std::vector<FrameRecord> frames(session.size());  // stills: no timestamps
  const std::vector<OsdFrameClock> best = clocksAsTheAuditReads(layout, reference, session, frames);
  ASSERT_EQ(best.size(), session.size());
  EXPECT_EQ(best[20].standing, OsdStanding::Unread) << best[20].shown;
  EXPECT_EQ(best[30].standing, OsdStanding::Behind) << best[30].shown;
  size_t own = 0;
  for (int i = 0; i < kFrames; ++i) {
    const OsdFrameClock& c = best[static_cast<size_t>(i)];
    if (i == 20 || i == 30 || c.standing == OsdStanding::Unread) continue;
    EXPECT_EQ(c.standing, OsdStanding::Consistent) << "still " << i << " " << c.shown;
    EXPECT_EQ(c.shown, clockText(kEpoch + 4000 + i, format)) << "still " << i;
    ++own;
  }
  EXPECT_GE(own, 30u);
}

// A video session of 100 frames at 5 a second whose frame i, filmed at t, shows `shownAt(i, t)`, read as
// the audit reads it, with timestamps.
std::vector<OsdFrameClock> clocksOfASessionShowing(const std::function<int64_t(int, int64_t)>& shownAt) {
  test::TempDir dir;
  constexpr int kFps = 5, kFrames = 100;
  const char* format = "%Y-%m-%d %H:%M:%S";
  const auto [reference, layout] = referenceShowing(dir, format, kFps);
  if (layout.empty()) return {};
  const auto session =
      sessionShowing(dir, kFrames, kFps, [&](int i, int64_t t) { return clockText(shownAt(i, t), format); });
  std::vector<FrameRecord> frames(session.size());
  for (size_t i = 0; i < frames.size(); ++i) frames[i].pts = session[i].pts, frames[i].hasPts = true;
  auto clocks = clocksAsTheAuditReads(layout, reference, session, frames);
  if (clocks.empty()) clocks.resize(session.size());  // no way read a frame
  return clocks;
}

// A cache serving the camera's own pictures 23 s old for six seconds (frames 30-59), 30% of the session:
// the run stands behind at that offset, and the session's other frames stand with its clock. More than a
// tenth of a capture behind or ahead was once taken for a misread digit and the whole capture left unread
// (bench/osd_real.sh: the real street clip's 4-second stale insertion, 100 of 993 frames).
TEST(OsdClock, AStalePictureStreamOverATenthOfTheSessionStandsBehind) {
  const auto clocks =
      clocksOfASessionShowing([](int i, int64_t t) { return i >= 30 && i < 60 ? t - 23 : t; });
  ASSERT_EQ(clocks.size(), 100u);
  size_t behind = 0, consistent = 0;
  for (size_t i = 0; i < clocks.size(); ++i) {
    const OsdFrameClock& c = clocks[i];
    if (c.standing == OsdStanding::Unread) continue;
    if (i >= 30 && i < 60) {
      EXPECT_EQ(c.standing, OsdStanding::Behind) << "frame " << i << " " << c.shown;
      EXPECT_NEAR(c.offsetSeconds, -23, 1) << "frame " << i;
      behind += c.standing == OsdStanding::Behind;
    } else {
      EXPECT_EQ(c.standing, OsdStanding::Consistent) << "frame " << i << " " << c.shown;
      consistent += c.standing == OsdStanding::Consistent;
    }
  }
  EXPECT_GE(behind, 25u);
  EXPECT_GE(consistent, 60u);
}

// The same run a whole minute behind is what a misread minutes digit makes: more than a tenth of the
// capture apart, so nothing of it is read.
TEST(OsdClock, AThirdOfTheSessionAWholeMinuteOffIsTakenForAMisreadDigit) {
  const auto clocks =
      clocksOfASessionShowing([](int i, int64_t t) { return i >= 30 && i < 60 ? t - 60 : t; });
  ASSERT_EQ(clocks.size(), 100u);
  for (size_t i = 0; i < clocks.size(); ++i)
    EXPECT_EQ(clocks[i].standing, OsdStanding::Unread) << "frame " << i << " " << clocks[i].shown;
}

// A glyph misread in the seconds' units and in the minutes at once (a "2" named "4" in both) puts each
// second whose units show it 62 s off: runs one second long, at an offset no single digit makes. Four of
// them are a fifth of the session: still a misread, nothing read.
TEST(OsdClock, OneSecondRunsOffByNoWholeTensStillCountAsMisreads) {
  const auto clocks =
      clocksOfASessionShowing([](int, int64_t t) { return t % 10 == 2 || t % 10 == 7 ? t + 62 : t; });
  ASSERT_EQ(clocks.size(), 100u);
  for (size_t i = 0; i < clocks.size(); ++i)
    EXPECT_EQ(clocks[i].standing, OsdStanding::Unread) << "frame " << i << " " << clocks[i].shown;
}

// Set against the capture's timestamps (audit/osd_evidence), each of the `read` frames is consistent with
// the session's clock and no frame is behind, ahead or in another zone.
void expectEveryReadFrameConsistent(const test::OsdWay& way, const std::vector<DecodedFrame>& session,
                                    size_t read) {
  std::vector<FrameRecord> frames(session.size());
  for (size_t i = 0; i < frames.size(); ++i) frames[i].pts = session[i].pts, frames[i].hasPts = true;
  size_t consistent = 0;
  for (const auto& c : readSessionClock(way.layout, frames, way.names, way.glyphs)) {
    EXPECT_TRUE(c.standing == OsdStanding::Consistent || c.standing == OsdStanding::Unread)
        << osdStandingName(c.standing) << " " << c.shown << " " << c.offsetSeconds;
    consistent += c.standing == OsdStanding::Consistent;
  }
  EXPECT_EQ(consistent, read);
}

// A time-lapse export: the clock runs 12 times faster than the video, 2.4 s a frame, so the seconds jump
// by two or three and only the minutes count by one. Every frame read is read right, and against the
// capture's timestamps the clock keeps its own rate: every read frame consistent, none behind or ahead.
TEST(OsdClock, ATimeLapseClockIsCountedByItsMinutesAndKeptAtItsRate) {
  test::TempDir dir;
  constexpr int kRate = 12;
  const OsdLayout layout = learnLayout(
      simulatedCamera(dir, "ref.mp4", 17, kEpoch, 60, 5, Osd::BottomRightDashed, {}, false, kRate));
  ASSERT_FALSE(layout.empty());
  const int64_t start = kEpoch + 4000;
  const auto session =
      simulatedCamera(dir, "session.mkv", 17, start, 60, 5, Osd::BottomRightDashed, {}, false, kRate);
  const test::OsdWay way = test::readBestWay(layout, session);
  size_t read = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    if (!way.readings[i]) continue;
    ++read;
    EXPECT_EQ(text(*way.readings[i]),
              clockText(start + static_cast<int64_t>(i) * kRate / 5, "%Y-%m-%d %H:%M:%S"))
        << "frame " << i;
  }
  EXPECT_GE(read * 10, session.size() * 8);

  expectEveryReadFrameConsistent(way, session, read);
}

// At 12:59:59 a 12-hour clock goes on to 01:00:00: half a day back by its digits, not another time zone.
// Every frame read is consistent with the session's clock, those after one o'clock included.
TEST(OsdClock, ATwelveHourClockPassingOneOClockStaysConsistent) {
  test::TempDir dir;
  const OsdLayout layout =
      learnLayout(simulatedCamera(dir, "ref.mp4", 17, kEpoch, 12, 5, Osd::BottomRightTwelveHour));
  ASSERT_FALSE(layout.empty());
  const int64_t start = kEpoch + 9 * 3600 + 3540;  // 12:59:00 PM to 01:00:29 PM
  const auto session = simulatedCamera(dir, "noon.mkv", 17, start, 90, 5, Osd::BottomRightTwelveHour);
  const test::OsdWay way = test::readBestWay(layout, session);
  size_t read = 0, afterOne = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    if (!way.readings[i]) continue;
    ++read;
    const int64_t shown = start + static_cast<int64_t>(i) / 5;
    afterOne += shown % 86400 >= 13 * 3600;
    EXPECT_EQ(text(*way.readings[i]), clockText(shown, "%Y-%m-%d %I:%M:%S")) << "frame " << i;
  }
  EXPECT_GE(read * 10, session.size() * 8);
  EXPECT_GE(afterOne, 100u);
  expectEveryReadFrameConsistent(way, session, read);
}

TEST(OsdClock, FindsNoClockWhereNoneIsDrawnByDayOrInInfrared) {
  test::TempDir dir;
  for (uint64_t seed : {21, 22, 23}) {
    EXPECT_TRUE(learnLayout(simulatedCamera(dir, "day.mp4", seed, kEpoch, 8, 5, Osd::None)).empty()) << seed;
    EXPECT_TRUE(learnLayout(simulatedCamera(dir, "ir.mp4", seed, kEpoch, 8, 5, Osd::None, {}, true)).empty())
        << seed;
  }
}

TEST(OsdClock, ForeignFramesShowTheirOwnCamerasClock) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 14, kEpoch - 86400, 8));
  const int64_t start = kEpoch + 300;
  // Frames 20-22 and 53 come from a camera eight hours ahead (UTC+9), frame 61 from one six behind.
  const std::vector<Insert> inserts = {{20, 23, 99, 9}, {53, 54, 99, 9}, {61, 62, 98, -5}};
  const auto session = simulatedCamera(dir, "session.ts", 14, start, 16, 5, Osd::Simulator, inserts);
  const Read read = readAll(layout, session);
  int foreignRead = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    int zone = 1;
    for (const auto& in : inserts)
      if (static_cast<int>(i) >= in.from && static_cast<int>(i) < in.to) zone = in.utcOffset;
    const std::string shown =
        clockText(start + zone * 3600 + static_cast<int64_t>(i) / 5, "%Y-%m-%d %H:%M:%S");
    // The session's own frames are all read; a foreign frame is read as its own camera's clock, or (coded
    // poorly at the cut) not at all, never as something else.
    if (zone == 1) {
      ASSERT_TRUE(read.readings[i].has_value()) << "frame " << i;
    }
    if (!read.readings[i]) continue;
    EXPECT_EQ(text(*read.readings[i]), shown) << "frame " << i;
    foreignRead += zone != 1;
  }
  EXPECT_GE(foreignRead, 1);
}

TEST(OsdClock, ReadsNothingRatherThanGuessWhenTheClockNeverCountsPastTenSeconds) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 15, kEpoch, 8));
  // 03:00:41 to 03:00:48: the seconds never pass a ten, so no glyph can be named a digit.
  const auto session = simulatedCamera(dir, "short.mp4", 15, kEpoch + 41, 7);
  const Read read = readAll(layout, session);
  for (const auto& r : read.readings) EXPECT_FALSE(r.has_value());
}

// A character's glyph as a cell's top-hat response shows it: strokes drawn at random from the character's
// own seed (no font is known: what matters is that two characters differ, and one character drawn twice
// does not), a ":" a few dots. `redrawn`: the same strokes blurred and brightened, as a re-encoded keyframe
// draws them again (0.1-0.3 from the first drawing: the same character, another name).
OsdGlyph drawnGlyph(int character, bool redrawn) {
  cv::Mat canvas = cv::Mat::zeros(24, 16, CV_8UC1);
  std::mt19937 rng(static_cast<uint32_t>(character) + 1);
  const bool colon = character == 10;
  for (int stroke = 0; stroke < (colon ? 2 : 5); ++stroke) {
    const cv::Point a(static_cast<int>(rng() % 16), static_cast<int>(rng() % 24));
    const cv::Point b = colon ? a : cv::Point(static_cast<int>(rng() % 16), static_cast<int>(rng() % 24));
    cv::line(canvas, a, b, cv::Scalar(255), 2);
  }
  if (!colon) cv::line(canvas, {8, 0}, {8, 23}, cv::Scalar(255), 1);  // a digit is as tall as its cell
  if (redrawn) {
    cv::GaussianBlur(canvas, canvas, {5, 5}, 1.2);
    canvas *= 1.5;
  }
  OsdGlyph g;
  g.width = canvas.cols;
  g.height = canvas.rows;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x) g.at(x, y) = canvas.at<uint8_t>(y, x);
  g.measure();
  return g;
}

// A month's name is the usual one only where each of its cells is the usual name or drawn again within
// kSameGlyph of it: a cell 0.1-0.3 away may be another month (a day's touching digits "12" taken for a
// month's name, and another camera's "11" there), and is compared by its time of day instead.
TEST(OsdClock, AMonthsNameOnlyLikeTheUsualOneIsNotTakenForIt) {
  // The first character whose redrawing stands in that band.
  int character = 0;
  while (character < 10 && !(glyphDistance(drawnGlyph(character, false), drawnGlyph(character, true)) > 0.1 &&
                             glyphDistance(drawnGlyph(character, false), drawnGlyph(character, true)) < 0.3))
    ++character;
  ASSERT_LT(character, 10);
  const OsdGlyph usual = drawnGlyph(character, false), near = drawnGlyph(character, true);
  OsdGlyph same = usual;
  same.at(0, 0) = static_cast<uint8_t>(same.at(0, 0) ^ 1);  // a pixel's noise: the same drawing
  same.measure();
  ASSERT_LE(glyphDistance(usual, same), 0.1);
  OsdFormat format;
  format.date = OsdDateOrder::NamedMonth;
  format.monthCells = {0};
  const std::vector<OsdGlyph> glyphs = {usual, near, same};
  const std::vector<std::vector<uint8_t>> frames = {{0}, {0}, {0}, {1}, {2}, {kOsdBlank}};
  EXPECT_EQ(osdUsualMonth(format, frames, glyphs), (std::vector<bool>{true, true, true, false, true, false}));
}

// A capture re-encoded with a keyframe every four seconds, four frames before a tick: each keyframe draws
// every character again a little differently (new names), and four frames later the seconds tick. The
// keyframe's change of the units is no tick but a redraw of the digit shown: the tick on the clock's beat is
// counted and the two names of that digit are one, so the count runs through every keyframe and every
// frame reads. Counting neither (as before) left chains of a few names that no count joined.
TEST(OsdClock, AKeyframeRedrawingTheDigitsJustBeforeATickDoesNotBreakTheCount) {
  OsdLayout layout;
  layout.frameWidth = 320, layout.frameHeight = 180, layout.top = 10, layout.bottom = 30;
  for (int c = 0; c < 8; ++c) layout.cells.push_back({10 + 14 * c, 24 + 14 * c});  // "hh:mm:ss"
  std::vector<OsdGlyph> glyphs;  // names 0-9: the digits, 10: ":", then the same redrawn (11-20, 21)
  for (const bool redrawn : {false, true}) {
    for (int c = 0; c <= 10; ++c) glyphs.push_back(drawnGlyph(c, redrawn));
  }
  constexpr int kFps = 15, kFrames = 600;
  const int64_t start = 10 * 3600 + 23 * 60 + 41;  // 10:23:41
  std::vector<std::vector<uint8_t>> names;
  for (int i = 0; i < kFrames; ++i) {
    const int64_t t = start + i / kFps;
    const bool redrawn = (i + 4) / (4 * kFps) % 2 == 1;  // a keyframe 4 frames before every fourth tick
    const auto name = [&](int64_t digit) { return static_cast<uint8_t>(digit + (redrawn ? 11 : 0)); };
    const uint8_t colon = redrawn ? 21 : 10;
    names.push_back({name(t / 36000), name(t / 3600 % 10), colon, name(t / 600 % 6), name(t / 60 % 10), colon,
                     name(t / 10 % 6), name(t % 10)});
  }
  const auto digits = learnOsdDigits(layout, names, glyphs);
  const OsdFormat format = osdFormat(layout, names, digits, glyphs);
  size_t read = 0;
  for (int i = 0; i < kFrames; ++i) {
    const auto reading = readOsdClock(format, names[static_cast<size_t>(i)], digits);
    if (!reading) continue;
    ++read;
    const int64_t t = start + i / kFps;
    EXPECT_EQ(reading->hour * 3600 + reading->minute * 60 + reading->second, t) << "frame " << i;
  }
  EXPECT_EQ(read, static_cast<size_t>(kFrames));
}

// A separator's glyph: a short bar across the middle of the cell, as a "-" is drawn.
OsdGlyph dashGlyph() {
  OsdGlyph g;
  g.width = 16;
  g.height = 24;
  for (int y = 11; y < 13; ++y)
    for (int x = 3; x < 13; ++x) g.at(x, y) = 255;
  g.measure();
  return g;
}

// One frame's names for "MM-DD-YYYY hh:mm:ss" at `t` (seconds of 2019-12-25), one cell a character, the
// space blank; digit d is name `digitName(d)`, "-" name 11 and ":" name 10.
std::vector<uint8_t> monthFirstNames(int64_t t, const std::function<uint8_t(int)>& digitName) {
  const int hh = static_cast<int>(t / 3600), mm = static_cast<int>(t / 60 % 60),
            ss = static_cast<int>(t % 60);
  const int values[] = {1, 2, 2, 5, 2, 0, 1, 9};  // 12, 25, 2019
  std::vector<uint8_t> names;
  for (int k = 0; k < 8; ++k) {
    names.push_back(digitName(values[k]));
    if (k == 1 || k == 3) names.push_back(11);
  }
  names.push_back(kOsdBlank);
  for (const int v : {hh, mm, ss}) {
    if (names.back() != kOsdBlank) names.push_back(10);
    names.push_back(digitName(v / 10));
    names.push_back(digitName(v % 10));
  }
  return names;
}

OsdLayout monthFirstLayout() {
  OsdLayout layout;
  layout.frameWidth = 640, layout.frameHeight = 360, layout.top = 10, layout.bottom = 34;
  for (int c = 0; c < 19; ++c) layout.cells.push_back({10 + 16 * c, 26 + 16 * c});
  return layout;
}

// Names 0-9: the digits, 10: ":", 11: "-".
std::vector<OsdGlyph> digitsAndSeparators() {
  std::vector<OsdGlyph> glyphs;
  for (int c = 0; c <= 10; ++c) glyphs.push_back(drawnGlyph(c, false));
  glyphs.push_back(dashGlyph());
  return glyphs;
}

// Each frame's reading under the digits the frames' own count names (`digits`, when given, gets them).
std::vector<std::optional<OsdReading>> readByCount(const OsdLayout& layout,
                                                   const std::vector<std::vector<uint8_t>>& names,
                                                   const std::vector<OsdGlyph>& glyphs,
                                                   std::array<int8_t, 256>* digits = nullptr) {
  const auto learned = learnOsdDigits(layout, names, glyphs);
  if (digits) *digits = learned;
  const OsdFormat format = osdFormat(layout, names, learned, glyphs);
  std::vector<std::optional<OsdReading>> readings;
  readings.reserve(names.size());
  for (const auto& frame : names) readings.push_back(readOsdClock(format, frame, learned));
  return readings;
}

// The frames read, each expected to show the time of day `start` + its index / `fps`.
size_t readAtTheirTime(const std::vector<std::optional<OsdReading>>& readings, int64_t start, int fps) {
  size_t read = 0;
  for (size_t i = 0; i < readings.size(); ++i) {
    const auto& reading = readings[i];
    if (!reading) continue;
    ++read;
    EXPECT_EQ(reading->hour * 3600 + reading->minute * 60 + reading->second,
              start + static_cast<int64_t>(i) / fps)
        << i;
  }
  return read;
}

// A "1" drawn a little differently once (a re-encoded frame just before the seconds tick on to "2") is a
// name the seconds' units showed that their count did not label. It may still be a "1" by likeness: the
// units showed "1" just before it. Refusing it every likeness (as before) left each "1" of the date and
// the hours it stood for unread, so no frame read; a name beside neither of the digits around it stays
// unnamed.
TEST(OsdClock, ADigitRedrawnOnceInTheCountedCellIsStillNamedByLikeness) {
  std::vector<OsdGlyph> glyphs = digitsAndSeparators();
  glyphs.push_back(drawnGlyph(1, true));  // name 12: the "1" redrawn
  ASSERT_LT(glyphDistance(glyphs[12], glyphs[1]), 0.2);
  constexpr int kFps = 15, kFrames = 480;
  const int64_t start = 19 * 3600 + 21 * 60 + 40;  // 19:21:40
  std::vector<std::vector<uint8_t>> names;
  for (int i = 0; i < kFrames; ++i) {
    const int64_t t = start + i / kFps;
    // Every "1" but the seconds' units is the redrawn one; the units show it on the last frame of :41.
    names.push_back(monthFirstNames(t, [](int d) { return static_cast<uint8_t>(d == 1 ? 12 : d); }));
    if (t % 10 == 1) names.back().back() = t % 60 == 41 && i % kFps == kFps - 1 ? 12 : 1;
  }
  std::array<int8_t, 256> digits{};
  const auto readings = readByCount(monthFirstLayout(), names, glyphs, &digits);
  EXPECT_EQ(digits[12], 1);
  for (int i = 0; i < kFrames; ++i) {
    const auto& reading = readings[static_cast<size_t>(i)];
    ASSERT_TRUE(reading.has_value()) << i;
    EXPECT_EQ(reading->hour * 3600 + reading->minute * 60 + reading->second, start + i / kFps) << i;
    EXPECT_EQ(text(*reading).substr(0, 10), "2019-12-25") << i;
  }
}

// A ":" over a scene that shows through it (a re-encoded tower's lit stripes) is named as something else
// for a frame twice a second and then as ":" again: four changes a second where the seconds change once.
// A separator is never the seconds: taking the ":" for them, no digit was named and no frame read.
TEST(OsdClock, ASeparatorRenamedTwiceASecondIsNotTakenForTheSeconds) {
  std::vector<OsdGlyph> glyphs = digitsAndSeparators();
  glyphs.push_back(drawnGlyph(50, false));  // name 12: the scene's strokes where the ":" is
  ASSERT_GE(glyphDistance(glyphs[12], glyphs[10]), 0.3);
  constexpr int kFps = 15, kFrames = 600;
  const int64_t start = 19 * 3600 + 21 * 60 + 40;  // 19:21:40
  std::vector<std::vector<uint8_t>> names;
  for (int i = 0; i < kFrames; ++i) {
    names.push_back(monthFirstNames(start + i / kFps, [](int d) { return static_cast<uint8_t>(d); }));
    if (i % 8 == 3) names.back()[names.back().size() - 3] = 12;  // the ":" before the seconds
  }
  const auto readings = readByCount(monthFirstLayout(), names, glyphs);
  EXPECT_GE(readAtTheirTime(readings, start, kFps) * 10, static_cast<size_t>(kFrames) * 8);
}

// A session from 19:21:50 to 19:22:06 whose seconds pass :59 -> :00 under a burst of another camera: no
// ten-second boundary is seen, so the digits' rotation is chosen by the frames it reads. One rotation
// down reads the time alone (12-25-2019 as 01-14-1908 holds no year, 19:21:5x as 08:10:4x) until the
// seconds pass :00, more than 1.6 times fewer frames than the clock's own but not many fewer enough: the
// date decides, four digits of a year between 1970 and 2099. Before, no digit was named and no frame read.
TEST(OsdClock, ARotationThatReadsTheDateBeatsOneThatReadsTheTimeAlone) {
  std::vector<OsdGlyph> glyphs = digitsAndSeparators();
  for (int c = 0; c < 10; ++c) glyphs.push_back(drawnGlyph(20 + c, false));  // 12-21: the other camera's
  constexpr int kFps = 15, kFrames = 240;
  const int64_t start = 19 * 3600 + 21 * 60 + 50;
  std::vector<std::vector<uint8_t>> names;
  for (int i = 0; i < kFrames; ++i) {
    const int64_t t = start + i / kFps;
    const bool burst = i >= 9 * kFps + 7 && i < 10 * kFps + 7;  // 19:21:59.5 to 19:22:00.5
    names.push_back(monthFirstNames(burst ? t + 5 * 3600 : t,
                                    [&](int d) { return static_cast<uint8_t>(burst ? 12 + d : d); }));
  }
  const auto readings = readByCount(monthFirstLayout(), names, glyphs);
  for (const auto& reading : readings) {
    if (reading) {
      EXPECT_EQ(reading->year, 2019);
    }
  }
  EXPECT_GE(readAtTheirTime(readings, start, kFps), static_cast<size_t>(kFrames - 2 * kFps));
}

// A damaged MPEG-TS session (bench/osd_styles.sh, seed 102's s-004) whose count came in pieces: its
// seconds 3 to 7 counted, 8 lost to damage, 9 -> 0 counted with its tens, then one frame concealed just
// before 0 -> 1 (a standing digit and the units drawn otherwise for that frame alone), a gap across 2 -> 4,
// and 4 to 8 counted again. The heaviest piece (3 to 8) never passed a ten; the piece that did (9, 0) was
// dropped, and the 8-second references, which never pass a ten either, could not turn the rest: no frame
// read. Where each second lasts several frames, a lone frame drawn otherwise than the two either side is
// no step of the count, so 0 -> 1 is a tick; the piece that knows where 0 is turns the references, and
// they name the rest.
TEST(OsdClock, ACountInPiecesIsAnchoredByThePieceThatPassedTen) {
  std::vector<OsdGlyph> glyphs = digitsAndSeparators();
  for (int c = 0; c < 16; ++c) glyphs.push_back(drawnGlyph(30 + c, false));  // 12-27: damage
  const OsdLayout layout = monthFirstLayout();
  const size_t cells = layout.cells.size();
  constexpr int kFps = 15;
  auto digit = [](int d) { return static_cast<uint8_t>(d); };
  // The reference: 8 s at 5 frames a second, its seconds 41 to 48.
  std::vector<std::vector<uint8_t>> reference;
  for (int i = 0; i < 40; ++i) reference.push_back(monthFirstNames(9 * 3600 + 30 * 60 + 41 + i / 5, digit));
  const std::vector<OsdDigitGlyph> referenceDigits = countedDigitGlyphs(layout, reference, glyphs);
  ASSERT_FALSE(referenceDigits.empty());
  EXPECT_TRUE(std::all_of(referenceDigits.begin(), referenceDigits.end(),
                          [](const OsdDigitGlyph& d) { return d.group >= 0; }));
  const int64_t start = 22 * 3600 + 17 * 60 + 3;  // 22:17:03 to 22:17:18
  std::vector<std::vector<uint8_t>> names;
  std::vector<bool> clean;
  for (int i = 0; i < 16 * kFps; ++i) {
    std::vector<uint8_t> frame = monthFirstNames(start + i / kFps, digit);
    const bool damaged = i >= 5 * kFps && i < 6 * kFps, concealed = i == 8 * kFps - 1,
               gap = i >= 10 * kFps && i < 11 * kFps + 9;
    if (damaged)
      for (size_t c = 6; c < cells; ++c)  // the year and the time drawn as something else, the space left
        if (frame[c] != kOsdBlank) frame[c] = static_cast<uint8_t>(12 + (i + c) % 16);
    if (concealed) frame[3] = 12, frame.back() = 13;
    if (gap) frame.assign(cells, kOsdBlank);
    names.push_back(frame);
    clean.push_back(!damaged && !concealed && !gap);
  }
  const auto digits = learnOsdDigits(layout, names, glyphs, nullptr, referenceDigits);
  const OsdFormat format = osdFormat(layout, names, digits, glyphs);
  size_t read = 0, cleanFrames = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    cleanFrames += clean[i];
    const auto reading = readOsdClock(format, names[i], digits);
    if (!reading) continue;
    ++read;
    EXPECT_TRUE(clean[i]) << i;
    EXPECT_EQ(reading->hour * 3600 + reading->minute * 60 + reading->second,
              start + static_cast<int64_t>(i) / kFps)
        << i;
    EXPECT_EQ(text(*reading).substr(0, 10), "2019-12-25") << i;
  }
  EXPECT_EQ(read, cleanFrames);
}

// A space blank on every own frame stays a space where a burst of another camera's clock puts digits there
// (its text laid out otherwise): the date and the time are groups of their own. Counting the burst's digits
// but not the blank frames joined the year, the space and the hours into one group, and no frame read
// (bench/osd_drawtext.sh's bikes camera under dt-mono-dmy-weekday-box, its session with bursts).
TEST(OsdClock, ASpaceBlankOnOwnFramesStaysASpaceUnderABurstOfDigits) {
  const std::vector<OsdGlyph> glyphs = digitsAndSeparators();
  const OsdLayout layout = monthFirstLayout();
  std::array<int8_t, 256> digits;
  digits.fill(-1);
  for (int d = 0; d < 10; ++d) digits[static_cast<size_t>(d)] = static_cast<int8_t>(d);
  constexpr int kFps = 15;
  const int64_t start = 9 * 3600 + 30 * 60 + 41;
  auto digit = [](int d) { return static_cast<uint8_t>(d); };
  std::vector<std::vector<uint8_t>> names;
  for (int i = 0; i < 20 * kFps; ++i) {
    const bool burst = i >= 100 && i < 130;  // a tenth of the frames
    std::vector<uint8_t> frame = monthFirstNames(start + i / kFps + (burst ? 3600 : 0), digit);
    if (burst) frame[10] = 3;  // the other clock's text falls where this one leaves a space
    names.push_back(std::move(frame));
  }
  const OsdFormat format = osdFormat(layout, names, digits, glyphs);
  ASSERT_TRUE(format.valid());
  EXPECT_EQ(format.groups,
            (std::vector<std::vector<int>>{{0, 1}, {3, 4}, {6, 7, 8, 9}, {11, 12}, {14, 15}, {17, 18}}));
  const auto reading = readOsdClock(format, names.front(), digits);
  ASSERT_TRUE(reading.has_value());
  EXPECT_EQ(text(*reading), "2019-12-25 09:30:41");
}

// A glyph drawn as text art, '#' for ink.
OsdGlyph glyphOfArt(const char* const* rows, int width, int height) {
  OsdGlyph glyph;
  glyph.width = width;
  glyph.height = height;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) glyph.at(x, y) = rows[y][x] == '#' ? 255 : 0;
  glyph.measure();
  return glyph;
}

// A 12-hour clock whose one text cell shows `text` on each of 60 frames.
OsdHalfDays halfDaysOfOneText(const OsdGlyph& text) {
  OsdFormat format;
  format.twelveHour = true;
  format.halfDayCells = {0};
  const std::vector<std::vector<uint8_t>> frames(60, std::vector<uint8_t>{0});
  return osdHalfDays(format, frames, {text});
}

// "PM" drawn as one ink cell in a condensed oblique font (DejaVu Sans Condensed Oblique, 18 pixels; this
// glyph is one frame's, as the reader sampled it in bench/osd_styles.sh condensed-oblique-mdy-12h-tr, seed
// 102). Judged whole, its "P", leaning three pixels over its height, kept no upright stem in the band at
// its left, so it was taken for "AM" and every frame of an evening session read 12 hours off. Its first
// letter, cut from the rest as the text is told apart, is judged alone: no clear stem, no two feet, so
// the half of the day is not told, and the session is read within half a day.
TEST(OsdClock, AnObliquePmDrawnAsOneCellIsNeverTakenForAm) {
  // clang-format off
  const char* rows[] = {
      "................................",
      "....######......####........###.",
      "...#########....####.......####.",
      "...##########...####.......####.",
      "...##.....###...#####.....#####.",
      "...##.....###...#####....######.",
      "...##.....###..###.##....#####..",
      "..###.....###..###.##....##.##..",
      "..###.....###..###.##...##..##..",
      "..###....###...##..##..###.###..",
      "..#########....##..###.##..###..",
      "..########.....##...#####..##...",
      "..###..........##...#####..##...",
      ".###..........###...####...##...",
      ".###..........###...###....##...",
      ".##...........###...###...###...",
      ".##...........###.........###...",
      ".##...........##..........##....",
      "###...........##..........##....",
      "................................",
  };
  // clang-format on
  EXPECT_NE(halfDaysOfOneText(glyphOfArt(rows, 32, 20)).afternoon, 1) << "PM taken for AM";
}

// A street camera's pixel-font "A" alone in the one cell after its time, as the reader saw it (outlined
// text through the top-hat: its crossbar low, its legs joined below). Cut in two as if it were "AM"
// touching, its half showed neither a stem nor feet, and the camera's morning went untold.
TEST(OsdClock, APixelFontAAloneInItsCellIsJudgedWhole) {
  // clang-format off
  const char* rows[] = {
      "................",
      "................",
      "................",
      ".......##.......",
      ".......##.......",
      ".......##.......",
      ".......##.......",
      ".......##.......",
      ".....#..........",
      ".....#....#.....",
      ".....#....#.....",
      ".....#....#.....",
      "..........#.....",
      "..##........##..",
      "..##........##..",
      "..##........##..",
      "..##........##..",
      "..##........##..",
      "..############..",
      "..############..",
      "................",
      "##.########.....",
      "##.#########....",
      "##.#########....",
      "##.########.....",
      "...########.....",
  };
  // clang-format on
  EXPECT_EQ(halfDaysOfOneText(glyphOfArt(rows, 16, 26)).afternoon, 1) << "its text is the morning's";
}

TEST(OsdClock, GlyphsOfOneCharacterAreNearAndOfTwoDigitsFar) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 16, kEpoch, 8));
  const auto frames = simulatedCamera(dir, "session.mp4", 16, kEpoch + 10, 3);
  const auto first = osdGlyphs(layout, viewOf(frames.front())),
             later = osdGlyphs(layout, viewOf(frames.back()));
  ASSERT_EQ(first.size(), 19u);
  // "2019-12-26 04:00:10" then "...:12": the year's cells are the same characters, "0" and "2" differ.
  for (size_t c = 0; c < 4; ++c) EXPECT_LT(glyphDistance(first[c], later[c]), 0.15) << c;
  EXPECT_GT(glyphDistance(first[18], later[18]), 0.15);
  EXPECT_EQ(first[10].lit, 0);  // the space
}

// The top-hat made once for every way of reading the line gives each way the glyphs its own would.
// The same glyphs from the frame's shared line response, and from a memo of the previous frame's cells
// (each frame is read twice: the second time every cell comes from the memo). The ways that weigh strokes
// alike (a tolerance, luma-weighted or not) share one response over the line.
TEST(OsdClock, ALineResponseSharedByTheWaysGivesTheSameGlyphs) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(simulatedCamera(dir, "ref.mp4", 13, kEpoch, 8, 5, Osd::BottomRight));
  ASSERT_FALSE(layout.empty());
  const auto frames = simulatedCamera(dir, "session.mp4", 13, kEpoch + 10, 4, 5, Osd::BottomRight);
  const std::vector<OsdLayout> ways = osdReadingLayouts(layout);
  ASSERT_GE(ways.size(), 2u);
  std::vector<OsdGlyphMemo> memos(ways.size());
  for (const auto& frame : frames) {
    const OsdLineResponse line = osdLineResponse(ways, viewOf(frame));
    ASSERT_FALSE(line.tophat.empty());
    for (size_t w = 0; w < ways.size(); ++w) {
      const auto own = osdGlyphs(ways[w], viewOf(frame));
      for (int pass = 0; pass < 3; ++pass) {
        const auto other = pass == 0   ? osdGlyphs(ways[w], viewOf(frame), &line)
                           : pass == 1 ? osdGlyphs(ways[w], viewOf(frame), &line, &memos[w])
                                       : osdGlyphs(ways[w], viewOf(frame), nullptr, &memos[w]);
        ASSERT_EQ(own.size(), other.size());
        for (size_t c = 0; c < own.size(); ++c) {
          EXPECT_EQ(own[c].pixels, other[c].pixels) << c << " pass " << pass;
          EXPECT_EQ(own[c].lit, other[c].lit) << c << " pass " << pass;
          EXPECT_EQ(own[c].norm, other[c].norm) << c << " pass " << pass;
        }
      }
    }
    EXPECT_EQ(line.weighed.size(), 2 * kOsdTolerances.size());
  }
}

// A glyph sampled down takes each block's strongest pixel, counting only the row's own pixels where the
// block runs past either end of it (a cell at the picture's edge, or shifted past it): the same bytes as
// testing every pixel's bounds, for every scale a line can have (1: a pixel a glyph pixel) and blocks on
// both edges.
TEST(OsdClock, AGlyphSampledDownTakesEachBlocksStrongestPixelInsideTheRow) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> level(0, 255);
  for (int scale = 1; scale <= 6; ++scale)
    for (const int cols : {1, 7, 64, 97})
      for (int base = -3 * OsdGlyph::kCols; base <= cols + scale; base += 5) {
        std::vector<uint8_t> row(static_cast<size_t>(cols));
        for (auto& x : row) x = static_cast<uint8_t>(level(random));
        std::array<uint8_t, OsdGlyph::kCols> before{}, expected{}, got{};
        for (auto& x : before) x = static_cast<uint8_t>(level(random) / 2);
        expected = before, got = before;
        for (int gx = 0; gx < OsdGlyph::kCols; ++gx)
          for (int x = base + gx * scale; x < base + (gx + 1) * scale; ++x)
            if (x >= 0 && x < cols)
              expected[static_cast<size_t>(gx)] =
                  std::max(expected[static_cast<size_t>(gx)], row[static_cast<size_t>(x)]);
        osdSampleRowPeaks(row.data(), cols, base, scale, got.data(), OsdGlyph::kCols);
        ASSERT_EQ(got, expected) << "scale " << scale << ", " << cols << " columns, base " << base;
      }
}

// The clock line's pools take a wider scale's erosion and dilation on from the narrower one's: a
// rectangle's minimum (maximum) over a pixels, then over b, is its minimum over a + b - 1, with OpenCV's
// default border (pixels past the edge left out). Held here on pictures of odd sizes, the windows the
// pools use at 360, 720 and 1080 lines included.
TEST(OsdClock, RectangleMorphologyComposesAsTheLinePoolsAssume) {
  std::mt19937 random(5);
  auto rect = [](int size) { return cv::getStructuringElement(cv::MORPH_RECT, {size, size}); };
  for (const auto& [a, b] : {std::pair{5, 9}, std::pair{13, 25}, std::pair{19, 37}, std::pair{7, 3}}) {
    cv::Mat picture(101, 157, CV_8UC1);
    for (int y = 0; y < picture.rows; ++y)
      for (int x = 0; x < picture.cols; ++x) picture.at<uint8_t>(y, x) = static_cast<uint8_t>(random() % 256);
    cv::Mat once, twice, step;
    cv::erode(picture, step, rect(a));
    cv::erode(step, twice, rect(b));
    cv::erode(picture, once, rect(a + b - 1));
    EXPECT_EQ(cv::countNonZero(once != twice), 0) << a << " then " << b;
    cv::dilate(picture, step, rect(a));
    cv::dilate(step, twice, rect(b));
    cv::dilate(picture, once, rect(a + b - 1));
    EXPECT_EQ(cv::countNonZero(once != twice), 0) << a << " then " << b;
  }
}

TEST(OsdClock, PicturesOver4KAreNotPooled) {
  // Six bytes a pixel: a hostile 16k x 16k reference would need 1.5 GiB to learn a clock line from.
  std::vector<uint8_t> pixels(static_cast<size_t>(4000) * 2200, 128);
  OsdLayoutBuilder builder;
  builder.add({pixels.data(), 4000, 2200, 4000});
  EXPECT_EQ(builder.frames(), 0);
  EXPECT_TRUE(builder.finish(1).empty());
}

}  // namespace
}  // namespace camtrace

// The bright key keeps a picture's levels of kOsdBrightCut and above as they are and blacks out the rest;
// a picture with none of them keys nothing.
TEST(OsdClock, TheBrightKeyKeepsOnlyTheLevelsOfWhiteText) {
  cv::Mat picture(4, 64, CV_8UC1);
  for (int x = 0; x < picture.cols; ++x) picture.col(x).setTo(192 + x);  // 192 to 255
  cv::Mat key;
  ASSERT_TRUE(camtrace::osdBrightKey(
      camtrace::GrayView{picture.data, picture.cols, picture.rows, static_cast<int>(picture.step)}, key));
  ASSERT_EQ(key.size(), picture.size());
  for (int x = 0; x < picture.cols; ++x)
    EXPECT_EQ(key.at<uint8_t>(2, x), 192 + x >= camtrace::kOsdBrightCut ? 192 + x : 0) << x;
  const cv::Mat pale(4, 64, CV_8UC1, cv::Scalar(camtrace::kOsdBrightCut - 1));
  EXPECT_FALSE(camtrace::osdBrightKey(
      camtrace::GrayView{pale.data, pale.cols, pale.rows, static_cast<int>(pale.step)}, key));
  EXPECT_EQ(cv::countNonZero(key), 0);
}
