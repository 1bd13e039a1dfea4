#include "blast_radius.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "formats/log_time.h"
#include "report/findings_writer.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

struct Tally {
  int64_t events = 0;
  std::set<std::string> sessions;
};

ojson ranked(const std::map<std::string, Tally>& tallies, const char* keyName) {
  std::vector<std::pair<std::string, const Tally*>> items;
  items.reserve(tallies.size());
  for (const auto& [key, tally] : tallies) items.emplace_back(key, &tally);
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.second->events > b.second->events; });
  ojson out = ojson::array();
  for (const auto& [key, tally] : items)
    out.push_back({{keyName, key},
                   {"events", tally->events},
                   {"sessions", static_cast<int64_t>(tally->sessions.size())}});
  return out;
}

ojson optionalNumber(const std::optional<double>& v) {
  return v ? ojson(round4(*v)) : ojson(nullptr);
}

std::optional<double> lowerMedian(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

// Per-minute counts ("2019-12-26T10:01Z") to buckets wide enough that the timeline has at most 96 of them.
ojson timeline(const std::map<std::string, Tally>& minutes) {
  if (minutes.empty()) return {{"bucket_seconds", nullptr}, {"buckets", ojson::array()}};
  std::map<double, Tally> byTime;
  for (const auto& [minute, tally] : minutes) {
    auto t = parseLogTime(minute.substr(0, 16) + ":00Z");
    if (!t) continue;
    byTime[*t] = tally;
  }
  const double span = byTime.rbegin()->first - byTime.begin()->first;
  int64_t width = 60;
  for (int64_t candidate : {60, 300, 900, 3600, 21600, 86400, 604800}) {
    width = candidate;
    if (span / static_cast<double>(candidate) < 96) break;
  }
  std::map<double, Tally> buckets;
  for (const auto& [t, tally] : byTime) {
    Tally& b = buckets[std::floor(t / static_cast<double>(width)) * static_cast<double>(width)];
    b.events += tally.events;
    b.sessions.insert(tally.sessions.begin(), tally.sessions.end());
  }
  ojson list = ojson::array();
  for (const auto& [start, tally] : buckets)
    list.push_back({{"start", formatUtc(start)},
                    {"events", tally.events},
                    {"sessions", static_cast<int64_t>(tally.sessions.size())}});
  return {{"bucket_seconds", width}, {"buckets", list}};
}

struct CameraTally {
  std::set<std::string> sessions, viewers;
  int64_t frames = 0, events = 0;
};

// Everything the findings say about who was exposed to whom, through what, and when.
struct Exposure {
  std::map<std::string, std::string> viewerOf;  // session -> viewer, from the manifest
  std::set<std::string> affected, framesSessions, logSessions, exposed, served, displayed;
  bool displayKnown = false;
  std::map<std::string, CameraTally> cameras;
  std::map<std::string, Tally> nodes, patterns, minutes;
  std::optional<std::string> first, last;
  std::vector<double> rtts, bitrates;

  void add(const Finding& f) {
    if (f.type == FindingType::SceneChange) return;  // a moved camera exposes no one
    affected.insert(f.session);
    CameraTally* camera = f.attributedCamera.empty() ? nullptr : &cameras[f.attributedCamera];
    if (camera) {
      exposed.insert(f.attributedCamera);
      camera->sessions.insert(f.session);
    }
    if (f.fromLogs()) {
      addDelivery(f, camera);
    } else {
      addFrames(f, camera);
    }
  }

  // Foreign frames a capture shows: what the viewer's screen was sent to show.
  void addFrames(const Finding& f, CameraTally* camera) {
    framesSessions.insert(f.session);
    displayKnown = true;
    if (auto v = viewerOf.find(f.session); v != viewerOf.end()) {
      served.insert(v->second);
      displayed.insert(v->second);
      if (camera) camera->viewers.insert(v->second);
    }
    if (camera) camera->frames += f.frames;
  }

  // A cross-camera delivery the logs show: its viewers, nodes, key patterns, minutes and network.
  void addDelivery(const Finding& f, CameraTally* camera) {
    logSessions.insert(f.session);
    const DeliveryEvidence& e = f.deliveryEvidence();
    if (camera) camera->events += e.events;
    for (const auto& v : e.viewers) {
      served.insert(v);
      if (camera) camera->viewers.insert(v);
    }
    if (e.viewersDisplayed) {
      displayKnown = true;
      displayed.insert(e.viewersDisplayed->begin(), e.viewersDisplayed->end());
    }
    if (e.firstTime && (!first || *e.firstTime < *first)) first = e.firstTime;
    if (e.lastTime && (!last || *e.lastTime > *last)) last = e.lastTime;
    auto count = [&f](std::map<std::string, Tally>& into, const CountList& counts) {
      for (const auto& [key, n] : counts) {
        into[key].events += n;
        into[key].sessions.insert(f.session);
      }
    };
    count(nodes, e.cacheNodes);
    count(patterns, e.keyPatterns);
    count(minutes, e.minutes);
    if (e.rttMsMedian) rtts.push_back(*e.rttMsMedian);
    if (e.bitrateKbpsMedian) bitrates.push_back(*e.bitrateKbpsMedian);
  }

  std::set<std::string> viewersAffected() const {
    std::set<std::string> viewers;
    for (const auto& s : affected)
      if (auto v = viewerOf.find(s); v != viewerOf.end()) viewers.insert(v->second);
    viewers.insert(served.begin(), served.end());
    return viewers;
  }
};

ojson blastRadius(const Exposure& x, const AuditResult& result) {
  ojson blast;
  blast["sessions_with_foreign_frames"] = static_cast<int64_t>(x.framesSessions.size());
  blast["sessions_with_cross_camera_delivery"] = static_cast<int64_t>(x.logSessions.size());
  blast["viewers_served"] = static_cast<int64_t>(x.served.size());
  blast["viewers_displayed"] =
      x.displayKnown ? ojson(static_cast<int64_t>(x.displayed.size())) : ojson(nullptr);
  blast["first_time"] = x.first ? ojson(*x.first) : ojson(nullptr);
  blast["last_time"] = x.last ? ojson(*x.last) : ojson(nullptr);
  ojson cameraList = ojson::array();
  for (const auto& [id, tally] : x.cameras)
    cameraList.push_back({{"camera", id},
                          {"sessions", static_cast<int64_t>(tally.sessions.size())},
                          {"viewers", static_cast<int64_t>(tally.viewers.size())},
                          {"frames_foreign", tally.frames},
                          {"log_events", tally.events}});
  blast["cameras"] = std::move(cameraList);
  blast["cache_nodes"] = ranked(x.nodes, "node");
  blast["key_patterns"] = ranked(x.patterns, "pattern");
  blast["timeline"] = timeline(x.minutes);
  blast["network"] = {{"delivery_rtt_ms_median", optionalNumber(lowerMedian(x.rtts))},
                      {"case_rtt_ms_median", optionalNumber(result.network.rttMs.median())},
                      {"delivery_bitrate_kbps_median", optionalNumber(lowerMedian(x.bitrates))},
                      {"case_bitrate_kbps_median", optionalNumber(result.network.bitrateKbps.median())}};
  return blast;
}

}  // namespace

