// camtrace-splice: labelled cases from real clips, for measuring camtrace on footage it did not render.
//
//   camtrace-splice build --out DIR CLIP...   each clip becomes a camera: its first 40% is the reference,
//                                            the rest four sessions: clean; bursts (1, 2, 4, 8, 16, 30
//                                            frames) of another clip spliced in, re-encoded; packet-loss
//                                            damage (FFmpeg's noise bitstream filter, MPEG-TS); JPEG
//                                            thumbnails with the foreign stills. The first clip also gets
//                                            a twin camera (cropped, shifted, darkened view of the same
//                                            scene) that trades bursts with it: the similar-scenes case.
//   camtrace-splice score TRUTH FRAMES.jsonl [TRUTH FRAMES.jsonl]...
//                                            precision, recall, attribution, clean and damaged rates,
//                                            single-frame bursts, over all pairs, against the targets.
//
// Frames are carried as luma (camtrace reads nothing else) and rescaled to the session's size.

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "formats/container_reader.h"
#include "formats/ffmpeg_handles.h"
#include "formats/video_writer.h"
#include "simulate/damage_truth.h"
#include "simulate/truth_score.h"

extern "C" {
#include <libavcodec/bsf.h>
#include <libavutil/opt.h>
}

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
  for (int y = 0; y < height; ++y)
    std::copy(sized.ptr<uint8_t>(y), sized.ptr<uint8_t>(y) + width,
              image.y.begin() + static_cast<long>(y) * width);
  return image;
}

void writeClip(const std::string& path, const std::vector<YuvImage>& pictures, double fps,
               VideoFileWriter::PacketHook hook = nullptr, const std::string& undamaged = {}) {
  EncoderSettings settings;
  settings.width = pictures.front().width;
  settings.height = pictures.front().height;
  settings.fps = std::max(1, static_cast<int>(std::lround(fps)));
  settings.gop = settings.fps * 2;
  VideoFileWriter writer(path, settings, std::move(hook), undamaged);
  for (const auto& p : pictures) writer.write(p);
  writer.close();
}

// FFmpeg's `noise` bitstream filter on every twelfth non-key packet: corrupted slices, as packet loss
// leaves them, with the filter's own deterministic byte choice (about 1 byte in 150).
class NoiseDamage {
 public:
  NoiseDamage() {
    const AVBitStreamFilter* filter = av_bsf_get_by_name("noise");
    if (filter == nullptr || av_bsf_alloc(filter, &ctx_) < 0)
      throw std::runtime_error("FFmpeg has no noise bitstream filter");
    ctx_->par_in->codec_type = AVMEDIA_TYPE_VIDEO;
    ctx_->par_in->codec_id = AV_CODEC_ID_H264;
    av_opt_set_int(ctx_->priv_data, "amount", 150, 0);
    if (av_bsf_init(ctx_) < 0) throw std::runtime_error("cannot start the noise bitstream filter");
  }
  ~NoiseDamage() { av_bsf_free(&ctx_); }
  bool operator()(AVPacket& packet, int64_t number) {
    if ((packet.flags & AV_PKT_FLAG_KEY) || number % 12 != 7) return true;
    if (av_bsf_send_packet(ctx_, &packet) < 0 || av_bsf_receive_packet(ctx_, &packet) < 0) {
      throw std::runtime_error("noise bitstream filter failed");
    }
    return true;
  }

 private:
  AVBSFContext* ctx_ = nullptr;
};

// A second camera aimed at nearly the same scene: the clip cropped to 80% at an offset, scaled back, and
// darkened, as a twin camera of the same model mounted a little to the side would see it.
cv::Mat twinView(const cv::Mat& luma) {
  const int w = luma.cols, h = luma.rows;
  cv::Mat crop = luma(cv::Rect(w / 6, h / 10, w * 4 / 5, h * 4 / 5));
  cv::Mat out;
  cv::resize(crop, out, cv::Size(w, h), 0, 0, cv::INTER_LINEAR);
  out.convertTo(out, CV_8U, 0.8, 10);
  return out;
}

