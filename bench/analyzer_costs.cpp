// camtrace-analyzer-bench: what each per-frame step costs per megapixel, on one core (Google Benchmark).
// Every registered analyzer, the sensor-noise sample of a frame, a reference frame pooled for the sensor's
// fingerprint and for the clock line, the closer-view witness of a cut, and
// decoding itself (the floor), at 640x360, 1280x720 and 1920x1080. The pictures are one decoded frame of
// a real clip scaled to each size (CAMTRACE_BENCH_CLIP, default ../shared/media/intel_bottle-detection.mp4
// beside the repository), or a generated textured picture where the clip is absent.
//   camtrace-analyzer-bench [--benchmark_filter=REGEX] [--benchmark_min_time=0.5] ...
// Read `us_per_MP` (microseconds per megapixel) and `ms_per_1080p` (the same cost on a 1920x1080 frame).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "analyzers/analyzer.h"
#include "analyzers/heap_settings.h"
#include "analyzers/osd_clock.h"
#include "analyzers/picture_zoom.h"
#include "analyzers/resample.h"
#include "analyzers/sensor_noise.h"
#include "formats/capture_reader.h"

namespace {

using camtrace::GrayView;

struct Size {
  int width, height;
};
constexpr Size kSizes[] = {{640, 360}, {1280, 720}, {1920, 1080}};

std::string clipPath() {
  if (const char* env = std::getenv("CAMTRACE_BENCH_CLIP")) return env;
  return std::string(CAMTRACE_SOURCE_DIR) + "/../shared/media/intel_bottle-detection.mp4";
}

// The clip's 30th frame (past the first keyframe's softness), or a generated picture: gradients, edges
// and noise, so that no analyzer meets a flat frame it can skip.
cv::Mat sourcePicture() {
  const std::string path = clipPath();
  if (std::filesystem::exists(path)) {
    try {
      auto reader = camtrace::openCapture(path);
      camtrace::DecodedFrame frame;
      cv::Mat last;
      for (int i = 0; i < 30 && reader->next(frame); ++i) {
        if (!frame.luma.empty())
          last = cv::Mat(frame.height, frame.width, CV_8UC1, frame.luma.data()).clone();
      }
      if (!last.empty()) return last;
    } catch (const std::exception&) {
    }
  }
  cv::Mat picture(1080, 1920, CV_8UC1);
  std::mt19937 random(7);
  for (int y = 0; y < picture.rows; ++y)
    for (int x = 0; x < picture.cols; ++x)
      picture.at<uint8_t>(y, x) = static_cast<uint8_t>((x / 7 + y / 5 + (x * y) % 61 + random() % 9) & 0xff);
  cv::rectangle(picture, {400, 300}, {900, 700}, cv::Scalar(230), cv::FILLED);
  return picture;
}

const cv::Mat& pictureOf(Size size) {
  static const cv::Mat source = sourcePicture();
  static std::map<int, cv::Mat> scaled;
  auto& picture = scaled[size.width];
  if (picture.empty()) cv::resize(source, picture, cv::Size(size.width, size.height), 0, 0, cv::INTER_AREA);
  return picture;
}

GrayView viewOf(const cv::Mat& picture) {
  return GrayView{picture.data, picture.cols, picture.rows, static_cast<int>(picture.step)};
}

void reportPerMegapixel(benchmark::State& state, Size size) {
  // A rate counter inverted reports elapsed time over its value: scaled so that it reads in the unit named.
  const double megapixels = static_cast<double>(state.iterations()) * size.width * size.height / 1e6;
  const auto kTimePer = benchmark::Counter::kIsRate | benchmark::Counter::kInvert;
  state.counters["us_per_MP"] = benchmark::Counter(megapixels / 1e6, kTimePer);
  state.counters["ms_per_1080p"] = benchmark::Counter(megapixels / (1920 * 1080 / 1e6) / 1e3, kTimePer);
}

void analyzerCost(benchmark::State& state, const camtrace::Analyzer* analyzer, Size size) {
  const GrayView view = viewOf(pictureOf(size));
  for (auto _ : state) {
    // A fresh picture each time: the planes it shares are part of the cost of whichever analyzer runs.
    camtrace::FrameSignals signals;
    analyzer->analyze(camtrace::FramePicture(view), signals);
    benchmark::DoNotOptimize(signals);
  }
  reportPerMegapixel(state, size);
}

// Every analyzer on one picture, as the audit runs them (sharing the small planes): the per-frame figure.
void allAnalyzersCost(benchmark::State& state,
                      const std::vector<std::unique_ptr<camtrace::Analyzer>>* analyzers, Size size) {
  const GrayView view = viewOf(pictureOf(size));
  for (auto _ : state) benchmark::DoNotOptimize(camtrace::analyzeFrame(*analyzers, view));
  reportPerMegapixel(state, size);
}

void noiseSampleCost(benchmark::State& state, Size size) {
  const GrayView view = viewOf(pictureOf(size));
  for (auto _ : state) benchmark::DoNotOptimize(camtrace::noiseSample(view));
  reportPerMegapixel(state, size);
}

void noiseFingerprintPoolCost(benchmark::State& state, Size size) {
  const GrayView view = viewOf(pictureOf(size));
  auto builder = std::make_unique<camtrace::NoiseFingerprintBuilder>();
  for (auto _ : state) builder->add(view);
  reportPerMegapixel(state, size);
}

void clockLinePoolCost(benchmark::State& state, Size size) {
  const GrayView view = viewOf(pictureOf(size));
  // One builder for the whole run (it stops pooling at kMaxFrames; a fresh one per 1,000 frames).
  auto builder = std::make_unique<camtrace::OsdLayoutBuilder>();
  for (auto _ : state) {
    if (builder->frames() >= 1000) {
      state.PauseTiming();
      builder = std::make_unique<camtrace::OsdLayoutBuilder>();
      state.ResumeTiming();
    }
    builder->add(view);
  }
  reportPerMegapixel(state, size);
}

// Decoding alone, per frame, through camtrace's one decode path: the clip scaled once by ffmpeg would be
// a fairer floor per size, but the clip's own size is what the audit decodes.
void decodeCost(benchmark::State& state) {
  const std::string path = clipPath();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("no clip to decode (CAMTRACE_BENCH_CLIP)");
    return;
  }
  auto reader = camtrace::openCapture(path);
  camtrace::DecodedFrame frame;
  Size size{0, 0};
  for (auto _ : state) {
    if (!reader->next(frame)) {
      state.PauseTiming();
      reader = camtrace::openCapture(path);
      state.ResumeTiming();
      continue;
    }
    size = {frame.width, frame.height};
  }
  if (size.width > 0) reportPerMegapixel(state, size);
}

