#include "log_simulator.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "formats/input_digest.h"
#include "formats/log_time.h"
#include "formats/media_error.h"

namespace fs = std::filesystem;

namespace camtrace::sim {
namespace {

constexpr double kIncidentStart = 1577354400.0;  // 2019-12-26T10:00:00Z
constexpr const char* kNginxFormat =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_user_agent" )"
    R"($upstream_cache_status $request_time $hostname)";
constexpr const char* kApacheFormat =
    R"(%h %l %u %t \"%r\" %>s %b \"%{User-agent}i\" %{X-Cache}o %D %{X-Node}o)";

struct Served {
  double time = 0;
  std::string session, viewer, claimed, owner, node, cacheStatus;
  int64_t serial = 0;
  double rttMs = 0, kbps = 0;
  bool opened = false;
};

class LogWriter {
 public:
  explicit LogWriter(const std::string& outDir) : dir_(fs::path(outDir) / "logs") {
    fs::create_directories(dir_);
    open(jsonl_, "edge-1.jsonl");
    open(nginx_, "edge-2.log");
    open(apache_, "edge-4.log");
    open(csv_, "cdn.csv");
    open(origin_, "origin.tsv");
    csv_ << "time,session,viewer,camera,object,cache_status,node,bitrate_kbps,event\n";
    origin_ << "uploaded\tcamera\tobject\n";
  }

  // Which log a session's lines go to: by session, so each session is in one format.
  void write(const Served& s, int log) {
    const std::string when = formatUtc(s.time);
    if (log == 0) {
      nlohmann::ordered_json line = {{"ts", when},
                                     {"session_id", s.session},
                                     {"user", s.viewer},
                                     {"device", s.claimed},
                                     {"key", "thumbs/" + s.owner + "/" + std::to_string(s.serial) + ".jpg"},
                                     {"owner", s.owner},
                                     {"cache", s.cacheStatus},
                                     {"node", s.node},
                                     {"net", {{"rtt_ms", s.rttMs}, {"kbps", s.kbps}}},
                                     {"action", s.opened ? "opened" : "served"}};
      jsonl_ << line.dump() << '\n';
    } else if (log == 1) {
      // nginx's $time_local is whole seconds; $request_time is seconds with milliseconds.
      char rtt[32];
      std::snprintf(rtt, sizeof rtt, "%.3f", s.rttMs / 1000.0);
      nginx_ << "10.1." << (s.serial % 250) << "." << (s.serial / 250 % 250) << " - " << s.viewer << " ["
             << formatClf(s.time) << "] \"GET /v1/thumbs/" << s.owner << "/" << s.serial
             << ".jpg?session=" << s.session << "&cam=" << s.claimed << " HTTP/1.1\" 200 "
             << 4000 + s.serial % 3000 << " \"SmartDisplay/2.1\" " << s.cacheStatus << " " << rtt << " "
             << s.node << '\n';
    } else if (log == 3) {
      // Apache's %t: [26/Dec/2019:10:00:01 +0000]; %D: microseconds.
      apache_ << "10.4." << (s.serial % 250) << ".9 - " << s.viewer << " [" << formatClf(s.time)
              << "] \"GET /api/v2/" << s.owner << "/snapshots/" << s.serial << ".jpg?sid=" << s.session
              << "&cam=" << s.claimed << " HTTP/1.1\" 200 " << 3000 + s.serial % 2000
              << " \"Hub \\\"Living room\\\"\" " << s.cacheStatus << " "
              << static_cast<int64_t>(s.rttMs * 1000) << " " << s.node << '\n';
    } else {
      const std::string object = "o-" + sha256Hex(s.owner + "/" + std::to_string(s.serial)).substr(0, 12);
      csv_ << when << ',' << s.session << ',' << s.viewer << ',' << s.claimed << ',' << object << ','
           << s.cacheStatus << ',' << s.node << ',' << s.kbps << ',' << (s.opened ? "opened" : "served")
           << '\n';
      origin_ << formatUtc(s.time - 5) << '\t' << s.owner << '\t' << object << '\n';
    }
  }

  // Lines no parser can read: what a truncated or corrupted log holds.
  void damage() {
    jsonl_ << "{\"ts\": \"2019-12-26T10:0\n";
    nginx_ << "10.9.9.9 - - [26/Dec/2019:10:00:00 +0000] \"GET /v1/thumbs/\n";
    csv_ << "2019-12-26T10:00:00Z,broken\n";
    apache_ << "10.4.0.9 - - [26/Dec/2019:10:00:00\n";
  }