struct Session {
  std::string id;
  std::string camera;
  std::string kind;
  std::vector<YuvImage> pictures;
  std::vector<std::string> labels;
};

Session splice(const Clip& clip, const Clip& donor, size_t split, bool bursts, const std::string& kind) {
  Session s;
  s.id = clip.id + "-" + kind;
  s.camera = clip.id;
  s.kind = kind;
  const int lengths[] = {1, 2, 4, 8, 16, 30};
  size_t next = 0, donorFrame = donor.frames.size() * 2 / 5;
  const size_t gap = (clip.frames.size() - split) / (std::size(lengths) + 1);
  for (size_t f = split; f < clip.frames.size(); ++f) {
    s.pictures.push_back(toYuv(clip.frames[f], clip.width, clip.height));
    s.labels.push_back(clip.id);
    if (bursts && next < std::size(lengths) && (f - split + 1) % gap == 0) {
      for (int k = 0; k < lengths[next]; ++k) {
        s.pictures.push_back(toYuv(donor.frames[donorFrame], clip.width, clip.height));
        s.labels.push_back(donor.id);
        donorFrame = donorFrame + 1 < donor.frames.size() ? donorFrame + 1 : donor.frames.size() * 2 / 5;
      }
      ++next;
    }
  }
  return s;
}

int build(const std::string& out, const std::vector<std::string>& paths) {
  fs::create_directories(fs::path(out) / "ref");
  fs::create_directories(fs::path(out) / "cap");
  std::vector<Clip> clips;
  for (size_t i = 0; i < paths.size(); ++i) clips.push_back(loadClip(paths[i], static_cast<int>(i)));
  // The twin of the first clip: a camera of a similar scene, the hardest pair to tell apart.
  Clip twin = clips.front();
  twin.id = "cam-T-twin-of-" + clips.front().id.substr(6);
  for (auto& frame : twin.frames) frame = twinView(frame);
  nlohmann::ordered_json manifest, truth;
  manifest["case_id"] = "spliced-real-clips";
  manifest["cameras"] = nlohmann::ordered_json::array();
  manifest["sessions"] = nlohmann::ordered_json::array();
  truth["schema"] = "camtrace.truth/1";
  truth["sessions"] = nlohmann::ordered_json::array();
  auto addSession = [&](const Session& s, const std::string& capture, const std::vector<int64_t>& damaged) {
    const size_t n = manifest["sessions"].size();
    manifest["sessions"].push_back({{"id", s.id},
                                    {"camera", s.camera},
                                    {"viewer", "viewer-" + std::to_string(n)},
                                    {"captures", {capture}}});
    truth["sessions"].push_back({{"id", s.id},
                                 {"camera", s.camera},
                                 {"capture", capture},
                                 {"kind", s.kind},
                                 {"frames", s.labels},
                                 {"damaged", damaged}});
  };
  std::vector<Clip*> cameras;
  for (auto& clip : clips) cameras.push_back(&clip);
  cameras.push_back(&twin);
  for (size_t c = 0; c < cameras.size(); ++c) {
    const Clip& clip = *cameras[c];
    const size_t split = clip.frames.size() * 2 / 5;
    std::vector<YuvImage> reference;
    for (size_t f = 0; f < split; ++f) reference.push_back(toYuv(clip.frames[f], clip.width, clip.height));
    const std::string refPath = "ref/" + clip.id + ".mp4";
    writeClip((fs::path(out) / refPath).string(), reference, clip.fps);
    manifest["cameras"].push_back({{"id", clip.id}, {"references", {refPath}}});

    // The twin's bursts come from its original and the original's from the twin; others from the next clip.
    const Clip& donor = &clip == &twin ? clips.front() : c == 0 ? twin : *cameras[(c + 1) % clips.size()];
    for (const std::string kind : {"clean", "bursts", "damaged", "stills"}) {
      Session s = splice(clip, donor, split, kind == "bursts" || kind == "stills", kind);
      if (kind == "stills") {
        // Thumbnails: every fourth frame, and every foreign one.
        Session thumbs = s;
        thumbs.pictures.clear();
        thumbs.labels.clear();
        for (size_t i = 0; i < s.pictures.size(); ++i) {
          if (i % 4 != 0 && s.labels[i] == clip.id) continue;
          thumbs.pictures.push_back(s.pictures[i]);
          thumbs.labels.push_back(s.labels[i]);
        }
        const std::string folder = "cap/" + s.id;
        fs::create_directories(fs::path(out) / folder);
        for (size_t i = 0; i < thumbs.pictures.size(); ++i) {
          char name[32];
          std::snprintf(name, sizeof name, "/%05zu.jpg", i);
          writeStill((fs::path(out) / folder).string() + name, thumbs.pictures[i]);
        }
        addSession(thumbs, folder, {});
        continue;
      }
      const std::string capture = "cap/" + s.id + (kind == "damaged" ? ".ts" : ".mp4");
      const std::string path = (fs::path(out) / capture).string();
      if (kind != "damaged") {
        writeClip(path, s.pictures, clip.fps);
        addSession(s, capture, {});
        continue;
      }
      NoiseDamage noise;
      writeClip(path, s.pictures, clip.fps, std::ref(noise), path + ".undamaged.ts");
      sim::DamageTruth measured = sim::measureDamage(path, path + ".undamaged.ts");
      fs::remove(path + ".undamaged.ts");
      s.labels.resize(static_cast<size_t>(measured.frames), clip.id);
      addSession(s, capture, measured.damaged);
    }
  }
  std::ofstream(fs::path(out) / "case.json") << manifest.dump(2) << '\n';
  std::ofstream(fs::path(out) / "truth.json") << truth.dump(2) << '\n';
  std::cout << (fs::path(out) / "case.json").string() << '\n';
  return 0;
}

