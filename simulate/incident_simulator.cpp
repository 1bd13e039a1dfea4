#include "incident_simulator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>

#include "formats/media_error.h"
#include "formats/video_writer.h"
#include "simulate/damage_truth.h"
#include "simulate/log_simulator.h"
#include "simulate/scene_renderer.h"

namespace fs = std::filesystem;

namespace camtrace::sim {
namespace {

// 2019-12-26 03:00:00 UTC, the night of the first incident.
constexpr int64_t kIncidentEpoch = 1577329200;
constexpr int kTimeZones[] = {1, -5, 9, -8, 0, 5, -3, 3, 10, -7, 2, -6};

uint64_t mix(uint64_t seed, uint64_t salt) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + salt * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// How one camera's light behaves over a clip: daylight drifting slowly, a lamp switched on or off, and
// possibly the switch to IR night mode part-way.
struct LightPlan {
  bool startsInfrared = false;
  double irSwitchAt = -1;  // seconds; -1 none
  double lampToggleAt = -1;
  bool lampInitially = false;
  double daylightBase = 0.9;
  double daylightWobble = 0.1;

  Lighting at(double t) const {
    Lighting l;
    l.infrared = startsInfrared != (irSwitchAt >= 0 && t >= irSwitchAt);
    l.lampOn = lampInitially != (lampToggleAt >= 0 && t >= lampToggleAt);
    l.daylight = daylightBase + daylightWobble * std::sin(t / 7.0);
    return l;
  }
};

LightPlan randomLightPlan(std::mt19937_64& rng, double seconds, bool allowSwitch) {
  LightPlan plan;
  std::uniform_real_distribution<double> u(0, 1);
  plan.startsInfrared = u(rng) < 0.35;
  plan.daylightBase = 0.6 + 0.5 * u(rng);
  plan.lampInitially = u(rng) < 0.5;
  if (allowSwitch && u(rng) < 0.5) plan.irSwitchAt = seconds * (0.3 + 0.4 * u(rng));
  if (allowSwitch && u(rng) < 0.5) plan.lampToggleAt = seconds * (0.2 + 0.6 * u(rng));
  return plan;
}

struct Camera {
  std::string id;
  std::unique_ptr<SceneRenderer> scene;
  std::vector<std::string> references;
};

struct Burst {
  int start = 0;
  int length = 0;
  int camera = 0;
};

std::vector<Burst> planBursts(std::mt19937_64& rng, int frames, int cameras, int self, int count,
                              int maxLength) {
  std::vector<Burst> bursts;
  // The first burst is a single frame: the hardest case, a cache serving one wrong still.
  std::vector<int> lengths{1};
  std::uniform_int_distribution<int> length(1, maxLength);
  while (static_cast<int>(lengths.size()) < count) lengths.push_back(length(rng));
  std::uniform_int_distribution<int> other(0, cameras - 2);
  int cursor = 10;
  const int slack = frames - 10;
  for (int len : lengths) {
    int room = slack - cursor - len;
    if (room < 12) break;
    std::uniform_int_distribution<int> gap(6, std::max(6, std::min(room, frames / count)));
    int start = cursor + gap(rng);
    if (start + len > frames - 5) break;
    int camera = other(rng);
    if (camera >= self) ++camera;
    bursts.push_back({start, len, camera});
    cursor = start + len;
  }
  return bursts;
}

void writeJson(const std::string& path, const nlohmann::ordered_json& json) {
  std::ofstream out(path, std::ios::binary);
  out << json.dump(2) << '\n';
  if (!out) throw MediaError(path, "cannot write file");
}

class Simulator {
 public:
  explicit Simulator(const SimulationOptions& options) : o_(options), rng_(mix(options.seed, 0)) {
    settings_.width = o_.width;
    settings_.height = o_.height;
    settings_.fps = o_.fps;
    settings_.gop = o_.fps * 2;
  }

  SimulationResult run() {
    fs::create_directories(fs::path(o_.outDir) / "ref");
    fs::create_directories(fs::path(o_.outDir) / "cap");
    for (int c = 0; c < o_.cameras; ++c) makeCamera(c);
    for (int s = 0; s < o_.sessions; ++s) makeSession(s);
    return finish();
  }

