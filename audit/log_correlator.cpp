#include "log_correlator.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "formats/input_digest.h"
#include "formats/log_time.h"

namespace camtrace {

void ValueHistogram::add(double value) {
  // No RTT or bitrate is negative or above 1e12; tiny values are 0 (their scale would overflow to inf).
  if (!std::isfinite(value) || value < 0 || value > 1e12) return;
  // Three significant digits. The decade is found in a table rather than by log10 and pow: this runs twice
  // for every log line (bench/log_throughput.sh).
  static constexpr double kPowers[] = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0,  1e1,  1e2, 1e3,
                                       1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11, 1e12};
  static constexpr double kScales[] = {1e8,  1e7,  1e6,  1e5,  1e4,  1e3,  1e2,  1e1,  1e0,  1e-1,
                                       1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
  double key = 0;
  if (value >= 1e-6) {
    const auto* above = std::upper_bound(std::begin(kPowers), std::end(kPowers), value);
    const double scale = kScales[above - std::begin(kPowers) - 1];
    key = std::round(value * scale) / scale;
  }
  ++counts[key];
}

void ValueHistogram::merge(const ValueHistogram& other) {
  for (const auto& [value, count] : other.counts) counts[value] += count;
}

int64_t ValueHistogram::total() const {
  int64_t n = 0;
  for (const auto& item : counts) n += item.second;
  return n;
}

// The lower median, so that it is always a value that was seen.
std::optional<double> ValueHistogram::median() const {
  const int64_t n = total();
  if (n == 0) return std::nullopt;
  int64_t seen = 0;
  for (const auto& [value, count] : counts) {
    seen += count;
    if (seen * 2 >= n) return value;
  }
  return counts.rbegin()->first;
}

struct LogCorrelator::Delivery {
  std::string session, claimed, owner;
  int64_t events = 0;
  std::optional<double> first, last;
  std::set<std::string> viewers, viewersDisplayed, objects;
  bool eventKnown = false;
  std::map<std::string, int64_t> nodes, statuses, patterns, minutes;
  ValueHistogram rtt, bitrate;
  std::set<std::string> ownerFrom;
  struct Sample {
    int log = 0;
    int64_t line = 0;
    std::optional<double> time;
    std::string object, node, cacheStatus, event;
  };
  std::vector<Sample> samples;  // the first lines, in log order: what a report cites
};

namespace {

constexpr size_t kSampleLines = 20;
constexpr size_t kObjectExamples = 20;

int digits(const std::string& s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

// An identifier rather than a name: all digits ("000123"), or two digits or more ("seg-17", "o-9f3a2c");
// "v1" or "latest" stay, so patterns keep the path's shape.
bool variableSegment(const std::string& stem) {
  const int n = digits(stem);
  return n >= 2 || (n > 0 && n == static_cast<int>(stem.size()));
}

CountList counts(const std::map<std::string, int64_t>& map) {
  return {map.begin(), map.end()};
}

std::optional<double> rounded(const std::optional<double>& v) {
  return v ? std::optional(round4(*v)) : std::nullopt;
}

}  // namespace

std::string keyPattern(const std::string& object, const std::vector<std::string>& cameraIds) {
  std::string path = object.substr(0, object.find('?'));
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(start, end - start);
    const size_t dot = segment.rfind('.');
    const std::string stem = dot == std::string::npos || dot == 0 ? segment : segment.substr(0, dot);
    const std::string ext =
        stem.size() == segment.size() || digits(segment.substr(dot)) ? "" : segment.substr(dot);
    const bool camera = std::find(cameraIds.begin(), cameraIds.end(), segment) != cameraIds.end();
    if (camera || variableSegment(stem)) segment = "*" + ext;
    out += segment;
    if (end == path.size()) break;
    out += '/';
    start = end + 1;
  }
  return out;
}

LogCorrelator::LogCorrelator(const CaseManifest& manifest, std::function<bool(const std::string&)> ours)
    : manifest_(manifest), ours_(std::move(ours)) {
  for (const auto& s : manifest.sessions) sessions_[s.id] = {s.camera, s.viewer};
  for (const auto& c : manifest.cameras) knownCameras_.push_back(c.id);
}

LogCorrelator::~LogCorrelator() = default;

void LogCorrelator::addOwnership(const LogEvent& event) {
  if (event.session.empty() && !event.camera.empty() && !event.object.empty())
    owners_.emplace(event.object, event.camera);
}

LogCorrelator::Outcome LogCorrelator::add(const LogEvent& event) {
  if (event.rttMs) network_.rttMs.add(*event.rttMs);
  if (event.bitrateKbps) network_.bitrateKbps.add(*event.bitrateKbps);
  if (event.session.empty()) {
    addOwnership(event);
    return event.camera.empty() || event.object.empty() ? Outcome::NoObject : Outcome::OriginRecord;
  }
  if (event.object.empty()) return Outcome::NoObject;
  // Views, not copies: most lines are the claimed camera's own objects and need nothing kept.
  std::string_view claimed = event.camera, viewer = event.viewer;
  if (auto it = sessions_.find(event.session); it != sessions_.end()) {
    claimed = it->second.first;  // the manifest's word beats a log's
    if (viewer.empty()) viewer = it->second.second;
  }
  std::string_view owner = event.objectCamera, ownerFrom = "log field or object key";
  if (owner.empty()) {
    if (auto it = owners_.find(event.object); it != owners_.end()) {
      owner = it->second;
      ownerFrom = "origin log";
    }
  }
  if (owner.empty()) return Outcome::NoOwner;
  if (claimed.empty()) return Outcome::NoCamera;
  if (owner == claimed) return Outcome::Judged;
  if (ours_ && !ours_(event.session)) return Outcome::Judged;  // another shard records this delivery
  auto& slot = deliveries_[{event.session, std::string(owner)}];
  if (!slot) {
    slot = std::make_unique<Delivery>();
    slot->session = event.session;
    slot->claimed = claimed;
    slot->owner = owner;
  }
  Delivery& d = *slot;
  ++d.events;
  if (event.time) {
    d.first = d.first ? std::min(*d.first, *event.time) : *event.time;
    d.last = d.last ? std::max(*d.last, *event.time) : *event.time;
    ++d.minutes[formatUtc(std::floor(*event.time / 60.0) * 60.0).substr(0, 16) + "Z"];
  }
  if (!viewer.empty()) {
    d.viewers.emplace(viewer);
    if (event.displayed) d.viewersDisplayed.emplace(viewer);
  }
  d.eventKnown = d.eventKnown || event.eventKnown;
  d.objects.insert(event.object);
  if (!event.node.empty()) ++d.nodes[event.node];
  if (!event.cacheStatus.empty()) ++d.statuses[event.cacheStatus];
  std::vector<std::string> ids = knownCameras_;
  ids.emplace_back(owner);
  ids.emplace_back(claimed);
  ++d.patterns[keyPattern(event.object, ids)];
  if (event.rttMs) d.rtt.add(*event.rttMs);
  if (event.bitrateKbps) d.bitrate.add(*event.bitrateKbps);
  d.ownerFrom.emplace(ownerFrom);
  if (d.samples.size() < kSampleLines)
    d.samples.push_back(
        {event.log, event.line, event.time, event.object, event.node, event.cacheStatus, event.event});
  return Outcome::Judged;
}

std::vector<Finding> LogCorrelator::finish() const {
  std::vector<Finding> out;
  for (const auto& [key, slot] : deliveries_) {
    const Delivery& d = *slot;
    Finding f;
    f.type = FindingType::CrossCameraDelivery;
    f.session = d.session;
    f.claimedCamera = d.claimed;
    f.attributedCamera = d.owner;
    f.frames = 0;
    if (d.first) f.time = *d.first, f.timeSource = "log";
    f.confidence = 1.0;  // the logs are taken at their word; their lines are cited below
    f.id = sha256Hex(manifest_.caseId + '\n' + findingTypeName(f.type) + '\n' + d.session + '\n' + d.owner)
               .substr(0, 16);
    DeliveryEvidence e;
    e.events = d.events;
    if (d.first) e.firstTime = formatUtc(*d.first);
    if (d.last) e.lastTime = formatUtc(*d.last);
    e.viewers.assign(d.viewers.begin(), d.viewers.end());
    if (d.eventKnown) e.viewersDisplayed.emplace(d.viewersDisplayed.begin(), d.viewersDisplayed.end());
    e.objectsDistinct = static_cast<int64_t>(d.objects.size());
    for (const auto& o : d.objects) {
      if (e.objectExamples.size() == kObjectExamples) break;
      e.objectExamples.push_back(o);
    }
    e.ownerFrom.assign(d.ownerFrom.begin(), d.ownerFrom.end());
    e.cacheNodes = counts(d.nodes);
    e.cacheStatus = counts(d.statuses);
    e.keyPatterns = counts(d.patterns);
    e.minutes = counts(d.minutes);
    e.rttMsMedian = rounded(d.rtt.median());
    e.bitrateKbpsMedian = rounded(d.bitrate.median());
    e.caseRttMsMedian = rounded(network_.rttMs.median());
    e.caseBitrateKbpsMedian = rounded(network_.bitrateKbps.median());
    for (const auto& sample : d.samples) {
      e.logLines.push_back({manifest_.logs[static_cast<size_t>(sample.log)].path, sample.line,
                            sample.time ? std::optional(formatUtc(*sample.time)) : std::nullopt,
                            sample.object, sample.node, sample.cacheStatus, sample.event});
    }
    f.evidence = std::move(e);
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

void addCounts(CountList& into, const CountList& counts) {
  for (const auto& count : counts) {
    const auto& [key, n] = count;
    auto it = std::find_if(into.begin(), into.end(),
                           [&count](const auto& item) { return item.first == count.first; });
    if (it == into.end())
      into.emplace_back(key, n);
    else
      it->second += n;
  }
}

}  // namespace

void tieFramesToDeliveries(std::vector<Finding>& findings) {
  for (auto& f : findings) {
    if (f.type != FindingType::ForeignFrames) continue;
    DeliveryTie tie;
    for (const auto& d : findings) {
      if (d.type != FindingType::CrossCameraDelivery || d.session != f.session) continue;
      if (!f.attributedCamera.empty() && d.attributedCamera != f.attributedCamera) continue;
      const DeliveryEvidence& e = d.deliveryEvidence();
      tie.findings.push_back(d.id);
      addCounts(tie.cacheNodes, e.cacheNodes);
      addCounts(tie.cacheStatus, e.cacheStatus);
      tie.objects.insert(tie.objects.end(), e.objectExamples.begin(), e.objectExamples.end());
    }
    if (tie.findings.empty()) continue;
    f.framesEvidence().delivery = std::move(tie);
  }
}

}  // namespace camtrace