// The closer-view witness of one cut (analyzers/picture_zoom): both ways between the picture and a closer
// preset of it. Per cut, not per megapixel: the thumbnails are 64 x 64 whatever the picture's size, and
// only a cut pays it.
void cutWitnessCost(benchmark::State& state) {
  const cv::Mat& wide = pictureOf(kSizes[1]);
  cv::Mat closer;
  cv::resize(wide(cv::Rect(wide.cols / 2, wide.rows / 4, wide.cols / 2, wide.rows / 2)), closer, wide.size(),
             0, 0, cv::INTER_LINEAR);
  const camtrace::Thumbnail a = camtrace::thumbnailOf(camtrace::FramePicture(viewOf(wide)));
  const camtrace::Thumbnail b = camtrace::thumbnailOf(camtrace::FramePicture(viewOf(closer)));
  for (auto _ : state) benchmark::DoNotOptimize(camtrace::cutZoom(a, b));
}

std::string sizeName(Size size) {
  return std::to_string(size.width) + "x" + std::to_string(size.height);
}

}  // namespace

int main(int argc, char** argv) {
  // The heap as camtrace sets it: without, every fresh multi-megabyte plane is zero-filled by page faults,
  // and the sensor-noise sample timed 53 ms a 1080p picture instead of what an audit pays.
  camtrace::keepLargeBuffersInTheHeap();
  camtrace::shareHeapArenas();
  static const auto analyzers = camtrace::AnalyzerRegistry::instance().createAll();
  for (Size size : kSizes) {
    for (const auto& analyzer : analyzers) {
      benchmark::RegisterBenchmark(
          ("analyzer/" + std::string(analyzer->name()) + "/" + sizeName(size)).c_str(), analyzerCost,
          analyzer.get(), size);
    }
    benchmark::RegisterBenchmark(("analyzers_all/" + sizeName(size)).c_str(), allAnalyzersCost, &analyzers,
                                 size);
    benchmark::RegisterBenchmark(("noise_sample/" + sizeName(size)).c_str(), noiseSampleCost, size);
    benchmark::RegisterBenchmark(("noise_fingerprint_pool/" + sizeName(size)).c_str(),
                                 noiseFingerprintPoolCost, size);
    benchmark::RegisterBenchmark(("clock_line_pool/" + sizeName(size)).c_str(), clockLinePoolCost, size);
  }
  benchmark::RegisterBenchmark("cut_witness", cutWitnessCost);
  benchmark::RegisterBenchmark("decode/clip", decodeCost);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
