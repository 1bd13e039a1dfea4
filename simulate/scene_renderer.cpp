#include "scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <opencv2/imgproc.hpp>

namespace camtrace::sim {
namespace {

double uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

cv::Scalar randomColor(std::mt19937_64& rng, double lo = 0.1, double hi = 0.9) {
  return cv::Scalar(uniform(rng, lo, hi), uniform(rng, lo, hi), uniform(rng, lo, hi));
}

// Smooth value noise: random values on a coarse grid, upsampled bicubically.
cv::Mat valueNoise(std::mt19937_64& rng, int width, int height, int cells, double amplitude) {
  cv::Mat coarse(cells, cells, CV_32FC1);
  for (int y = 0; y < cells; ++y)
    for (int x = 0; x < cells; ++x)
      coarse.at<float>(y, x) = static_cast<float>(uniform(rng, -amplitude, amplitude));
  cv::Mat fine;
  cv::resize(coarse, fine, cv::Size(width, height), 0, 0, cv::INTER_CUBIC);
  return fine;
}

}  // namespace

SceneRenderer::SceneRenderer(uint64_t seed, int width, int height, int utcOffsetHours)
    : width_(width), height_(height), utcOffset_(utcOffsetHours) {
  std::mt19937_64 rng(seed);
  buildRoom(rng);
  cv::Mat prnu(height_, width_, CV_32FC1);
  std::normal_distribution<float> gain(1.0f, 0.02f);
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) prnu.at<float>(y, x) = gain(rng);
  sensorGain_ = prnu;
}

namespace {

// Boxes with shading and details between the horizon and the floor; some get an IR reflectivity unlike
// their colour (returned, to be painted on the IR albedo).
std::vector<std::pair<cv::Rect, double>> drawFurniture(cv::Mat& albedo, int horizon, std::mt19937_64& rng) {
  const int w = albedo.cols, h = albedo.rows;
  const int pieces = 4 + static_cast<int>(rng() % 5);
  std::vector<std::pair<cv::Rect, double>> irOverrides;
  for (int i = 0; i < pieces; ++i) {
    int pw = static_cast<int>(w * uniform(rng, 0.08, 0.3));
    int ph = static_cast<int>(h * uniform(rng, 0.1, 0.45));
    int px = static_cast<int>(uniform(rng, 0, w - pw));
    int py = std::clamp(horizon - ph + static_cast<int>(h * uniform(rng, -0.1, 0.25)), 0, h - ph);
    cv::Rect box(px, py, pw, ph);
    cv::Scalar color = randomColor(rng);
    albedo(box).setTo(color);
    cv::rectangle(albedo, box, color * 0.5, 1, cv::LINE_AA);
    int detail = static_cast<int>(rng() % 4);
    if (detail == 0) {
      for (int s = box.y + ph / 4; s < box.y + ph; s += std::max(3, ph / 4))
        cv::line(albedo, cv::Point(box.x, s), cv::Point(box.x + pw, s), color * 0.6, 1, cv::LINE_AA);
    } else if (detail == 1) {
      cv::circle(albedo, cv::Point(box.x + pw / 2, box.y + ph / 2), std::max(2, std::min(pw, ph) / 3),
                 randomColor(rng), -1, cv::LINE_AA);
    } else if (detail == 2) {
      cv::rectangle(albedo, cv::Rect(box.x + pw / 6, box.y + ph / 6, pw * 2 / 3, ph * 2 / 3),
                    randomColor(rng), -1);
    }
    if (rng() % 3 == 0) irOverrides.emplace_back(box, uniform(rng, 0.2, 0.95));
  }
  return irOverrides;
}

}  // namespace

