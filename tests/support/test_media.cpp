#include "test_media.h"

#include <fstream>
#include <random>
#include <sstream>

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

Luma lumaOf(const YuvImage& image) {
  return {image.width, image.height, image.y};
}

}  // namespace camtrace::test
