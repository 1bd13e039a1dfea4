#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <ctime>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "analyzers/osd_clock.h"
#include "audit/osd_evidence.h"
#include "simulate/clock_style.h"
#include "simulate/scene_renderer.h"
#include "tests/analyzers/osd_test_reading.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

// Clocks drawn the way real recorders draw them, unlike simulate's fixed-cell Hershey digits: one
// proportional string ("1" and ":" narrower than the other digits), white with a black outline, a 12-hour
// time with "AM" after it, over a bright, moving scene.
namespace camtrace {
namespace {

using test::learnLayout;
using test::viewOf;

constexpr int64_t kEpoch = 1460685600;  // 2016-04-15 02:00:00 UTC
constexpr int kWidth = 640, kHeight = 360, kFps = 10;

std::string shown(int64_t unixSeconds, bool lowerCase = false) {
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %I:%M:%S %p", &parts);
  std::string out = text;
  if (lowerCase)
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Frame i shows the clock at `clock[i]` (seconds since 1970, UTC) over a bright wall with a darker
// stripe drifting across it; `faint`: bare white text, no outline, over a wall nearly as white;
// `lowerCase`: "am" and "pm".
std::vector<DecodedFrame> recorder(const test::TempDir& dir, const std::string& name,
                                   const std::vector<int64_t>& clock, bool faint = false,
                                   bool lowerCase = false) {
  std::vector<YuvImage> pictures;
  for (size_t i = 0; i < clock.size(); ++i) {
    YuvImage picture(kWidth, kHeight);
    cv::Mat luma(kHeight, kWidth, CV_8UC1, picture.y.data());
    luma.setTo(200);
    const int stripe = static_cast<int>(i * 7) % kWidth;
    cv::rectangle(luma, {stripe, 0}, {stripe + 60, kHeight}, cv::Scalar(120), cv::FILLED);
    cv::circle(luma, {320, 220}, 40 + static_cast<int>(i % 20), cv::Scalar(90), 3);
    const std::string text = shown(clock[i], lowerCase);
    const cv::Point origin{kWidth - 390, 30};
    if (faint) {
      cv::rectangle(luma, {kWidth - 400, 0}, {kWidth, 45}, cv::Scalar(198), cv::FILLED);  // a pale sky
      cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(240), 2, cv::LINE_AA);
    } else {
      cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(16), 5, cv::LINE_AA);
      cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(235), 2, cv::LINE_AA);
    }
    pictures.push_back(std::move(picture));
  }
  test::writeVideo(dir.file(name), pictures, kFps);
  return test::decodeAll(dir.file(name));
}

std::vector<int64_t> running(int64_t start, int frames) {
  std::vector<int64_t> clock(static_cast<size_t>(frames));
  for (int i = 0; i < frames; ++i) clock[static_cast<size_t>(i)] = start + i / kFps;
  return clock;
}

int64_t secondsOfDay(const OsdReading& r) {
  return r.hour * 3600 + r.minute * 60 + r.second;
}

// The 12-hour clock shows 02:mm:ss AM at 02:mm:ss: its hour needs no AM/PM to read here.
int64_t shownSecondsOfDay(int64_t unixSeconds) {
  return unixSeconds % 86400 % 43200;
}

// The frames read, each expected to show the clock at `clock[i]`.
size_t readRight(const std::vector<std::optional<OsdReading>>& readings, const std::vector<int64_t>& clock) {
  size_t read = 0;
  for (size_t i = 0; i < readings.size(); ++i) {
    if (!readings[i]) continue;
    ++read;
    EXPECT_EQ(secondsOfDay(*readings[i]), shownSecondsOfDay(clock[i])) << "frame " << i;
  }
  return read;
}

