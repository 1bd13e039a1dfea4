#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

#include "analyzers/sensor_noise.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

using test::viewOf;

// A sensor's fixed pattern of pixel gains (PRNU), about 2% as in real sensors.
cv::Mat sensorPattern(uint64_t seed, int width, int height) {
  cv::Mat k(height, width, CV_32F);
  cv::RNG rng(seed);
  rng.fill(k, cv::RNG::NORMAL, 0, 0.02);
  return k;
}

// A picture of smooth random content, seen through `sensor`, with temporal noise; content differs per seed.
YuvImage picture(uint64_t contentSeed, const cv::Mat& sensor, uint64_t noiseSeed) {
  const int width = sensor.cols, height = sensor.rows;
  cv::Mat coarse(height / 16, width / 16, CV_32F);
  cv::RNG rng(contentSeed);
  rng.fill(coarse, cv::RNG::UNIFORM, 60, 200);
  cv::Mat scene;
  cv::resize(coarse, scene, cv::Size(width, height), 0, 0, cv::INTER_CUBIC);
  cv::Mat shot = scene.mul(1 + sensor);
  cv::Mat noise(height, width, CV_32F);
  cv::RNG(noiseSeed).fill(noise, cv::RNG::NORMAL, 0, 1.0);
  shot += noise;
  YuvImage out(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      out.y[static_cast<size_t>(y) * width + x] = cv::saturate_cast<uint8_t>(shot.at<float>(y, x));
  return out;
}

// The pictures as a decoder gives them back from H.264 (quality as a camera's main stream).
std::vector<DecodedFrame> throughH264(const std::vector<YuvImage>& pictures, const test::TempDir& dir,
                                      const std::string& name) {
  EncoderSettings settings = test::settingsFor(pictures);
  settings.crf = 18;
  VideoFileWriter writer(dir.file(name), settings);
  for (const auto& p : pictures) writer.write(p);
  writer.close();
  return test::decodeAll(dir.file(name));
}

TEST(SensorNoise, FingerprintFromReferenceFramesRecognisesItsSensorThroughH264) {
  test::TempDir dir;
  const int width = 320, height = 192;
  const cv::Mat a = sensorPattern(1, width, height), b = sensorPattern(2, width, height);
  std::vector<YuvImage> reference, laterA, laterB;
  for (int i = 0; i < 24; ++i) reference.push_back(picture(100 + i, a, 500 + i));
  for (int i = 0; i < 6; ++i) {
    laterA.push_back(picture(200 + i, a, 600 + i));  // new content, same sensor
    laterB.push_back(picture(200 + i, b, 700 + i));  // the same new content, another sensor
  }
  NoiseFingerprintBuilder builder;
  for (const auto& f : throughH264(reference, dir, "ref.mp4")) builder.add(viewOf(f));
  EXPECT_EQ(builder.frames(), 24);
  const NoiseFingerprint fp = builder.finish();
  ASSERT_FALSE(fp.empty());
  EXPECT_TRUE(NoiseFingerprintBuilder().finish().empty());

  const auto framesA = throughH264(laterA, dir, "a.mp4"), framesB = throughH264(laterB, dir, "b.mp4");
  for (size_t i = 0; i < framesA.size(); ++i) {
    const float own = noiseCorrelation(viewOf(framesA[i]), fp),
                other = noiseCorrelation(viewOf(framesB[i]), fp);
    EXPECT_GT(own, 0.05) << i;
    EXPECT_LT(std::fabs(other), 0.03) << i;
    EXPECT_GT(own, 3 * std::fabs(other)) << i;
  }
  // Another size has no fingerprint to compare with.
  const auto small = test::renderScene(3, 1, 160, 96);
  const test::Luma luma = test::lumaOf(small[0]);
  EXPECT_TRUE(
      std::isnan(noiseCorrelation(GrayView{luma.pixels.data(), luma.width, luma.height, luma.width}, fp)));
}

TEST(SensorNoise, ResidualIsSmallAndBoundedOnEdges) {
  // A hard edge: the residual keeps it within a few levels, so scene edges do not dominate a fingerprint.
  std::vector<uint8_t> pixels(64 * 64, 40);
  for (int y = 0; y < 64; ++y)
    for (int x = 32; x < 64; ++x) pixels[static_cast<size_t>(y) * 64 + x] = 220;
  const auto w = noiseResidual(GrayView{pixels.data(), 64, 64, 64});
  for (float v : w) EXPECT_LE(std::fabs(v), 3.0f);
}

// The pooled fingerprint is K = sum(W * I) / sum(I * I) over the frames' samples, exactly: the builder's
// integer sums against the definition in doubles over noiseSample's planes, then zero-meaned alike.
TEST(SensorNoise, FingerprintIsTheExactEstimateOverTheSamples) {
  const int width = 96, height = 64, stride = 101;
  const cv::Mat sensor = sensorPattern(3, width, height);
  NoiseFingerprintBuilder builder, firstHalf, secondHalf;
  std::vector<double> num(static_cast<size_t>(width) * height), den(num.size());
  for (int i = 0; i < 12; ++i) {
    const YuvImage shot = picture(300 + i, sensor, 800 + i);
    std::vector<uint8_t> padded(static_cast<size_t>(stride) * height, 7);
    for (int y = 0; y < height; ++y)
      std::copy_n(shot.y.data() + static_cast<size_t>(y) * width, width,
                  padded.data() + static_cast<size_t>(y) * stride);
    const GrayView view{padded.data(), width, height, stride};
    builder.add(view);
    (i < 5 ? firstHalf : secondHalf).add(view);
    const NoiseSample sample = noiseSample(view);
    for (size_t k = 0; k < num.size(); ++k) {
      num[k] += double{sample.residual[k]} * sample.luma[k];
      den[k] += double{sample.luma[k]} * sample.luma[k];
    }
  }
  firstHalf.merge(secondHalf);
  const NoiseFingerprint fp = builder.finish(), merged = firstHalf.finish();
  ASSERT_EQ(fp.gain.size(), num.size());
  EXPECT_EQ(merged.gain, fp.gain);
  EXPECT_EQ(fp.frames, 12);
  // Zero-meaning rows then columns, as finish() does, of the estimate by definition.
  std::vector<float> expected(num.size());
  for (size_t k = 0; k < num.size(); ++k)
    expected[k] = den[k] > 0 ? static_cast<float>(num[k] / den[k]) : 0.0f;
  for (int y = 0; y < height; ++y) {
    double sum = 0;
    for (int x = 0; x < width; ++x) sum += expected[static_cast<size_t>(y) * width + x];
    for (int x = 0; x < width; ++x)
      expected[static_cast<size_t>(y) * width + x] -= static_cast<float>(sum / width);
  }
  for (int x = 0; x < width; ++x) {
    double sum = 0;
    for (int y = 0; y < height; ++y) sum += expected[static_cast<size_t>(y) * width + x];
    for (int y = 0; y < height; ++y)
      expected[static_cast<size_t>(y) * width + x] -= static_cast<float>(sum / height);
  }
  EXPECT_EQ(fp.gain, expected);
}

TEST(SensorNoise, PicturesOver4KGiveNoFingerprint) {
  // Eight bytes a pixel: a hostile 16k x 16k reference would need 2 GiB.
  std::vector<uint8_t> pixels(static_cast<size_t>(4000) * 2200, 128);
  NoiseFingerprintBuilder builder;
  for (int i = 0; i < 10; ++i) builder.add({pixels.data(), 4000, 2200, 4000});
  EXPECT_EQ(builder.frames(), 0);
  EXPECT_TRUE(builder.finish().empty());
}

}  // namespace
}  // namespace camtrace
