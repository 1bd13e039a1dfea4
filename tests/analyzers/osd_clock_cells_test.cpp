#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <optional>
#include <string>

#include <opencv2/imgproc.hpp>

#include "analyzers/osd_clock.h"
#include "simulate/clock_style.h"
#include "simulate/scene_renderer.h"
#include "tests/analyzers/osd_test_reading.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

// Where a proportional clock's cells are cut: the columns of its own ink, not the scene's strokes seen
// between its words, and down to lines of small text that no grid fits.
namespace camtrace {
namespace {

using test::learnLayout;

constexpr int64_t kEpoch = 1577354672;  // 2019-12-26 10:04:32 UTC
constexpr int kWidth = 640, kHeight = 360, kFps = 10;

// DejaVu Sans with a black outline, "2019-12-26 10:04:32", top left: FFmpeg drawtext's common look.
sim::ClockStyle sansOutline(int digitHeight) {
  return {"test-sans-outline",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
          "%Y-%m-%d %H:%M:%S",
          digitHeight,
          false,
          true,
          sim::ClockStyle::Look::Outline,
          0,
          cv::Scalar(1, 1, 1),
          sim::ClockStyle::Corner::TopLeft};
}

// A camera's frames under its clock, encoded: frame i shows the scene `paint` draws for it (in linear light,
// over `sky`) and the clock at start + i / kFps.
template <typename Paint>
std::vector<DecodedFrame> filmed(const test::TempDir& dir, const std::string& name, int64_t start, int frames,
                                 const sim::ClockPainter& clock, const cv::Scalar& sky, Paint paint) {
  std::vector<YuvImage> pictures;
  pictures.reserve(static_cast<size_t>(frames));
  for (int i = 0; i < frames; ++i) {
    cv::Mat linear(kHeight, kWidth, CV_32FC3, sky);
    paint(linear, i);
    const std::time_t t = static_cast<std::time_t>(start + i / kFps);
    std::tm local{};
    gmtime_r(&t, &local);
    clock.draw(linear, local);
    pictures.push_back(sim::encodeLinear(linear));
  }
  test::writeVideo(dir.file(name), pictures, kFps);
  return test::decodeAll(dir.file(name));
}

// A tower's lit facade at night filmed as the camera pans: thin pale stripes (about 175 of 255) slanting
// across a dark sky and sliding 5 pixels a frame, in a band behind the end of the date, the space and the
// hour's "1".
std::vector<DecodedFrame> towerAtNight(const test::TempDir& dir, const std::string& name, int64_t start,
                                       int frames, const sim::ClockPainter& clock) {
  return filmed(dir, name, start, frames, clock, cv::Scalar(0.03, 0.01, 0.02), [](cv::Mat& linear, int i) {
    cv::Mat facade = linear(cv::Rect(150, 0, 30, kHeight));
    for (int x = -kHeight + (5 * i) % 12; x < facade.cols; x += 12)
      cv::line(facade, {x, kHeight}, {x + kHeight, 0}, cv::Scalar(0.42, 0.45, 0.40), 1, cv::LINE_AA);
  });
}

// simulate's scene and its clock, frame i at start + i / kFps, encoded.
std::vector<DecodedFrame> filmedScene(const test::TempDir& dir, const std::string& name,
                                      const sim::SceneRenderer& scene, int64_t start, int frames) {
  std::vector<YuvImage> pictures;
  pictures.reserve(static_cast<size_t>(frames));
  for (int i = 0; i < frames; ++i)
    pictures.push_back(scene.render(static_cast<double>(i) / kFps, {}, start, static_cast<uint64_t>(i)));
  test::writeVideo(dir.file(name), pictures, kFps);
  return test::decodeAll(dir.file(name));
}

// The frames read, each expected to show the time and date filmed.
size_t readRight(const std::vector<std::optional<OsdReading>>& readings, int64_t start) {
  size_t read = 0;
  for (size_t i = 0; i < readings.size(); ++i) {
    if (!readings[i]) continue;
    ++read;
    const int64_t shown = start + static_cast<int64_t>(i) / kFps;
    EXPECT_EQ(readings[i]->hour * 3600 + readings[i]->minute * 60 + readings[i]->second, shown % 86400)
        << "frame " << i;
    EXPECT_EQ(readings[i]->day, 26) << "frame " << i;
  }
  return read;
}

// The stripes between "26" and "10" make strokes wherever they pass, and cut where the ink is, the hour's
// "1" took them in: its cell ran into the space, the day and the hour were one group of four digits, and
// no frame was read. Their columns' strokes all come and go, well below the text's white: they are the
// scene's, and the space stays.
TEST(OsdClockCells, ThePaleSceneSeenBetweenTheDateAndTheTimeIsNoInk) {
  test::TempDir dir;
  const sim::ClockPainter clock(sansOutline(18));
  const OsdLayout layout = learnLayout(towerAtNight(dir, "ref.mp4", kEpoch - 60, 200, clock));
  ASSERT_FALSE(layout.empty());
  const auto session = towerAtNight(dir, "session.mp4", kEpoch, 200, clock);
  EXPECT_GE(readRight(test::readBestWay(layout, session).readings, kEpoch) * 10, session.size() * 9);
}

// Ten-pixel digits with their outline make an 11-pixel line (FFmpeg's drawtext at a sixteenth of a 240-line
// picture): no grid fits a proportional font's "-" and ":" between its digits, and below 12 pixels the line
// was not cut where the ink is: no frame was read.
TEST(OsdClockCells, AnElevenPixelProportionalLineIsCutWhereTheInkIs) {
  test::TempDir dir;
  sim::SceneRenderer scene(21, kWidth, kHeight, 0);
  scene.setClock(std::make_shared<const sim::ClockPainter>(sansOutline(11)));
  const auto film = [&](const std::string& name, int64_t start, int frames) {
    return filmedScene(dir, name, scene, start, frames);
  };
  const OsdLayout layout = learnLayout(film("ref.mp4", kEpoch - 3600, 200));
  ASSERT_FALSE(layout.empty());
  EXPECT_LT(layout.bottom - layout.top, 14);
  const auto session = film("session.mp4", kEpoch, 200);
  EXPECT_GE(readRight(test::readBestWay(layout, session).readings, kEpoch) * 10, session.size() * 9);
}

// A screen-like picture: a dark desktop, the clock, and what `extra` draws on frame i.
template <typename Extra>
std::vector<DecodedFrame> darkDesk(const test::TempDir& dir, const std::string& name, int64_t start,
                                   int frames, const sim::ClockPainter& clock, Extra extra) {
  return filmed(dir, name, start, frames, clock, cv::Scalar(0.01, 0.01, 0.01), extra);
}

sim::ClockStyle bottomLeft(int digitHeight) {
  sim::ClockStyle style = sansOutline(digitHeight);
  style.corner = sim::ClockStyle::Corner::BottomLeft;
  return style;
}

// A window's thin bright border, its right edge and its bottom edge under the clock (read on a screen
// recording of the third held-out set, bench/README.md thirty-seventh session): one component whose box
// holds the clock, as tall as the picture's bottom eighth allows a word to be. Joined with the clock's
// words into one line 80 rows tall, it was cut into cells of the wrong size and no frame was read. Two
// thin lines fill a twentieth of their box or less; text fills far more.
TEST(OsdClockCells, AThinBorderAroundTheClockIsNoWord) {
  test::TempDir dir;
  const sim::ClockPainter clock(bottomLeft(18));
  const auto border = [](cv::Mat& linear, int) {
    cv::line(linear, {kWidth - 30, kHeight - 40}, {kWidth - 30, kHeight - 2}, cv::Scalar(0.8, 0.8, 0.8), 1);
    cv::line(linear, {4, kHeight - 2}, {kWidth - 30, kHeight - 2}, cv::Scalar(0.8, 0.8, 0.8), 1);
  };
  const OsdLayout layout = learnLayout(darkDesk(dir, "ref.mp4", kEpoch - 60, 200, clock, border));
  ASSERT_FALSE(layout.empty());
  EXPECT_LT(layout.bottom - layout.top, 30);
  const auto session = darkDesk(dir, "session.mp4", kEpoch, 200, clock, border);
  EXPECT_GE(readRight(test::readBestWay(layout, session).readings, kEpoch) * 10, session.size() * 9);
}

// A line of the scene whose characters but a few change from frame to frame (a terminal's prompt and what is
// typed after it, a face in a webcam's picture in a corner), with more cells than the clock: the line with
// the most cells was taken for the clock. The clock's characters hold still but for the seconds: the line
// with the most cells that hold is the clock.
TEST(OsdClockCells, TheClockIsTheLineWhoseCellsHoldStill) {
  test::TempDir dir;
  const sim::ClockPainter clock(bottomLeft(18));
  const auto scrolling = [](cv::Mat& linear, int frame) {
    static const char* kChars = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string text = "user@cam:~$ ";
    for (int k = 0; k < 20; ++k) text += kChars[(frame * 7 + k * 13) % 36];
    cv::putText(linear, text, {20, 60}, cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(0.8, 0.8, 0.8), 2);
  };
  const OsdLayout layout = learnLayout(darkDesk(dir, "ref.mp4", kEpoch - 60, 200, clock, scrolling));
  ASSERT_FALSE(layout.empty());
  EXPECT_GT(layout.top, kHeight / 2);
  const auto session = darkDesk(dir, "session.mp4", kEpoch, 200, clock, scrolling);
  EXPECT_GE(readRight(test::readBestWay(layout, session).readings, kEpoch) * 10, session.size() * 9);
}

// Of lines that overlap, pieces of one text, the one with the most cells is still the clock: a bold 32-pixel
// clock at the top right, placed by its rendered width, moves with its text and changes in every cell, and
// its upper half, a line of its own over this scene, holds more cells than it does (simulate's
// sans-32px-outline: a camera's whole sessions were read on the half line, and on no frame, when the line
// holding most cells was taken whatever it overlapped).
TEST(OsdClockCells, APieceOfAClockThatMovesWithItsTextIsNotTheClock) {
  const sim::ClockStyle* style = sim::findClockStyle("sans-32px-outline");
  ASSERT_NE(style, nullptr);
  test::TempDir dir;
  sim::SceneRenderer scene(59, kWidth, kHeight, 0);
  scene.setClock(std::make_shared<const sim::ClockPainter>(*style));
  const auto film = [&](const std::string& name, int64_t start, int frames) {
    return filmedScene(dir, name, scene, start, frames);
  };
  const OsdLayout layout = learnLayout(film("ref.mp4", kEpoch, 200));
  ASSERT_FALSE(layout.empty());
  EXPECT_GE(layout.bottom - layout.top, 30);
  const auto session = film("session.mp4", kEpoch + 60, 100);
  EXPECT_GE(readRight(test::readBestWay(layout, session).readings, kEpoch + 60) * 10, session.size() * 9);
}

}  // namespace
}  // namespace camtrace
