// camtrace-splice: labelled cases from real clips, for measuring camtrace on footage it did not render.
//
//   camtrace-splice build --out DIR CLIP...   each clip becomes a camera: its first 40% is the reference,
//                                            the rest a clean session and a session with bursts (1, 2, 4,
//                                            8, 16, 30 frames) of the next clip spliced in, re-encoded.
//   camtrace-splice score TRUTH FRAMES.jsonl  precision, recall, attribution, clean and damaged rates.
//
// Frames are carried as luma (camtrace reads nothing else) and rescaled to the session's size.

#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "audit/simulate/truth_score.h"
#include "formats/container_reader.h"
#include "formats/ffmpeg_handles.h"
#include "formats/video_writer.h"

namespace fs = std::filesystem;
using namespace camtrace;

namespace {

struct Clip {
  std::string id;
  std::string path;
  int width = 0, height = 0;
  double fps = 25;
  std::vector<cv::Mat> frames;  // CV_8UC1
};

Clip loadClip(const std::string& path, int index) {
  Clip clip;
  clip.id = "cam-" + std::string(1, static_cast<char>('A' + index)) + "-" + fs::path(path).stem().string();
  clip.path = path;
  ContainerReader reader(path);
  DecodedFrame frame;
  while (reader.next(frame)) {
    if (frame.unreadable) continue;
    clip.width = frame.width & ~1;
    clip.height = frame.height & ~1;
    cv::Mat m(frame.height, frame.width, CV_8UC1, frame.luma.data());
    clip.frames.push_back(m(cv::Rect(0, 0, clip.width, clip.height)).clone());
  }
  if (reader.info().frameRate > 0) clip.fps = reader.info().frameRate;
  if (clip.frames.size() < 20) throw std::runtime_error(path + ": too few frames to splice");
  return clip;
}

YuvImage toYuv(const cv::Mat& luma, int width, int height) {
  cv::Mat sized;
  if (luma.cols != width || luma.rows != height) {
    cv::resize(luma, sized, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  } else {
    sized = luma;
  }
  YuvImage image(width, height);
  for (int y = 0; y < height; ++y) std::copy(sized.ptr<uint8_t>(y), sized.ptr<uint8_t>(y) + width, image.y.begin() + static_cast<long>(y) * width);
  return image;
}

void writeClip(const std::string& path, const std::vector<YuvImage>& pictures, double fps) {
  EncoderSettings settings;
  settings.width = pictures.front().width;
  settings.height = pictures.front().height;
  settings.fps = std::max(1, static_cast<int>(std::lround(fps)));
  settings.gop = settings.fps * 2;
  VideoFileWriter writer(path, settings);
  for (const auto& p : pictures) writer.write(p);
  writer.close();
}

int build(const std::string& out, const std::vector<std::string>& paths) {
  fs::create_directories(fs::path(out) / "ref");
  fs::create_directories(fs::path(out) / "cap");
  std::vector<Clip> clips;
  for (size_t i = 0; i < paths.size(); ++i) clips.push_back(loadClip(paths[i], static_cast<int>(i)));
  nlohmann::ordered_json manifest, truth;
  manifest["case_id"] = "spliced-real-clips";
  manifest["cameras"] = nlohmann::ordered_json::array();
  manifest["sessions"] = nlohmann::ordered_json::array();
  truth["schema"] = "camtrace.truth/1";
  truth["sessions"] = nlohmann::ordered_json::array();
  for (size_t c = 0; c < clips.size(); ++c) {
    const Clip& clip = clips[c];
    const size_t split = clip.frames.size() * 2 / 5;
    std::vector<YuvImage> reference;
    for (size_t f = 0; f < split; ++f) reference.push_back(toYuv(clip.frames[f], clip.width, clip.height));
    const std::string refPath = "ref/" + clip.id + ".mp4";
    writeClip((fs::path(out) / refPath).string(), reference, clip.fps);
    manifest["cameras"].push_back({{"id", clip.id}, {"references", {refPath}}});

    const Clip& donor = clips[(c + 1) % clips.size()];
    for (int spliced = 0; spliced < 2; ++spliced) {
      std::vector<YuvImage> pictures;
      std::vector<std::string> labels;
      const int lengths[] = {1, 2, 4, 8, 16, 30};
      size_t next = 0, donorFrame = donor.frames.size() * 2 / 5;
      const size_t sessionFrames = clip.frames.size() - split;
      const size_t gap = sessionFrames / (std::size(lengths) + 1);
      for (size_t f = split; f < clip.frames.size(); ++f) {
        pictures.push_back(toYuv(clip.frames[f], clip.width, clip.height));
        labels.push_back(clip.id);
        if (spliced && next < std::size(lengths) && (f - split + 1) % gap == 0) {
          for (int k = 0; k < lengths[next]; ++k) {
            pictures.push_back(toYuv(donor.frames[donorFrame], clip.width, clip.height));
            labels.push_back(donor.id);
            donorFrame = donorFrame + 1 < donor.frames.size() ? donorFrame + 1 : donor.frames.size() * 2 / 5;
          }
          ++next;
        }
      }
      const std::string id = clip.id + (spliced ? "-spliced" : "-clean");
      const std::string capture = "cap/" + id + ".mp4";
      writeClip((fs::path(out) / capture).string(), pictures, clip.fps);
      manifest["sessions"].push_back({{"id", id}, {"camera", clip.id}, {"viewer", "viewer-" + std::to_string(c)}, {"captures", {capture}}});
      truth["sessions"].push_back({{"id", id}, {"camera", clip.id}, {"capture", capture}, {"kind", spliced ? "bursts" : "clean"},
                                   {"frames", labels}, {"damaged", nlohmann::json::array()}});
    }
  }
  std::ofstream(fs::path(out) / "case.json") << manifest.dump(2) << '\n';
  std::ofstream(fs::path(out) / "truth.json") << truth.dump(2) << '\n';
  std::cout << (fs::path(out) / "case.json").string() << '\n';
  return 0;
}

int score(const std::string& truthPath, const std::string& framesPath) {
  std::ifstream truthFile(truthPath), frames(framesPath);
  if (!truthFile || !frames) throw std::runtime_error("cannot open " + truthPath + " or " + framesPath);
  auto result = sim::scoreAgainstTruth(nlohmann::json::parse(truthFile), frames);
  for (const auto& m : result.mistakes) std::cout << "  " << m << '\n';
  std::cout << result.summary() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ffmpeg::setLogVerbosity(0);
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 4 && args[0] == "build" && args[1] == "--out") {
      return build(args[2], std::vector<std::string>(args.begin() + 3, args.end()));
    }
    if (args.size() == 3 && args[0] == "score") return score(args[1], args[2]);
  } catch (const std::exception& e) {
    std::cerr << "camtrace-splice: " << e.what() << '\n';
    return 2;
  }
  std::cerr << "usage: camtrace-splice build --out DIR CLIP CLIP...\n       camtrace-splice score TRUTH.json FRAMES.jsonl\n";
  return 2;
}
