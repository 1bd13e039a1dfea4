#include <iostream>
#include <fstream>
#include <set>
#include <random>
#include "audit/simulate/scene_renderer.h"
#include "formats/video_writer.h"
#include "formats/container_reader.h"
#include <nlohmann/json.hpp>
#include "audit/simulate/incident_simulator.h"
#include "audit/case_manifest.h"
#include "audit/camera_profile.h"
#include "formats/ffmpeg_handles.h"
using namespace camtrace;
int main(int argc, char** argv) {
  ffmpeg::setLogVerbosity(0);
  std::string mode = argv[1];
  if (mode == "sim") {
  camtrace::sim::SimulationOptions o;
  o.outDir = argv[2];
  o.seed = argc > 3 ? std::stoull(argv[3]) : 1;
  if (argc > 4) { o.cameras = 2; o.sessions = 4; o.sessionSeconds = 2; o.referenceSeconds = 1; }
  auto r = camtrace::sim::simulateIncident(o);
  std::cout << r.manifestPath << "\n";
  return 0;
  }
  if (mode == "det") {
    for (int rep=0; rep<2; ++rep) {
      sim::SceneRenderer s(42, 320, 180, 1);
      std::mt19937_64 rng(5); s.addRandomMovers(0, 8, rng);
      uint64_t h=0; for (int f=0; f<30; ++f) { auto im = s.render(f/15.0, sim::Lighting{}, 1577329200, 77+f); for (auto v: im.y) h = h*131+v; for (auto v: im.u) h=h*131+v; }
      std::cout << "render hash " << h << "\n";
      { EncoderSettings es; VideoFileWriter w("/tmp/det" + std::to_string(rep) + ".mp4", es);
        sim::SceneRenderer s2(42, 320, 180, 1);
        for (int f=0; f<60; ++f) { w.write(s2.render(f/15.0, sim::Lighting{}, 1577329200, 77+f)); } w.close(); }
    }
    return 0;
  }
  if (mode == "det2") {
    sim::SceneRenderer s2(42, 320, 180, 1);
    std::vector<YuvImage> pics; for (int f=0; f<60; ++f) pics.push_back(s2.render(f/15.0, sim::Lighting{}, 1577329200, 77+f));
    EncoderSettings es; es.gop = 30;
    for (int rep=0; rep<3; ++rep) { VideoFileWriter w("/tmp/det2_" + std::to_string(rep) + ".ts", es, rep==2 ? VideoFileWriter::PacketHook([](AVPacket& packet, int64_t number){ if (number < 8 || (packet.flags & AV_PKT_FLAG_KEY)) return true; if (av_packet_make_writable(&packet) < 0) return true; for (int i = packet.size * 3 / 10; i < packet.size * 7 / 10; ++i) packet.data[i] = 7; return true;}) : nullptr);
        for (auto& p : pics) { w.write(p); } w.close(); }
    return 0;
  }
  if (mode == "cmp") {
    ContainerReader a(argv[2]), b(argv[3]); DecodedFrame fa, fb; int i=0;
    while (a.next(fa) && b.next(fb)) { long d=0; for (size_t k=0;k<fa.luma.size();++k) d+=std::abs(fa.luma[k]-fb.luma[k]);
      std::cout << i++ << " " << fa.pts << " " << fb.pts << " diff=" << d << " flags " << fa.decodeDamaged() << fb.decodeDamaged() << fb.referenceDamaged << "\n"; }
    return 0;
  }
  auto m = loadManifest(argv[2]);
  auto analyzers = AnalyzerRegistry::instance().createAll();
  std::vector<CameraProfile> profiles;
  for (auto& c : m.cameras) {
    CameraProfile p(c.id);
    for (auto& r : c.references) { auto a = analyzeCapture(m.resolve(r), analyzers); for (auto& f : a.frames) p.add(f); }
    std::cerr << c.id << " entries " << p.entries().size() << "\n";
    profiles.push_back(std::move(p));
  }
  nlohmann::json truth = nlohmann::json::parse(std::ifstream(m.resolve("truth.json")));
  for (size_t s = 0; s < m.sessions.size(); ++s) {
    auto& ses = m.sessions[s];
    auto a = analyzeCapture(m.resolve(ses.captures[0]), analyzers);
    auto& tf = truth["sessions"][s]["frames"];
    std::set<int64_t> dmg; for (auto& d : truth["sessions"][s]["damaged"]) dmg.insert(d.get<int64_t>());
    for (auto& f : a.frames) {
      std::string tc = tf[f.index];
      std::cout << ses.id << " " << f.index << " " << (tc == ses.camera ? "own" : "FOR") << " " << (dmg.count(f.index) ? "DMG" : "ok") << " q=" << f.signals.pdqQuality
                << " dam=" << f.signals.damage << " flags=" << f.decodeDamaged << f.referenceDamaged;
      for (auto& p : profiles) { auto mm = p.match(f.signals); std::cout << " " << p.cameraId() << (p.cameraId()==tc?"*":"") << ":" << mm.pdqDistance << "/" << mm.structureSimilarity; }
      std::cout << "\n";
    }
  }
}
// scratch