 private:
  void makeCamera(int index) {
    Camera camera;
    camera.id = std::string("cam-") + static_cast<char>('A' + index % 26) +
                (index >= 26 ? std::to_string(index / 26) : "");
    camera.scene = std::make_unique<SceneRenderer>(mix(o_.seed, 100 + static_cast<uint64_t>(index)), o_.width,
                                                   o_.height, kTimeZones[index % std::size(kTimeZones)]);
    if (!o_.clockStyles.empty()) camera.scene->setClock(clockPainter(static_cast<size_t>(index)));
    const char* variants[] = {"day.mp4", "night.mkv"};
    const int frames = static_cast<int>(o_.referenceSeconds * o_.fps);
    for (int v = 0; v < 2; ++v) {
      std::string relative = "ref/" + camera.id + "_" + variants[v];
      SceneRenderer scene = *camera.scene;
      std::mt19937_64 rng(mix(o_.seed, 1000 + static_cast<uint64_t>(index * 2 + v)));
      scene.addRandomMovers(0, o_.referenceSeconds, rng);
      LightPlan plan = randomLightPlan(rng, o_.referenceSeconds, false);
      plan.startsInfrared = v == 1;
      // References are filmed on another day: the clock shows a week before the incident.
      VideoFileWriter writer(path(relative), settings_);
      for (int f = 0; f < frames; ++f) {
        double t = static_cast<double>(f) / o_.fps;
        writer.write(
            scene.render(t, plan.at(t), kIncidentEpoch - int64_t{7} * 86400 + int64_t{index} * 600, rng()));
      }
      writer.close();
      camera.references.push_back(relative);
    }
    cameras_.push_back(std::move(camera));
  }

  // Cameras of one style share its painter: a TrueType font is loaded once.
  std::shared_ptr<const ClockPainter> clockPainter(size_t camera) {
    const std::string& name = o_.clockStyles[camera % o_.clockStyles.size()];
    auto& painter = painters_[name];
    if (!painter) painter = std::make_shared<const ClockPainter>(*findClockStyle(name));
    return painter;
  }

  // One picture of camera `c` at session time t, as that camera really looked at that instant.
  YuvImage renderAt(const SceneRenderer& scene, const LightPlan& plan, int64_t epoch, double t) {
    return scene.render(t, plan.at(t), epoch, rng_());
  }

  // Containers when --kinds chooses the sessions: packet loss needs MPEG-TS; the others alternate.
  static const char* extensionFor(const std::string& kind, int index) {
    static const char* kVideo[] = {".mp4", ".ts", ".mkv"};
    return kind == "damaged" ? ".ts" : kVideo[index % 3];
  }