TEST(OsdClockStyles, AProportionalOutlinedTwelveHourClockIsReadAndNeverMisread) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60)));
  ASSERT_FALSE(layout.empty());
  ASSERT_GE(layout.bottom - layout.top, 20);
  const auto clock = running(kEpoch + 400, 300);
  const auto session = recorder(dir, "session.mp4", clock);
  const auto readings = test::readBestWay(layout, session).readings;
  const size_t read = readRight(readings, clock);
  EXPECT_GE(read * 10, session.size() * 6);
}

TEST(OsdClockStyles, PicturesOfAnotherMomentCutInDoNotBreakTheCount) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60)));
  // Frames 100-119 (2 s) show the clock 24 s later (02:06:34 for 02:06:10): their seconds jump, which is
  // no tick. (Within the minute: a minute's digit the count never saw is left unread, rightly.)
  auto clock = running(kEpoch + 360, 300);
  for (int i = 100; i < 120; ++i) clock[static_cast<size_t>(i)] += 24;
  const auto session = recorder(dir, "stale.mp4", clock);
  const auto readings = test::readBestWay(layout, session).readings;
  size_t read = 0, staleRead = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    if (!readings[i]) continue;
    ++read;
    staleRead += i >= 100 && i < 120;
    EXPECT_EQ(secondsOfDay(*readings[i]), shownSecondsOfDay(clock[i])) << "frame " << i;
  }
  EXPECT_GE(read * 10, session.size() * 6);
  EXPECT_GE(staleRead, 10u);
}

// A simulate clock style filmed over simulate's room (seed 21 unless told) in a zone 5 hours behind UTC,
// through H.264: frames of `start` (Unix seconds) on, at kFps, in `lighting`.
class StyleFilm {
 public:
  StyleFilm(const test::TempDir& dir, const std::string& style, uint64_t seed = 21)
      : dir_(dir), scene_(seed, kWidth, kHeight, -5) {
    scene_.setClock(std::make_shared<const sim::ClockPainter>(*sim::findClockStyle(style)));
  }
  std::vector<DecodedFrame> film(const std::string& name, int64_t start, int frames,
                                 const sim::Lighting& lighting = {}) const {
    std::vector<YuvImage> pictures;
    for (int i = 0; i < frames; ++i)
      pictures.push_back(
          scene_.render(static_cast<double>(i) / kFps, lighting, start, static_cast<uint64_t>(i)));
    test::writeVideo(dir_.file(name), pictures, kFps);
    return test::decodeAll(dir_.file(name));
  }

 private:
  const test::TempDir& dir_;
  sim::SceneRenderer scene_;
};

// The frames of a session filmed from `start` read with the best way, each expected to show the time of
// day there (12-hour: compared within half a day).
size_t readRightFrom(const OsdLayout& layout, const std::vector<DecodedFrame>& session, int64_t start) {
  const auto readings = test::readBestWay(layout, session).readings;
  size_t read = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    if (!readings[i]) continue;
    ++read;
    const int64_t shown = start - 5 * 3600 + static_cast<int64_t>(i) / kFps;
    EXPECT_EQ(secondsOfDay(*readings[i]) % 43200, shownSecondsOfDay(shown)) << "frame " << i;
  }
  return read;
}

// A style's camera filmed for 80 frames from `refStart` (its references, whose layout is learned) and 200
// from `sessionStart`: how many of the session's frames read, each checked against the time shown.
size_t filmedAndReadRight(const std::string& style, int64_t refStart, int64_t sessionStart) {
  test::TempDir dir;
  const StyleFilm camera(dir, style);
  const OsdLayout layout = learnLayout(camera.film("ref.mp4", refStart, 80));
  EXPECT_FALSE(layout.empty());
  if (layout.empty()) return 0;
  return readRightFrom(layout, camera.film("session.mp4", sessionStart, 200), sessionStart);
}

