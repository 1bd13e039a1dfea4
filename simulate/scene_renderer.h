#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include <opencv2/core.hpp>

#include "formats/yuv_image.h"
#include "simulate/clock_style.h"

namespace camtrace::sim {

// How a camera sees its scene at one instant.
struct Lighting {
  double daylight = 1.0;  // 0..1.2, sunlight through the window and the room's ambient light
  bool lampOn = false;    // an indoor lamp: a local, abrupt change of light
  bool infrared = false;  // night mode: grayscale, IR illuminator, more noise
};

// A linear-light BGR picture (CV_32FC3, 0..1) as a sensor encodes it: gamma 2.2, then 4:2:0 YUV.
YuvImage encodeLinear(const cv::Mat& linear);

// A moving object in front of the camera (a person walking, a pet, someone close to the lens).
struct Mover {
  double enter = 0;     // seconds
  double duration = 5;  // seconds in view
  double y = 0.6;       // vertical position, share of height
  double size = 0.25;   // share of height
  bool leftToRight = true;
  cv::Scalar color;
};

// A procedural home camera: a room of its own (layout, colours, textures, IR reflectivity), its own sensor
// (fixed-pattern noise, temporal noise) and a burned-in clock in its own time zone. Everything follows
// from the seed: the same seed gives the same scenes, bursts and ground truth (and, through VideoFileWriter,
// the same bytes).
class SceneRenderer {
 public:
  SceneRenderer(uint64_t seed, int width, int height, int utcOffsetHours);

  // Renders the picture at `seconds` since the scene started, with the clock showing
  // `clockEpoch + seconds` in the camera's time zone. `frameSeed` drives the temporal noise.
  YuvImage render(double seconds, const Lighting& lighting, int64_t clockEpoch, uint64_t frameSeed) const;

  void addMover(const Mover& mover) { movers_.push_back(mover); }
  void addRandomMovers(double fromSeconds, double toSeconds, std::mt19937_64& rng);
  int utcOffsetHours() const { return utcOffset_; }
  void hideClock() { clockVisible_ = false; }  // a camera without an on-screen clock
  // The recorder's clock style; the default is simulate's original "rom" style.
  void setClock(std::shared_ptr<const ClockPainter> clock) { clock_ = std::move(clock); }
  const ClockStyle& clockStyle() const;

 private:
  void buildRoom(std::mt19937_64& rng);
  void drawMovers(cv::Mat& bgr, double seconds) const;
  void drawClock(cv::Mat& bgr, int64_t unixSeconds) const;

  int width_;
  int height_;
  int utcOffset_;
  bool clockVisible_ = true;
  std::shared_ptr<const ClockPainter> clock_;  // null: the "rom" style
  cv::Mat albedo_;                             // CV_32FC3, 0..1: the room's colours
  cv::Mat irAlbedo_;                           // CV_32FC1, 0..1: how the room reflects the IR illuminator
  cv::Mat windowMask_;                         // CV_32FC1: where daylight enters
  cv::Mat lampMask_;                           // CV_32FC1: the lamp's pool of light
  cv::Mat irFalloff_;                          // CV_32FC1: the IR illuminator's hot spot
  cv::Mat sensorGain_;                         // CV_32FC1: photo-response non-uniformity, ~1 +- 2%
  std::vector<Mover> movers_;
};

}  // namespace camtrace::sim
