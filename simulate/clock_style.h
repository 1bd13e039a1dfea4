#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace cv::freetype {
class FreeType2;
}

namespace camtrace::sim {

// How a recorder burns its clock into the picture. Real recorders differ in all of these: the font
// (a character ROM, or a TrueType font drawn proportionally), the size, the date order and separators,
// weekday and month names, 12 or 24 hours, and how the text stands out (outline, shadow, a translucent box,
// or nothing over a bright sky).
struct ClockStyle {
  enum class Look { Outline, Shadow, Box, Plain };
  enum class Corner { TopLeft, TopRight, BottomLeft, BottomRight };

  std::string name;
  std::string font;         // "hershey-simplex", "hershey-plain", "hershey-duplex", or a TrueType file
  std::string format;       // strftime in the C locale: "%d-%m-%Y %a %H:%M:%S", "%m/%d/%Y %I:%M:%S %p"
  int digitHeight = 0;      // pixels from a digit's foot to its top; 0: the picture height / 18
  bool fixedCells = true;   // a character ROM: each character centred in one digit-wide cell
  bool antialiased = true;  // false: a 1-bit font, as cheap OSD chips draw
  Look look = Look::Outline;
  double boxOpacity = 0.5;
  cv::Scalar color{1, 1, 1};  // linear BGR, 0..1
  Corner corner = Corner::TopLeft;
};

// Every style `simulate --clock-styles` knows; the first, "rom", is the one simulate has always drawn.
const std::vector<ClockStyle>& clockStyles();

// The named style, or nullptr.
const ClockStyle* findClockStyle(const std::string& name);

// Draws one style's clock. Loads a TrueType font once; throws std::runtime_error naming the font file when
// it cannot (the Debian packages fonts-dejavu-core, fonts-dejavu-extra, fonts-liberation2 and
// fonts-freefont-ttf hold them).
class ClockPainter {
 public:
  explicit ClockPainter(ClockStyle style);
  ~ClockPainter();
  ClockPainter(const ClockPainter&) = delete;
  ClockPainter& operator=(const ClockPainter&) = delete;

  const ClockStyle& style() const { return style_; }

  // The clock's text at this local time.
  std::string text(const std::tm& local) const;

  // Draws the clock at this local time onto a linear-light BGR picture (CV_32FC3, 0..1).
  void draw(cv::Mat& linear, const std::tm& local) const;

 private:
  void drawLegacyRom(cv::Mat& linear, const std::string& text) const;
  cv::Mat textMask(const std::string& text, cv::Size picture, cv::Rect& box) const;

  ClockStyle style_;
  cv::Ptr<cv::freetype::FreeType2> trueType_;
  int hersheyFace_ = -1;
  double hersheyScale_ = 1;
  int trueTypeHeight_ = 0;  // the FreeType font height that gives style_.digitHeight
};

}  // namespace camtrace::sim