// A bold serif clock in a translucent box (LiberationSerif Bold, 14-pixel digits, "2019.12.25 22:55:11")
// in the top right corner, over a wall that daylight makes nearly as bright as the text: by day its strokes
// rise about 50 levels above the box, under the 60 a stroke needs, so they are strokes only in the night
// reference (infrared, the wall dark), and no stroke of the line stays in 4 of 5 reference frames. The
// line is still found, held to its own most constant strokes, and a session filmed by day is read.
TEST(OsdClockStyles, ABoxedClockFaintByDayIsFoundWhereTheNightShowsItClearly) {
  test::TempDir dir;
  const StyleFilm camera(dir, "serif-bold-ymd-dots-box", 9);  // a room whose wall lies behind the box
  const sim::Lighting day{1.2, false, false}, night{1.0, false, true};
  std::vector<DecodedFrame> references = camera.film("day.mp4", kEpoch - 7 * 86400, 80, day);
  for (auto& f : camera.film("night.mp4", kEpoch - 7 * 86400 + 3600, 80, night))
    references.push_back(std::move(f));
  const OsdLayout layout = learnLayout(references);
  ASSERT_FALSE(layout.empty());
  EXPECT_GE(layout.cells.size(), 8u);
  EXPECT_GE(readRightFrom(layout, camera.film("session.mp4", kEpoch + 400, 200, day), kEpoch + 400) * 10,
            200u * 9);
}

// A small proportional font (FreeSans, 15-pixel digits: a 17-pixel line) in a translucent box, a
// day-first date with "/" and a 12-hour time with "PM", over simulate's room in a zone where it is evening:
// the line is cut where the ink is (a grid cannot fit "/" and ":" between tabular digits).
TEST(OsdClockStyles, ASmallProportionalTwelveHourClockInABoxIsReadAndNeverMisread) {
  EXPECT_GE(filmedAndReadRight("sans-dmy-12h-box", kEpoch - 7 * 86400, kEpoch + 400) * 10, 200u * 9);
}

// A serif font (FreeSerif, 18-pixel digits, a drop shadow, "Apr 14 2016 10:35:00 PM") whose hairlines are
// fainter than its stems: a "0" left as two strokes in the references (which show 10:10:0x, so the
// seconds' tens never change) is one cell, and the narrow "1"s of the hours and minutes are cells a digit
// wide, so the session's other digits in their places are read. Without either, no frame is read.
TEST(OsdClockStyles, ASerifClockWhoseZerosFallInTwoStrokesIsRead) {
  const int64_t tenPastTen = kEpoch + 4200;  // 10:10:00 PM where the camera is (UTC-5)
  EXPECT_GE(filmedAndReadRight("serif-month-first-12h", tenPastTen, tenPastTen + 1500) * 4, 200u * 3);
}

// An oblique font (FreeSans Oblique, 16-pixel digits, "12-25-2019 11:38:05PM"): each digit leans over the
// gap before the next, so no column between them is free of ink until the line is read upright, and the
// "PM" drawn against the seconds is as tall and inked as a digit: it is text after the time, not the
// seconds' third digit. Without either, no frame is read.
TEST(OsdClockStyles, AnObliqueClockWithItsPmAgainstTheSecondsIsRead) {
  EXPECT_GE(filmedAndReadRight("sans-oblique-mdy-12h", kEpoch - 86400, kEpoch + 400) * 10, 200u * 9);
}

// A bold sans 12-hour clock in a box ("2016-04-14 10:35:00 PM", FreeSans Bold, 16-pixel digits): the
// hour's "1" is narrower than its advance and widened to a digit's width, but about its middle beside the
// space before it, so the space still ends the date's group. Widened by the whole difference on that side
// too, it left 4 pixels of space and the day and the hour were one group of four digits: no frame read.
TEST(OsdClockStyles, ANarrowDigitAfterASpaceLeavesTheSpaceBetweenTheGroups) {
  const int64_t tenPastTen = kEpoch + 4200;  // 10:10:00 PM where the camera is (UTC-5)
  EXPECT_GE(filmedAndReadRight("sans-bold-ymd-12h-box", tenPastTen - 86400, tenPastTen + 1500) * 10,
            200u * 9);
}

