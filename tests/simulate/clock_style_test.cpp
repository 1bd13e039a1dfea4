#include <gtest/gtest.h>

#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "simulate/clock_style.h"
#include "simulate/incident_simulator.h"
#include "tests/support/temp_dir.h"

// simulate's clock styles: each draws its own format, in its own font, where it says; the catalog and
// its errors as `simulate --clock-styles` users meet them.
namespace camtrace::sim {
namespace {

std::tm boxingDay() {
  std::tm t{};
  t.tm_year = 2019 - 1900;
  t.tm_mon = 11;
  t.tm_mday = 26;
  t.tm_wday = 4;
  t.tm_hour = 15;
  t.tm_min = 4;
  t.tm_sec = 9;
  return t;
}

TEST(ClockStyle, EachStyleWritesItsOwnFormat) {
  const std::tm t = boxingDay();
  EXPECT_EQ(ClockPainter(*findClockStyle("rom")).text(t), "2019-12-26 15:04:09");
  EXPECT_EQ(ClockPainter(*findClockStyle("mono-dmy-weekday")).text(t), "26-12-2019 Thu 15:04:09");
  EXPECT_EQ(ClockPainter(*findClockStyle("mono-mdy-12h-shadow")).text(t), "12/26/2019 03:04:09 PM");
  EXPECT_EQ(ClockPainter(*findClockStyle("serif-month-name")).text(t), "26 Dec 2019 15:04:09");
  EXPECT_EQ(ClockPainter(*findClockStyle("plain-time-only")).text(t), "15:04:09");
}

// Every style's font is there and draws ink in its own corner, nowhere else; a box darkens behind it.
TEST(ClockStyle, EveryStyleDrawsInItsCornerOnly) {
  for (const ClockStyle& style : clockStyles()) {
    SCOPED_TRACE(style.name);
    ClockPainter painter(style);
    cv::Mat picture(360, 640, CV_32FC3, cv::Scalar::all(0.5));
    painter.draw(picture, boxingDay());
    cv::Mat difference = cv::abs(picture - cv::Scalar::all(0.5));
    cv::Mat gray;
    cv::cvtColor(difference, gray, cv::COLOR_BGR2GRAY);
    const cv::Rect ink = cv::boundingRect(gray > 0.01);
    ASSERT_GT(ink.area(), 0);
    const bool right =
        style.corner == ClockStyle::Corner::TopRight || style.corner == ClockStyle::Corner::BottomRight;
    const bool bottom =
        style.corner == ClockStyle::Corner::BottomLeft || style.corner == ClockStyle::Corner::BottomRight;
    EXPECT_EQ(ink.x + ink.width / 2 > picture.cols / 2, right);
    EXPECT_EQ(ink.y + ink.height / 2 > picture.rows / 2, bottom);
    EXPECT_LT(ink.height, picture.rows / 4);
    // The TrueType size is scaled from a digit's height at 100 pixels, and hinting at the smaller size may
    // round the drawn digit a pixel short (Liberation Sans Italic at 24 draws 23).
    if (style.digitHeight > 0) {
      EXPECT_GE(ink.height, style.digitHeight - 1);
    }
  }
}

TEST(ClockStyle, AnUnknownStyleIsRefusedWithTheKnownNames) {
  test::TempDir dir;
  SimulationOptions options;
  options.outDir = dir.file("case");
  options.clockStyles = {"rom", "comic-sans"};
  try {
    simulateIncident(options);
    FAIL() << "an unknown style was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown clock style \"comic-sans\""), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("mono-dmy-weekday"), std::string::npos);
  }
}

TEST(ClockStyle, AMissingFontIsNamed) {
  ClockStyle style = *findClockStyle("sans-ymd-box");
  style.font = "/nonexistent/NoSuchFont.ttf";
  try {
    ClockPainter painter(style);
    FAIL() << "a missing font was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/NoSuchFont.ttf"), std::string::npos);
  }
}

}  // namespace
}  // namespace camtrace::sim