  void close() {
    for (auto* out : {&jsonl_, &nginx_, &apache_, &csv_, &origin_}) {
      out->close();
      if (!*out) throw MediaError(dir_.string(), "cannot write the simulated logs");
    }
  }

 private:
  void open(std::ofstream& out, const char* name) {
    out.open(dir_ / name, std::ios::binary | std::ios::trunc);
    if (!out) throw MediaError((dir_ / name).string(), "cannot create");
  }

  fs::path dir_;
  std::ofstream jsonl_, nginx_, apache_, csv_, origin_;
};

// Deliveries by (session, owner): what camtrace must find.
struct DeliveryTruth {
  std::string claimed, viewer;
  int64_t events = 0;
  bool opened = false, displayKnown = false;
  std::map<std::string, int64_t> nodes;
};

// Serves objects into the logs, drawing the network and cache from one random stream, and keeps the truth.
class LogServer {
 public:
  LogServer(const std::string& outDir, uint64_t seed) : rng_(seed * 104729 + 3), writer_(outDir) {}

  void serve(Served s, int log, bool foreign) {
    s.serial = ++serial_;
    // The stale node serves the foreign objects, to viewers on poor networks (as in 2019).
    s.node = foreign ? (unit() < 0.8 ? "edge-stale-2" : "edge-1") : (unit() < 0.5 ? "edge-1" : "edge-3");
    s.cacheStatus = foreign ? "HIT" : (unit() < 0.7 ? "HIT" : "MISS");
    s.rttMs = foreign ? 800 + std::floor(unit() * 700) : 20 + std::floor(unit() * 60);
    s.kbps = foreign ? 150 + std::floor(unit() * 250) : 2000 + std::floor(unit() * 2000);
    s.opened = foreign && (log == 0 || log == 2) && unit() < 0.5;
    writer_.write(s, log);
    if (!foreign) return;
    DeliveryTruth& t = deliveries_[{s.session, s.owner}];
    t.claimed = s.claimed;
    t.viewer = s.viewer;
    ++t.events;
    t.opened = t.opened || s.opened;
    t.displayKnown = log == 0 || log == 2;  // the logs that say "opened"
    ++t.nodes[s.node];
  }

  uint64_t draw() { return rng_(); }
  void finish() {
    writer_.damage();
    writer_.close();
  }
  const std::map<std::pair<std::string, std::string>, DeliveryTruth>& deliveries() const {
    return deliveries_;
  }