// A bold sans clock right-aligned by its measured width ("18-12-2019 22:10:00", FreeSans Bold, 26-pixel
// digits, a drop shadow), as FFmpeg's drawtext draws at x=w-tw-10: the whole line steps a few pixels
// sideways as the seconds' last digit grows or shrinks, so its strokes pooled over the references smear
// across the gaps between its characters. Its frames registered to one another, it is cut and read as a
// line that stays put, each frame at its own shift. Before, no frame was read.
TEST(OsdClockStyles, ALineRightAlignedByItsMeasuredWidthIsReadWhereverItIsDrawn) {
  test::TempDir dir;
  const StyleFilm camera(dir, "sans-bold-dmy-26px-shadow");
  const OsdLayout layout = learnLayout(camera.film("ref.mp4", kEpoch - 86400, 80));
  ASSERT_FALSE(layout.empty());
  EXPECT_GT(layout.maxShift, 0);
  EXPECT_FALSE(layout.anchor.empty());
  const int64_t start = kEpoch + 400;
  EXPECT_GE(readRightFrom(layout, camera.film("session.mp4", start, 200), start) * 10, 200u * 9);
}

// A line drawn at one place (fixed cells from the left of the picture's right corner: its width never
// changes) is not taken for a moving one.
TEST(OsdClockStyles, ALineThatStaysPutIsNotRegistered) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(StyleFilm(dir, "mono-mdy-24px").film("ref.mp4", kEpoch, 80));
  ASSERT_FALSE(layout.empty());
  EXPECT_EQ(layout.maxShift, 0);
  EXPECT_TRUE(layout.anchor.empty());
}

// A bold italic sans clock in a box ("26-12-2019 Thu 05:28:41", Liberation Sans Bold Italic, 17-pixel
// line): read along its slant, its "20" and its hour's "05" still touch, each one run of ink two digits
// wide, so the year and the hour were groups of the wrong length and no frame was read. Such a run, that
// never changes, may be two digits: the line is also read with it cut in two. (Its references are of the
// same weekday: the weekday's width places the time, and a reference of another weekday's would not fit.)
TEST(OsdClockStyles, TwoItalicDigitsThatTouchAreCutIntoTwo) {
  const int64_t weekBefore = 1576746000;        // 2019-12-19 04:00:00 where the camera is (UTC-5)
  const int64_t boxingDayMorning = 1577356080;  // 2019-12-26 05:28:00 there
  EXPECT_GE(filmedAndReadRight("sans-bold-italic-dmy-weekday-box", weekBefore, boxingDayMorning + 40) * 10,
            200u * 9);
}

// An italic sans clock with a month's name ("25 Dec 2019 22:54:44", Liberation Sans Italic, 24-pixel
// digits, bare): its hour's "22" is one run of ink, and the uncut cells took it for a one-digit hour, every
// frame read "02:54:44". A one-digit hour's cell wider than one and a half of the minutes' and seconds' is
// two digits; the cells with the run cut read the hour.
TEST(OsdClockStyles, AnHourOfTwoTouchingDigitsIsNeverReadAsOne) {
  const int64_t christmasNight = 1577332484;  // 2019-12-25 22:54:44 where the camera is (UTC-5)
  EXPECT_GE(
      filmedAndReadRight("sans-italic-month-name-24px", christmasNight - 7 * 86400, christmasNight) * 10,
      200u * 9);
}

// An upright font keeps its columns: the slant that cuts a fixed-cell clock into the most runs of ink is
// none; an oblique one's is some.
TEST(OsdClockStyles, AnUprightClockIsReadUprightAndAnObliqueOneAlongItsSlant) {
  test::TempDir dir;
  const OsdLayout upright = learnLayout(StyleFilm(dir, "mono-mdy-24px").film("upright.mp4", kEpoch, 80));
  ASSERT_FALSE(upright.empty());
  EXPECT_EQ(upright.slant.sixteenths, 0);
  const OsdLayout oblique =
      learnLayout(StyleFilm(dir, "sans-oblique-mdy-12h").film("oblique.mp4", kEpoch, 80));
  ASSERT_FALSE(oblique.empty());
  EXPECT_GT(oblique.slant.sixteenths, 0);
}