  void makeSession(int index) {
    static const char* kKinds[] = {"bursts", "bursts", "clean", "damaged",
                                   "stills", "bursts", "clean", "damaged"};
    static const char* kExtensions[] = {".mp4", ".ts", ".mp4", ".ts", "", ".mkv", ".ts", ".ts"};
    const std::string kind =
        o_.kinds.empty() ? kKinds[index % 8] : o_.kinds[static_cast<size_t>(index) % o_.kinds.size()];
    std::mt19937_64 rng(mix(o_.seed, 5000 + static_cast<uint64_t>(index)));
    SessionTruth truth;
    char id[16];
    std::snprintf(id, sizeof id, "s-%03d", index + 1);
    truth.id = id;
    truth.kind = kind;
    const int self = static_cast<int>(rng() % static_cast<uint64_t>(o_.cameras));
    truth.camera = cameras_[static_cast<size_t>(self)].id;
    const int64_t epoch = kIncidentEpoch + static_cast<int64_t>(rng() % 7200);

    // Every camera's scene at session time: the foreign frames show what that camera saw then.
    std::vector<SceneRenderer> scenes;
    std::vector<LightPlan> plans;
    for (int c = 0; c < o_.cameras; ++c) {
      scenes.push_back(*cameras_[static_cast<size_t>(c)].scene);
      scenes.back().addRandomMovers(0, o_.sessionSeconds, rng);
      plans.push_back(randomLightPlan(rng, o_.sessionSeconds, c == self && kind != "stills"));
    }
    const bool stills = kind == "stills";
    const double rate = stills ? 2.0 : o_.fps;  // a cache serving thumbnails: about two a second
    const int frames = static_cast<int>(o_.sessionSeconds * rate * (stills ? 1.5 : 1.0));
    truth.clockStart = epoch;
    truth.frameRate = rate;
    std::vector<int> source(static_cast<size_t>(frames), self);
    if (kind == "bursts" || stills) {
      for (const Burst& b : planBursts(rng, frames, o_.cameras, self, 3, stills ? frames / 8 : 30)) {
        for (int f = b.start; f < b.start + b.length; ++f) source[static_cast<size_t>(f)] = b.camera;
      }
    }
    std::vector<YuvImage> pictures;
    for (int f = 0; f < frames; ++f) {
      const int c = source[static_cast<size_t>(f)];
      const double t = f / rate;
      pictures.push_back(renderAt(scenes[static_cast<size_t>(c)], plans[static_cast<size_t>(c)], epoch, t));
      truth.frames.push_back(cameras_[static_cast<size_t>(c)].id);
    }

    if (stills) {
      truth.capture = "cap/" + truth.id;
      fs::create_directories(path(truth.capture));
      for (int f = 0; f < frames; ++f) {
        char name[32];
        std::snprintf(name, sizeof name, "/thumb_%04d.jpg", f);
        writeStill(path(truth.capture) + name, pictures[static_cast<size_t>(f)]);
      }
    } else {
      truth.capture =
          "cap/" + truth.id + (o_.kinds.empty() ? kExtensions[index % 8] : extensionFor(kind, index));
      if (kind == "damaged") {
        writeDamaged(truth, pictures, rng);
      } else {
        VideoFileWriter writer(path(truth.capture), settings_);
        for (const auto& picture : pictures) writer.write(picture);
        writer.close();
      }
    }
    truths_.push_back(std::move(truth));
  }

  // Packet loss as a lossy network leaves it: a few P-frame packets lose the middle of their payload.
  // The truth is measured, not assumed: the damaged file is decoded and compared with the same packets
  // left undamaged, and every frame that differs is marked damaged.
  void writeDamaged(SessionTruth& truth, const std::vector<YuvImage>& pictures, std::mt19937_64& rng) {
    const std::string damagedPath = path(truth.capture);
    const std::string cleanPath = damagedPath + ".undamaged.ts";
    std::uniform_real_distribution<double> u(0, 1);
    const uint64_t noiseSeed = rng();
    int damagedPackets = 0;
    auto hook = [&](AVPacket& packet, int64_t number) {
      const bool pick = (packet.flags & AV_PKT_FLAG_KEY) == 0 && packet.size > 48 && number > 5 &&
                        (u(rng) < 0.04 || (damagedPackets == 0 && number > 40));
      if (!pick) return true;
      std::mt19937_64 noise(noiseSeed + static_cast<uint64_t>(number));
      for (int i = packet.size * 3 / 10; i < packet.size * 7 / 10; ++i)
        packet.data[i] = static_cast<uint8_t>(noise());
      ++damagedPackets;
      return true;
    };
    {
      VideoFileWriter writer(damagedPath, settings_, hook, cleanPath);
      for (const auto& picture : pictures) writer.write(picture);
      writer.close();
    }
    DamageTruth measured = measureDamage(damagedPath, cleanPath);
    fs::remove(cleanPath);
    truth.frames.resize(measured.source.size(), truth.camera);
    truth.damaged = std::move(measured.damaged);
  }