ojson summarize(const AuditResult& result) {
  int64_t framesAudited = 0, foreign = 0, corrupt = 0, indeterminate = 0;
  std::set<std::string> audited;
  Exposure exposure;
  for (const auto& capture : result.captures) {
    if (!capture.viewer.empty()) exposure.viewerOf[capture.session] = capture.viewer;
    if (!capture.audited) continue;
    audited.insert(capture.session);
    const VerdictCounts counted = capture.verdictCounts();
    framesAudited += counted.audited;
    foreign += counted.foreign;
    corrupt += counted.corrupt;
    indeterminate += counted.indeterminate;
  }
  for (const auto& f : result.findings) exposure.add(f);
  const std::set<std::string> viewers = exposure.viewersAffected();

  ojson summary;
  summary["sessions_audited"] = static_cast<int64_t>(audited.size());
  summary["sessions_affected"] = static_cast<int64_t>(exposure.affected.size());
  summary["frames_audited"] = framesAudited;
  summary["frames_foreign"] = foreign;
  summary["frames_corrupt"] = corrupt;
  summary["frames_indeterminate"] = indeterminate;
  summary["cameras_exposed"] = std::vector<std::string>(exposure.exposed.begin(), exposure.exposed.end());
  summary["viewers_affected"] = std::vector<std::string>(viewers.begin(), viewers.end());
  summary["blast_radius"] = blastRadius(exposure, result);
  return summary;
}

}  // namespace camtrace