// A 14-pixel condensed bold font drawn proportionally, bare ("25-Dec-2019 10:06:40 AM"): no grid fits its
// narrow "-" and ":", so its line is cut where the ink is, as lines from 15 pixels were already. Before,
// no frame was read.
TEST(OsdClockStyles, AFourteenPixelProportionalClockIsCutWhereTheInkIs) {
  const int64_t christmasMorning = 1577232000 + 15 * 3600;  // 2019-12-25 10:00 where the camera is
  EXPECT_GE(
      filmedAndReadRight("condensed-month-name-12h", christmasMorning - 86400, christmasMorning + 400) * 10,
      200u * 9);
}

// Bare white text over a pale sky rises about 40 levels above it, under the 60 a stroke needs: its line is
// found at half that contrast (only where no stronger line exists, and only text drawn near full white),
// and read right.
TEST(OsdClockStyles, FaintTextOverAPaleSkyIsFoundAndRead) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60), true));
  ASSERT_FALSE(layout.empty());
  EXPECT_LT(layout.contrast, 60);
  const auto clock = running(kEpoch + 400, 200);
  const auto session = recorder(dir, "session.mp4", clock, true);
  const auto readings = test::readBestWay(layout, session).readings;
  const size_t read = readRight(readings, clock);
  EXPECT_GE(read * 10, session.size() * 8);
}

// A character ROM's thin white text on a black edge over a floor as pale as the text (a lit plaza seen from
// above): frame i shows the clock at `clock[i]` over a floor of 228 with pale seams drifting across it. The
// text rises some 15 levels over the floor, too little for a stroke; its edge, 210 levels under it, reads.
std::vector<DecodedFrame> paleFloor(const test::TempDir& dir, const std::string& name,
                                    const std::vector<int64_t>& clock) {
  std::vector<YuvImage> pictures;
  for (size_t i = 0; i < clock.size(); ++i) {
    YuvImage picture(kWidth, kHeight);
    cv::Mat luma(kHeight, kWidth, CV_8UC1, picture.y.data());
    luma.setTo(228);
    for (int x = static_cast<int>(i * 3) % 80 - 80; x < kWidth; x += 80)
      cv::line(luma, {x, 0}, {x + 40, kHeight}, cv::Scalar(214), 2);
    cv::circle(luma, {320, 220}, 40 + static_cast<int>(i % 20), cv::Scalar(120), 3);
    // A character ROM's fixed cells, each character white on a one-pixel black edge.
    const std::string text = shown(clock[i]);
    for (size_t c = 0; c < text.size(); ++c) {
      const cv::Point origin{kWidth - 400 + 17 * static_cast<int>(c), 30};
      const std::string glyph(1, text[c]);
      cv::putText(luma, glyph, origin, cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(16), 3, cv::LINE_AA);
      cv::putText(luma, glyph, origin, cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(243), 1, cv::LINE_AA);
    }
    pictures.push_back(std::move(picture));
  }
  test::writeVideo(dir.file(name), pictures, kFps);
  return test::decodeAll(dir.file(name));
}

// Over such a floor the line found on the picture reads little of the session; the line its negative shows
// (the black edge as thin bright strokes: OsdLayout::inverted) reads it, every reading right.
TEST(OsdClockStyles, AClockOverAFloorAsPaleAsItsTextIsReadOnThePicturesNegative) {
  test::TempDir dir;
  OsdLayoutBuilder builder;
  for (const auto& f : paleFloor(dir, "ref.mp4", running(kEpoch - 3600, 60))) builder.add(test::viewOf(f));
  const OsdLayout inverted = builder.finishInverted();
  ASSERT_FALSE(inverted.empty());
  EXPECT_TRUE(inverted.inverted);
  const auto clock = running(kEpoch + 400, 200);
  const auto session = paleFloor(dir, "session.mp4", clock);
  const size_t read = readRight(test::readBestWay(inverted, session).readings, clock);
  EXPECT_GE(read * 10, session.size() * 8);
  const OsdLayout upright = builder.finish();
  const size_t readUpright =
      upright.empty() ? 0 : readRight(test::readBestWay(upright, session).readings, clock);
  EXPECT_LT(readUpright, read);
}