 private:
  double unit() { return unit_(rng_); }

  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0, 1};
  LogWriter writer_;
  int64_t serial_ = 0;
  std::map<std::pair<std::string, std::string>, DeliveryTruth> deliveries_;
};

// The captured sessions: one object per run of one camera's frames.
void serveCapturedSessions(LogServer& server, const std::vector<SessionTruth>& sessions,
                           const std::vector<std::string>& viewers, int fps) {
  for (size_t i = 0; i < sessions.size(); ++i) {
    const SessionTruth& session = sessions[i];
    const double start = kIncidentStart + static_cast<double>(i) * 37.0;
    const int log = static_cast<int>(i % 4);
    for (size_t f = 0; f < session.frames.size(); ++f) {
      if (f > 0 && session.frames[f] == session.frames[f - 1]) continue;
      Served s;
      s.time = start + static_cast<double>(f) / fps;
      s.session = session.id;
      s.viewer = viewers[i];
      s.claimed = session.camera;
      s.owner = session.frames[f];
      server.serve(s, log, s.owner != s.claimed);
    }
  }
}

// Sessions only the logs know; every fifth is served another camera's objects, spread over all formats.
void serveLogOnlySessions(LogServer& server, const std::vector<std::string>& cameraIds, int logSessions) {
  for (int k = 0; k < logSessions; ++k) {
    char id[16], viewer[16];
    std::snprintf(id, sizeof id, "l-%03d", k + 1);
    std::snprintf(viewer, sizeof viewer, "viewer-%03d", k * 13 % 997);
    const size_t claimed = static_cast<size_t>(server.draw() % cameraIds.size());
    const int log = k % 4;
    const bool exposed = k % 5 == 1;
    const double start = kIncidentStart + 600 + k * 53.0;
    const int objects = 3 + static_cast<int>(server.draw() % 6);
    for (int o = 0; o < objects; ++o) {
      Served s;
      s.time = start + o * 10.0;
      s.session = id;
      s.viewer = viewer;
      s.claimed = cameraIds[claimed];
      const bool foreign = exposed && o % 2 == 1;
      s.owner =
          foreign
              ? cameraIds[(claimed + 1 + static_cast<size_t>(k) % (cameraIds.size() - 1)) % cameraIds.size()]
              : s.claimed;
      server.serve(s, log, foreign);
    }
  }
}

// The manifest's "logs": each format with the field mapping a responder would write for it.
nlohmann::ordered_json manifestLogs() {
  nlohmann::ordered_json logs = nlohmann::ordered_json::array();
  logs.push_back({{"path", "logs/edge-1.jsonl"},
                  {"format", "jsonl"},
                  {"fields",
                   {{"time", "ts"},
                    {"session", "session_id"},
                    {"viewer", "user"},
                    {"camera", "device"},
                    {"object", "key"},
                    {"object_camera", "owner"},
                    {"cache_status", "cache"},
                    {"node", "node"},
                    {"rtt_ms", "net.rtt_ms"},
                    {"bitrate_kbps", "net.kbps"},
                    {"event", "action"}}},
                  {"displayed_events", {"opened"}}});
  logs.push_back({{"path", "logs/edge-2.log"},
                  {"format", "nginx"},
                  {"log_format", kNginxFormat},
                  {"fields",
                   {{"time", "time_local"},
                    {"session", {{"field", "args"}, {"query", "session"}}},
                    {"viewer", "remote_user"},
                    {"camera", {{"field", "args"}, {"query", "cam"}}},
                    {"object", "uri"},
                    {"cache_status", "upstream_cache_status"},
                    {"node", "hostname"},
                    {"bytes", "body_bytes_sent"},
                    {"rtt_ms", {{"field", "request_time"}, {"scale", 1000}}}}},
                  {"object_camera_pattern", "^/v1/thumbs/([^/]+)/"}});
  logs.push_back({{"path", "logs/edge-4.log"},
                  {"format", "apache"},
                  {"log_format", kApacheFormat},
                  {"fields",
                   {{"time", "%t"},
                    {"session", {{"field", "%q"}, {"query", "sid"}}},
                    {"viewer", "%u"},
                    {"camera", {{"field", "%q"}, {"query", "cam"}}},
                    {"object", "%U"},
                    {"cache_status", "%{X-Cache}o"},
                    {"node", "%{X-Node}o"},
                    {"rtt_ms", {{"field", "%D"}, {"scale", 0.001}}}}},
                  {"object_camera_pattern", "^/api/v2/([^/]+)/snapshots/"}});
  logs.push_back({{"path", "logs/cdn.csv"}, {"format", "csv"}, {"displayed_events", {"opened"}}});
  logs.push_back({{"path", "logs/origin.tsv"},
                  {"format", "tsv"},
                  {"fields", {{"time", "uploaded"}, {"camera", "camera"}, {"object", "object"}}}});
  return logs;
}

}  // namespace

LogSimulation simulateLogs(const std::string& outDir, uint64_t seed,
                           const std::vector<std::string>& cameraIds,
                           const std::vector<SessionTruth>& sessions, const std::vector<std::string>& viewers,
                           int fps, int logSessions) {
  LogServer server(outDir, seed);
  serveCapturedSessions(server, sessions, viewers, fps);
  serveLogOnlySessions(server, cameraIds, logSessions);
  server.finish();

  LogSimulation out;
  out.manifestLogs = manifestLogs();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& [key, t] : server.deliveries()) {
    list.push_back(
        {{"session", key.first},
         {"claimed_camera", t.claimed},
         {"owner", key.second},
         {"viewer", t.viewer},
         {"events", t.events},
         {"displayed", t.displayKnown ? nlohmann::ordered_json(t.opened) : nlohmann::ordered_json(nullptr)},
         {"nodes", t.nodes}});
  }
  out.truth = {
      {"deliveries", list},
      {"malformed_lines",
       {{"logs/edge-1.jsonl", 1}, {"logs/edge-2.log", 1}, {"logs/edge-4.log", 1}, {"logs/cdn.csv", 1}}}};
  return out;
}

}  // namespace camtrace::sim