// Scores one or more (truth, frames) pairs together and checks the origin engine's targets.
int score(const std::vector<std::string>& pairs) {
  sim::TruthScore total;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    std::ifstream truthFile(pairs[i]), frames(pairs[i + 1]);
    if (!truthFile || !frames) throw std::runtime_error("cannot open " + pairs[i] + " or " + pairs[i + 1]);
    total.add(sim::scoreAgainstTruth(nlohmann::json::parse(truthFile), frames));
  }
  for (const auto& m : total.mistakes) std::cout << "  " << m << '\n';
  std::cout << total.summary() << '\n';
  const double cleanRate =
      total.cleanFrames ? 1e5 * double(total.cleanForeign) / double(total.cleanFrames) : 0;
  const double damagedRate = total.damaged ? double(total.damagedForeign) / double(total.damaged) : 0;
  std::printf(
      "targets: precision %.4f (>= 0.999) %s | recall %.4f (>= 0.995) %s | attribution %.4f (>= 0.99) %s | "
      "clean FP %.1f per 100k frames (<= 1, over %lld frames) %s | damaged called foreign %.2f%% (<= 1%%) "
      "%s\n",
      total.precision(), total.precision() >= 0.999 ? "met" : "MISSED", total.recall(),
      total.recall() >= 0.995 ? "met" : "MISSED", total.attribution(),
      total.attribution() >= 0.99 ? "met" : "MISSED", cleanRate, static_cast<long long>(total.cleanFrames),
      cleanRate <= 1 ? "met" : "MISSED", 100 * damagedRate, damagedRate <= 0.01 ? "met" : "MISSED");
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
    if (args.size() >= 3 && args.size() % 2 == 1 && args[0] == "score") {
      return score(std::vector<std::string>(args.begin() + 1, args.end()));
    }
  } catch (const std::exception& e) {
    std::cerr << "camtrace-splice: " << e.what() << '\n';
    return 2;
  }
  std::cerr << "usage: camtrace-splice build --out DIR CLIP CLIP...\n       camtrace-splice score TRUTH.json "
               "FRAMES.jsonl [TRUTH.json FRAMES.jsonl]...\n";
  return 2;
}