// A camera's pool keeps no negative (ClockWitness reads each reference's alone): dropped, the negative's
// line is gone, through a merge too, and the line on the picture is the same line.
TEST(OsdClockStyles, ANegativeDroppedStaysDroppedAndLeavesThePicturesLine) {
  test::TempDir dir;
  OsdLayoutBuilder builder;
  for (const auto& f : paleFloor(dir, "ref.mp4", running(kEpoch - 3600, 60))) builder.add(test::viewOf(f));
  ASSERT_FALSE(builder.finishInverted().empty());
  const OsdLayout upright = builder.finish();
  OsdLayoutBuilder copy = builder;
  builder.dropNegative();
  EXPECT_TRUE(builder.finishInverted().empty());
  EXPECT_EQ(builder.finish(), upright);
  OsdLayoutBuilder camera;
  camera.merge(std::move(builder));
  camera.merge(copy);  // a later reference that kept its negative adds nothing to it
  EXPECT_TRUE(camera.finishInverted().empty());
  EXPECT_FALSE(copy.finishInverted().empty());
}

// A pool of the light scale only (the colour key's: a third of the memory) finds the line a full pool
// finds where the text's strokes are narrower than the light top-hat, and finds nothing at the scales it
// did not pool.
TEST(OsdClockStyles, ALightOnlyPoolFindsTheLineOfLightStrokes) {
  test::TempDir dir;
  const auto frames = recorder(dir, "ref.mp4", running(kEpoch, 60));
  OsdLayoutBuilder full, light;
  light.poolLightOnly(true);
  light.poolNegative(false);
  for (const auto& f : frames) {
    full.add(viewOf(f));
    light.add(viewOf(f));
  }
  const OsdLayout line = full.finish();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(light.finish(), line);
  EXPECT_TRUE(light.finishInverted().empty());
  OsdLayoutBuilder merged;
  merged.merge(light);
  merged.merge(light);
  EXPECT_EQ(merged.finish(), line);
}

// Set against the capture's timestamps as the audit does (audit/osd_evidence).
std::vector<OsdFrameClock> sessionClock(const test::OsdWay& way, const std::vector<DecodedFrame>& session) {
  std::vector<FrameRecord> frames(session.size());
  for (size_t i = 0; i < frames.size(); ++i) frames[i].pts = session[i].pts, frames[i].hasPts = true;
  return readSessionClock(way.layout, frames, way.names, way.glyphs);
}

// A session's clocks where frames [100, 130) were cut in from a clock `foreignOffset` seconds from the
// session's: each read frame stands where it is, within what its reading claims to know (a whole offset,
// or one modulo a day or half a day), own frames `consistent` and foreign ones in another zone. Returns
// the frames read, own and foreign.
std::pair<size_t, size_t> expectInsertStandsApart(const std::vector<OsdFrameClock>& clocks,
                                                  double foreignOffset) {
  size_t ownRead = 0, foreignRead = 0;
  for (size_t i = 0; i < clocks.size(); ++i) {
    const bool foreign = i >= 100 && i < 130;
    if (clocks[i].standing == OsdStanding::Unread) continue;
    (foreign ? foreignRead : ownRead) += 1;
    const double miss = clocks[i].offsetSeconds - (foreign ? foreignOffset : 0);
    const int modulo = clocks[i].offsetModuloHours;
    EXPECT_NEAR(modulo > 0 ? std::remainder(miss, modulo * 3600.0) : miss, 0, 1)
        << "frame " << i << " " << clocks[i].shown;
    EXPECT_EQ(clocks[i].standing, foreign ? OsdStanding::OtherZone : OsdStanding::Consistent)
        << "frame " << i << " " << clocks[i].shown;
  }
  return {ownRead, foreignRead};
}

