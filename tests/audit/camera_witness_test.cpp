#include "audit/camera_witness.h"

#include <gtest/gtest.h>

#include <random>

#include "audit/noise_evidence.h"

namespace camtrace {
namespace {

std::vector<std::string> witnessNames(size_t cameras) {
  std::vector<std::string> names;
  for (const auto& w : WitnessRegistry::instance().createAll(std::vector<CameraSpec>(cameras)))
    names.emplace_back(w->name());
  return names;
}

// A sensor seen through its fixed gain pattern (about 2%, as real sensors): smooth content that changes with
// `shot`, times the camera's gains, plus temporal noise.
std::vector<uint8_t> shotOf(int camera, int shot, int width, int height) {
  std::mt19937 gains(static_cast<unsigned>(1000 + camera)), noise(static_cast<unsigned>(shot * 7 + camera));
  std::normal_distribution<float> gain(0, 0.02F), grain(0, 1.0F);
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float content = 120 + 50 * std::sin((x + 13 * shot) / 17.0F) * std::cos((y - 5 * shot) / 23.0F);
      const float v = content * (1 + gain(gains)) + grain(noise);
      pixels[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(std::clamp(v, 0.0F, 255.0F));
    }
  return pixels;
}

TEST(CameraWitness, EveryRegisteredWitnessRunsInNameOrder) {
  EXPECT_EQ(witnessNames(2), (std::vector<std::string>{"burned_in_clock", "sensor_noise"}));
}

// The noise witness through the contract alone: two reference files of camera 0 (merged), one of camera 1,
// then a new shot of camera 0 is read against both fingerprints.
TEST(CameraWitness, SensorNoiseLearnsEachCameraAndReadsFramesAgainstEveryFingerprint) {
  const int width = 192, height = 128;
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(2));
  const size_t noise = 1;
  ASSERT_EQ(witnesses[noise]->name(), "sensor_noise");
  std::vector<WitnessLearners> files;
  for (int file = 0; file < 3; ++file) files.push_back(learnersOf(witnesses));
  const int cameraOf[] = {0, 0, 1};
  for (int file = 0; file < 3; ++file)
    for (int shot = 0; shot < 8; ++shot) {
      const auto pixels = shotOf(cameraOf[file], file * 100 + shot, width, height);
      for (auto& learner : files[static_cast<size_t>(file)])
        learner->add({pixels.data(), width, height, width});
    }
  for (int file = 0; file < 3; ++file)
    for (size_t w = 0; w < witnesses.size(); ++w)
      witnesses[w]->learn(static_cast<size_t>(cameraOf[file]), *files[static_cast<size_t>(file)][w]);
  for (auto& w : witnesses) w->finishLearning();

  std::vector<FrameRecord> frames(1);
  const auto pixels = shotOf(0, 999, width, height);
  auto readers = readersOf(witnesses, 0);
  for (auto& reader : readers) reader->read({pixels.data(), width, height, width}, frames[0]);
  for (auto& reader : readers) reader->finish(frames);
  ASSERT_EQ(frames[0].noise.size(), 2u);
  EXPECT_GT(noiseOf(frames[0], 0), 0.05);
  EXPECT_GT(noiseOf(frames[0], 0), 3 * std::fabs(noiseOf(frames[0], 1)));
  // No clock line in these pictures: the clock witness leaves the frame unread and keeps no glyph names.
  EXPECT_EQ(frames[0].clock.standing, OsdStanding::Unread);
  EXPECT_TRUE(frames[0].osdNames.empty());
}

TEST(CameraWitness, SensorNoiseStaysSilentInCasesTooLargeForFingerprints) {
  const int width = 64, height = 48;
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(kMaxNoiseCameras + 1));
  auto learners = learnersOf(witnesses);
  for (int shot = 0; shot < 10; ++shot) {
    const auto pixels = shotOf(0, shot, width, height);
    for (auto& learner : learners) learner->add({pixels.data(), width, height, width});
  }
  for (size_t w = 0; w < witnesses.size(); ++w) witnesses[w]->learn(0, *learners[w]);
  for (auto& w : witnesses) w->finishLearning();
  std::vector<FrameRecord> frames(1);
  const auto pixels = shotOf(0, 50, width, height);
  for (auto& reader : readersOf(witnesses, 0)) reader->read({pixels.data(), width, height, width}, frames[0]);
  EXPECT_TRUE(frames[0].noise.empty());
}

}  // namespace
}  // namespace camtrace