void SceneRenderer::buildRoom(std::mt19937_64& rng) {
  const int w = width_, h = height_;
  albedo_ = cv::Mat(h, w, CV_32FC3);
  irAlbedo_ = cv::Mat(h, w, CV_32FC1);
  const int horizon = static_cast<int>(h * uniform(rng, 0.45, 0.75));
  cv::Scalar wall = randomColor(rng, 0.3, 0.85);
  cv::Scalar floor = randomColor(rng, 0.15, 0.6);
  albedo_(cv::Rect(0, 0, w, horizon)).setTo(wall);
  albedo_(cv::Rect(0, horizon, w, h - horizon)).setTo(floor);
  // Floor boards or tiles: a pattern every camera draws differently.
  const int boards = 4 + static_cast<int>(rng() % 8);
  for (int i = 1; i < boards; ++i) {
    int x = w * i / boards + static_cast<int>(uniform(rng, -5, 5));
    cv::line(albedo_, cv::Point(w / 2 + (x - w / 2) / 3, horizon), cv::Point(x, h), floor * 0.7, 1,
             cv::LINE_AA);
  }
  // The window, with its frame: the daylight source.
  cv::Rect window(
      static_cast<int>(w * uniform(rng, 0.05, 0.6)), static_cast<int>(h * uniform(rng, 0.05, 0.2)),
      static_cast<int>(w * uniform(rng, 0.15, 0.3)), static_cast<int>(horizon * uniform(rng, 0.35, 0.6)));
  window &= cv::Rect(0, 0, w, h);
  albedo_(window).setTo(cv::Scalar(0.95, 0.92, 0.85));
  cv::rectangle(albedo_, window, wall * 0.4, 2);
  cv::line(albedo_, cv::Point(window.x + window.width / 2, window.y),
           cv::Point(window.x + window.width / 2, window.y + window.height), wall * 0.4, 2);
  windowMask_ = cv::Mat::zeros(h, w, CV_32FC1);
  cv::ellipse(windowMask_, cv::Point(window.x + window.width / 2, window.y + window.height),
              cv::Size(window.width * 2, h / 2), 0, 0, 360, cv::Scalar(1.0), -1);
  cv::GaussianBlur(windowMask_, windowMask_, cv::Size(0, 0), w / 10.0);
  windowMask_ = 0.55 + 0.45 * windowMask_;
  // Furniture: boxes with shading and details, some with an IR reflectivity unlike their colour.
  const auto irOverrides = drawFurniture(albedo_, horizon, rng);
  // A picture frame or clock on the wall.
  cv::circle(albedo_,
             cv::Point(static_cast<int>(w * uniform(rng, 0.1, 0.9)),
                       static_cast<int>(horizon * uniform(rng, 0.2, 0.6))),
             static_cast<int>(h * uniform(rng, 0.04, 0.1)), randomColor(rng), 2, cv::LINE_AA);
  // Wall and floor texture.
  cv::Mat texture = valueNoise(rng, w, h, 12, 0.06);
  cv::Mat texture3;
  cv::merge(std::vector<cv::Mat>{texture, texture, texture}, texture3);
  albedo_ += texture3;
  cv::Mat channels[3];
  cv::split(albedo_, channels);
  // IR reflectivity follows red and near-IR more than blue; fabrics and paints differ.
  irAlbedo_ = 0.55 * channels[2] + 0.3 * channels[1] + 0.15 * channels[0];
  for (const auto& [box, value] : irOverrides) irAlbedo_(box).setTo(cv::Scalar(value));
  irAlbedo_ += valueNoise(rng, w, h, 8, 0.05);
  // Lamp and IR illuminator.
  lampMask_ = cv::Mat::zeros(h, w, CV_32FC1);
  cv::circle(
      lampMask_,
      cv::Point(static_cast<int>(w * uniform(rng, 0.1, 0.9)), static_cast<int>(h * uniform(rng, 0.3, 0.7))),
      static_cast<int>(w * 0.3), cv::Scalar(1.0), -1);
  cv::GaussianBlur(lampMask_, lampMask_, cv::Size(0, 0), w / 8.0);
  irFalloff_ = cv::Mat(h, w, CV_32FC1);
  const double cx = w * uniform(rng, 0.4, 0.6), cy = h * uniform(rng, 0.45, 0.65);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (w * w * 0.35);
      irFalloff_.at<float>(y, x) = static_cast<float>(1.3 / (1.0 + 2.5 * r2));
    }
}

void SceneRenderer::addRandomMovers(double fromSeconds, double toSeconds, std::mt19937_64& rng) {
  double t = fromSeconds + uniform(rng, 0, 4);
  while (t < toSeconds) {
    Mover mover;
    mover.enter = t;
    mover.duration = uniform(rng, 3, 9);
    mover.y = uniform(rng, 0.45, 0.8);
    // One visitor in eight comes close to the lens and fills a large part of the picture.
    mover.size = rng() % 8 == 0 ? uniform(rng, 0.7, 1.1) : uniform(rng, 0.2, 0.45);
    mover.leftToRight = rng() % 2 == 0;
    mover.color = randomColor(rng, 0.05, 0.7);
    movers_.push_back(mover);
    t += mover.duration + uniform(rng, 2, 12);
  }
}

