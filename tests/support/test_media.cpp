#include "test_media.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "formats/capture_reader.h"
#include "formats/video_writer.h"
#include "simulate/scene_renderer.h"

namespace camtrace::test {

std::vector<YuvImage> renderScene(uint64_t seed, int count, int width, int height, bool infrared) {
  sim::SceneRenderer scene(seed, width, height, 1);
  std::mt19937_64 rng(seed * 7 + 1);
  scene.addRandomMovers(0, count / 15.0 + 1, rng);
  sim::Lighting lighting;
  lighting.infrared = infrared;
  std::vector<YuvImage> out;
  out.reserve(static_cast<size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i)
    out.push_back(scene.render(i / 15.0, lighting, 1577329200, seed * 1000 + static_cast<uint64_t>(i)));
  return out;
}

EncoderSettings settingsFor(const std::vector<YuvImage>& pictures, int fps, const std::string& codec) {
  EncoderSettings settings;
  settings.codec = codec;
  settings.width = pictures.front().width;
  settings.height = pictures.front().height;
  settings.fps = fps;
  settings.gop = fps * 2;
  return settings;
}

void writeVideo(const std::string& path, const std::vector<YuvImage>& pictures, int fps,
                const std::string& codec) {
  VideoFileWriter writer(path, settingsFor(pictures, fps, codec));
  for (const auto& picture : pictures) writer.write(picture);
  writer.close();
}

std::vector<DecodedFrame> decodeAll(const std::string& capture) {
  auto reader = openCapture(capture);
  std::vector<DecodedFrame> frames;
  DecodedFrame frame;
  while (reader->next(frame)) frames.push_back(frame);
  return frames;
}

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

YuvImage throughLens(const YuvImage& picture, double scale, int dx, double gain) {
  YuvImage out = picture;
  const int x0 = static_cast<int>(picture.width * (1 - scale) / 2) + dx;
  const int y0 = static_cast<int>(picture.height * (1 - scale) / 2);
  for (int y = 0; y < picture.height; ++y) {
    for (int x = 0; x < picture.width; ++x) {
      const int sx = std::clamp(x0 + static_cast<int>(x * scale), 0, picture.width - 1);
      const int sy = std::clamp(y0 + static_cast<int>(y * scale), 0, picture.height - 1);
      const int to = y * picture.width + x, from = sy * picture.width + sx;
      out.y[static_cast<size_t>(to)] = static_cast<uint8_t>(picture.y[static_cast<size_t>(from)] * gain);
    }
  }
  return out;
}

Luma lumaOf(const YuvImage& image) {
  return {image.width, image.height, image.y};
}

Luma closerPreset(const Luma& wide, double zoom, double left, double top) {
  const cv::Mat picture(wide.height, wide.width, CV_8UC1, const_cast<uint8_t*>(wide.pixels.data()));
  const cv::Rect part(static_cast<int>(left * wide.width), static_cast<int>(top * wide.height),
                      static_cast<int>(wide.width / zoom), static_cast<int>(wide.height / zoom));
  cv::Mat out;
  cv::resize(picture(part), out, picture.size(), 0, 0, cv::INTER_LINEAR);
  Luma luma{wide.width, wide.height, {}};
  luma.pixels.assign(out.data, out.data + out.total());
  return luma;
}

}  // namespace camtrace::test