  SimulationResult finish() {
    nlohmann::ordered_json manifest;
    manifest["case_id"] = "sim-" + std::to_string(o_.seed);
    auto cameras = nlohmann::ordered_json::array();
    for (const auto& c : cameras_) cameras.push_back({{"id", c.id}, {"references", c.references}});
    manifest["cameras"] = cameras;
    auto sessions = nlohmann::ordered_json::array();
    for (size_t i = 0; i < truths_.size(); ++i) {
      char viewer[16];
      std::snprintf(viewer, sizeof viewer, "user-%02zu", 10 + i * 7 % 90);
      sessions.push_back({{"id", truths_[i].id},
                          {"camera", truths_[i].camera},
                          {"viewer", viewer},
                          {"captures", {truths_[i].capture}}});
    }
    manifest["sessions"] = sessions;
    std::vector<std::string> cameraIds, viewers;
    for (const auto& c : cameras_) cameraIds.push_back(c.id);
    for (const auto& s : sessions) viewers.push_back(s["viewer"].get<std::string>());
    const LogSimulation logs =
        simulateLogs(o_.outDir, o_.seed, cameraIds, truths_, viewers, o_.fps, o_.logSessions);
    manifest["logs"] = logs.manifestLogs;
    SimulationResult result;
    result.manifestPath = path("case.json");
    writeJson(result.manifestPath, manifest);

    nlohmann::ordered_json truth;
    truth["schema"] = "camtrace.truth/1";
    truth["seed"] = o_.seed;
    auto cameraTruth = nlohmann::ordered_json::array();
    for (const auto& c : cameras_) {
      const ClockStyle& clock = c.scene->clockStyle();
      cameraTruth.push_back({{"id", c.id},
                             {"utc_offset_hours", c.scene->utcOffsetHours()},
                             {"clock", {{"style", clock.name}, {"format", clock.format}}}});
    }
    truth["cameras"] = cameraTruth;  // the zone each camera's burned-in clock shows
    auto list = nlohmann::ordered_json::array();
    for (const auto& t : truths_) {
      list.push_back({{"id", t.id},
                      {"camera", t.camera},
                      {"capture", t.capture},
                      {"kind", t.kind},
                      {"frames", t.frames},
                      {"damaged", t.damaged},
                      {"clock_start", t.clockStart},
                      {"frame_rate", t.frameRate}});
    }
    truth["sessions"] = list;
    truth["logs"] = logs.truth;
    result.truthPath = path("truth.json");
    writeJson(result.truthPath, truth);
    result.sessions = truths_;
    return result;
  }

  std::string path(const std::string& relative) const { return (fs::path(o_.outDir) / relative).string(); }

  SimulationOptions o_;
  std::mt19937_64 rng_;
  EncoderSettings settings_;
  std::vector<Camera> cameras_;
  std::vector<SessionTruth> truths_;
  std::map<std::string, std::shared_ptr<const ClockPainter>> painters_;
};

}  // namespace

SimulationResult simulateIncident(const SimulationOptions& options) {
  if (options.width % 2 || options.height % 2 || options.width < 64 || options.height < 48) {
    throw std::invalid_argument("width and height must be even and at least 64x48");
  }
  if (options.cameras < 2) throw std::invalid_argument("an incident needs at least 2 cameras");
  if (options.fps < 1 || options.fps > 60) throw std::invalid_argument("fps must be 1..60");
  for (const auto& kind : options.kinds)
    if (kind != "bursts" && kind != "clean" && kind != "damaged" && kind != "stills")
      throw std::invalid_argument("unknown session kind \"" + kind + "\" (bursts, clean, damaged, stills)");
  SimulationOptions resolved = options;
  if (resolved.clockStyles == std::vector<std::string>{"all"}) {
    resolved.clockStyles.clear();
    for (const auto& s : clockStyles()) resolved.clockStyles.push_back(s.name);
  }
  const auto unknown =
      std::find_if(resolved.clockStyles.begin(), resolved.clockStyles.end(),
                   [](const std::string& style) { return findClockStyle(style) == nullptr; });
  if (unknown != resolved.clockStyles.end()) {
    std::string known;
    for (const auto& s : clockStyles()) {
      if (!known.empty()) known += ", ";
      known += s.name;
    }
    throw std::invalid_argument("unknown clock style \"" + *unknown + "\" (" + known + ")");
  }
  // OpenCV splits its loops across threads with SIMD bodies and scalar tails, so float results can differ
  // in the last bit with the split, and one level of luma later the encoder writes other bytes. One thread
  // makes a seed render the same case every time (seen: two runs of seed 1 differed in 9 files).
  cv::setNumThreads(0);
  return Simulator(resolved).run();
}

}  // namespace camtrace::sim