void SceneRenderer::drawMovers(cv::Mat& bgr, double seconds) const {
  for (const auto& m : movers_) {
    if (seconds < m.enter || seconds > m.enter + m.duration) continue;
    double progress = (seconds - m.enter) / m.duration;
    if (!m.leftToRight) progress = 1 - progress;
    const int size = static_cast<int>(m.size * height_);
    const int x = static_cast<int>(-size * 0.5 + progress * (width_ + size));
    const int y = static_cast<int>(m.y * height_);
    cv::ellipse(bgr, cv::Point(x, y), cv::Size(std::max(2, size / 5), std::max(3, size / 2)), 0, 0, 360,
                m.color, -1, cv::LINE_AA);
    cv::circle(bgr, cv::Point(x, y - size / 2 - size / 8), std::max(2, size / 7), m.color * 1.3, -1,
               cv::LINE_AA);
  }
}

namespace {

const ClockPainter& romClock() {
  static const ClockPainter rom(*findClockStyle("rom"));
  return rom;
}

}  // namespace

const ClockStyle& SceneRenderer::clockStyle() const {
  return clock_ ? clock_->style() : romClock().style();
}

void SceneRenderer::drawClock(cv::Mat& bgr, int64_t unixSeconds) const {
  std::time_t local = static_cast<std::time_t>(unixSeconds + int64_t{utcOffset_} * 3600);
  std::tm parts{};
  gmtime_r(&local, &parts);
  (clock_ ? *clock_ : romClock()).draw(bgr, parts);
}

YuvImage encodeLinear(const cv::Mat& linear) {
  cv::Mat bgr8;
  cv::Mat gamma;
  cv::pow(cv::max(linear, 0.0), 1 / 2.2, gamma);  // sensor output is gamma-encoded
  gamma.convertTo(bgr8, CV_8UC3, 255.0);
  cv::Mat i420;
  cv::cvtColor(bgr8, i420, cv::COLOR_BGR2YUV_I420);
  YuvImage image(linear.cols, linear.rows);
  const size_t lumaSize = image.y.size(), chromaSize = image.u.size();
  std::copy(i420.data, i420.data + lumaSize, image.y.begin());
  std::copy(i420.data + lumaSize, i420.data + lumaSize + chromaSize, image.u.begin());
  std::copy(i420.data + lumaSize + chromaSize, i420.data + lumaSize + 2 * chromaSize, image.v.begin());
  return image;
}

YuvImage SceneRenderer::render(double seconds, const Lighting& lighting, int64_t clockEpoch,
                               uint64_t frameSeed) const {
  cv::Mat linear;  // CV_32FC3, 0..1
  if (lighting.infrared) {
    cv::Mat ir = irAlbedo_.mul(irFalloff_) * 0.85;
    cv::merge(std::vector<cv::Mat>{ir, ir, ir}, linear);
  } else {
    cv::Mat light = windowMask_ * lighting.daylight + 0.08;
    if (lighting.lampOn) light += lampMask_ * 0.6;
    cv::Mat light3;
    cv::merge(std::vector<cv::Mat>{light, light, light}, light3);
    linear = albedo_.mul(light3);
  }
  drawMovers(linear, seconds);
  cv::Mat gain3;
  cv::merge(std::vector<cv::Mat>{sensorGain_, sensorGain_, sensorGain_}, gain3);
  linear = linear.mul(gain3);
  cv::Mat noise(height_, width_, CV_32FC3);
  cv::RNG rng(frameSeed | 1);
  rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(lighting.infrared ? 0.025 : 0.01));
  linear += noise;
  if (lighting.infrared) {
    // The night image is monochrome: one noise field for all channels.
    cv::Mat channels[3];
    cv::split(linear, channels);
    cv::merge(std::vector<cv::Mat>{channels[0], channels[0], channels[0]}, linear);
  }
  if (clockVisible_) drawClock(linear, clockEpoch + static_cast<int64_t>(seconds));
  YuvImage image = encodeLinear(linear);
  if (lighting.infrared) {
    std::fill(image.u.begin(), image.u.end(), 128);
    std::fill(image.v.begin(), image.v.end(), 128);
  }
  return image;
}

}  // namespace camtrace::sim