// Two 12-hour clocks twelve hours apart show the same digits; only "AM" and "PM" tell them apart. Frames
// 100-129 come from a camera of the same make whose clock is set twelve hours ahead: they stand twelve
// hours from the session's clock, and the session's own frames stay consistent.
TEST(OsdClockStyles, AnAmClockAndAPmClockTwelveHoursApartAreToldApart) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60)));
  ASSERT_FALSE(layout.empty());
  auto clock = running(kEpoch + 400, 300);
  for (size_t i = 100; i < 130; ++i) clock[i] += 12 * 3600;
  const auto session = recorder(dir, "session.mp4", clock);
  const auto [ownRead, foreignRead] =
      expectInsertStandsApart(sessionClock(test::readBestWay(layout, session), session), 12 * 3600);
  EXPECT_GE(ownRead * 10, 270u * 6);
  EXPECT_GE(foreignRead, 15u);
}

// Where its letters tell "AM" from "PM" (an "A" stands on two feet, a "P" on one), a 12-hour clock is read
// as the time of day it shows: a session passing noon reads 11:59:.. then 12:00:.., every frame consistent.
// "am" and "pm" in lower case are shorter than the digits, so no digit group holds them: they are still the
// text after the time. A stranger's picture fifteen hours ahead ("05:06:50 pm" in a session at "02:06:49
// am") stood three hours from the session's clock, said to the whole day, while the clock was taken for a
// 24-hour one. Hershey's "p", its descender below the line, is 0.13 from its "a": too near to tell the half
// day by, so those frames are known within half a day, and every reading holds within what it claims.
TEST(OsdClockStyles, LowerCaseAmAndPmAreTheTextAfterTheTime) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60), false, true));
  ASSERT_FALSE(layout.empty());
  auto clock = running(kEpoch + 400, 300);
  for (size_t i = 100; i < 130; ++i) clock[i] += 15 * 3600;
  const auto session = recorder(dir, "session.mp4", clock, false, true);
  const auto [ownRead, foreignRead] =
      expectInsertStandsApart(sessionClock(test::readBestWay(layout, session), session), 15 * 3600);
  EXPECT_GE(ownRead * 10, 270u * 6);
  EXPECT_GE(foreignRead, 15u);
}

TEST(OsdClockStyles, ATwelveHourClockPassingNoonIsReadAsTheTimeOfDay) {
  test::TempDir dir;
  const OsdLayout layout = learnLayout(recorder(dir, "ref.mp4", running(kEpoch - 3600, 60)));
  ASSERT_FALSE(layout.empty());
  const int64_t start = kEpoch + 10 * 3600 - 20;  // 11:59:40 AM
  const auto clock = running(start, 400);
  const auto session = recorder(dir, "noon.mp4", clock);
  const auto clocks = sessionClock(test::readBestWay(layout, session), session);
  size_t read = 0, afternoon = 0;
  for (size_t i = 0; i < session.size(); ++i) {
    if (clocks[i].standing == OsdStanding::Unread) continue;
    ++read;
    EXPECT_EQ(clocks[i].standing, OsdStanding::Consistent) << "frame " << i << " " << clocks[i].shown;
    EXPECT_FALSE(clocks[i].halfDay);
    std::time_t t = static_cast<std::time_t>(clock[i]);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    // The date is read where its digits are counted (the capture's own count does not see a "6" here).
    std::strftime(text, sizeof text, clocks[i].shown.size() > 8 ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &parts);
    EXPECT_EQ(clocks[i].shown, text) << "frame " << i;
    afternoon += parts.tm_hour == 12;
  }
  EXPECT_GE(read * 10, session.size() * 6);
  EXPECT_GE(afternoon, 100u);
}

}  // namespace
}  // namespace camtrace
