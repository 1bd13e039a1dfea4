#include "log_events.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "formats/log_pattern.h"
#include "formats/log_reader.h"
#include "formats/log_time.h"

namespace camtrace {
namespace {

// Value of one query parameter in "a=1&session=s-9" or a URI with "?"; percent-escapes are left as written.
std::string_view queryParameter(std::string_view text, std::string_view name) {
  size_t start = text.find('?');
  start = start == std::string_view::npos ? 0 : start + 1;
  while (start < text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const size_t eq = text.find('=', start);
    if (eq != std::string_view::npos && eq < end && eq - start == name.size() &&
        text.compare(start, eq - start, name) == 0)
      return text.substr(eq + 1, end - eq - 1);
    start = end + 1;
  }
  return {};
}

std::optional<double> parseNumber(std::string_view text, double scale) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value * scale;
}

// The event field a mapped value lands in, resolved once per log instead of by name on every line.
enum class Target {
  Time,
  Session,
  Viewer,
  Camera,
  Object,
  ObjectCamera,
  CacheStatus,
  Node,
  Event,
  Bytes,
  RttMs,
  BitrateKbps,
  None
};

Target targetOf(const std::string& event) {
  static const std::map<std::string, Target, std::less<>> kTargets = {{"time", Target::Time},
                                                                      {"session", Target::Session},
                                                                      {"viewer", Target::Viewer},
                                                                      {"camera", Target::Camera},
                                                                      {"object", Target::Object},
                                                                      {"object_camera", Target::ObjectCamera},
                                                                      {"cache_status", Target::CacheStatus},
                                                                      {"node", Target::Node},
                                                                      {"event", Target::Event},
                                                                      {"bytes", Target::Bytes},
                                                                      {"rtt_ms", Target::RttMs},
                                                                      {"bitrate_kbps", Target::BitrateKbps}};
  const auto it = kTargets.find(event);
  return it == kTargets.end() ? Target::None : it->second;
}

struct MappedField {
  std::string event;
  Target target = Target::None;
  size_t source = 0;  // position in the parser's wanted list
  std::string query;
  std::optional<LogPattern> pattern;
  double scale = 1;
  int zonelessOffset = 0;  // time: the log's `timezone`, for times written without a zone
};

// The log's field mapping: the source fields the parser must extract (`wanted`), and per event field
// where its value comes from among them.
std::vector<MappedField> mapFields(const LogSpec& spec, std::vector<std::string>& wanted) {
  std::vector<MappedField> mapped;
  for (const auto& [event, source] : spec.fields) {
    auto it = std::find(wanted.begin(), wanted.end(), source.field);
    const size_t at = static_cast<size_t>(it - wanted.begin());
    if (it == wanted.end()) wanted.push_back(source.field);
    MappedField m{event,        targetOf(event),      at, source.query, std::nullopt,
                  source.scale, spec.utcOffsetSeconds};
    if (!source.pattern.empty()) m.pattern.emplace(source.pattern);
    mapped.push_back(std::move(m));
  }
  return mapped;
}

// One mapped field's value into the event.
void setField(LogEvent& event, const MappedField& m, std::string_view value, LogReadStats& stats) {
  switch (m.target) {
    case Target::Time:
      event.time = parseLogTime(value, m.zonelessOffset);
      if (!event.time) ++stats.badTimes;
      break;
    case Target::Session:
      event.session.assign(value);
      break;
    case Target::Viewer:
      event.viewer.assign(value);
      break;
    case Target::Camera:
      event.camera.assign(value);
      break;
    case Target::Object:
      event.object.assign(value);
      break;
    case Target::ObjectCamera:
      event.objectCamera.assign(value);
      break;
    case Target::CacheStatus:
      event.cacheStatus.assign(value);
      break;
    case Target::Node:
      event.node.assign(value);
      break;
    case Target::Event:
      event.event.assign(value);
      break;
    case Target::Bytes:
      event.bytes = parseNumber(value, m.scale);
      break;
    case Target::RttMs:
      event.rttMs = parseNumber(value, m.scale);
      break;
    case Target::BitrateKbps:
      event.bitrateKbps = parseNumber(value, m.scale);
      break;
    case Target::None:
      break;
  }
}

void resetEvent(LogEvent& event) {
  event.time.reset();
  for (std::string* text : {&event.session, &event.viewer, &event.camera, &event.object, &event.objectCamera,
                            &event.cacheStatus, &event.node, &event.event})
    text->clear();
  event.bytes.reset();
  event.rttMs.reset();
  event.bitrateKbps.reset();
  event.displayed = false;
}

}  // namespace

LogReadStats readLogEvents(const LogSpec& spec, int logIndex, const std::string& path,
                           const std::function<void(const LogEvent&)>& sink,
                           const std::function<void(int64_t bytes, int64_t lines)>& progress) {
  std::vector<std::string> wanted;
  const std::vector<MappedField> mapped = mapFields(spec, wanted);
  std::optional<LogPattern> ownerPattern;
  if (!spec.objectCameraPattern.empty()) ownerPattern.emplace(spec.objectCameraPattern);
  const bool eventKnown = spec.fields.count("event") > 0;

  auto parser = makeLogParser({spec.format, spec.lineFormat, spec.columns}, wanted);
  LogRecord record(wanted.size());
  LogLineReader reader(path);
  LogReadStats stats;
  // Counted per mapped field, by position, and named once at the end: not a map lookup per field per line.
  std::vector<int64_t> present(mapped.size(), 0);
  auto malformed = [&](int64_t number, const std::string& why) {
    ++stats.malformed;
    if (stats.examples.size() < 5) stats.examples.push_back("line " + std::to_string(number) + ": " + why);
  };

  std::string_view line;
  int64_t number = 0;
  bool overlong = false;
  std::string error, group;
  LogEvent event;
  while (reader.next(line, number, overlong)) {
    ++stats.lines;
    if (progress && (stats.lines & 0xFFFF) == 0) progress(reader.bytesRead(), stats.lines);
    if (overlong) {
      malformed(number, "longer than 1 MiB");
      continue;
    }
    error.clear();
    const auto result = parser->parse(line, record, error);
    if (result == LogParser::Result::Skip) continue;
    if (result == LogParser::Result::Malformed) {
      malformed(number, error);
      continue;
    }
    // One event reused line after line: its strings keep their capacity, so a line allocates nothing.
    resetEvent(event);
    event.log = logIndex;
    event.line = number;
    event.eventKnown = eventKnown;
    for (size_t f = 0; f < mapped.size(); ++f) {
      const MappedField& m = mapped[f];
      const auto raw = record.value(m.source);
      if (!raw) continue;
      std::string_view value = m.query.empty() ? *raw : queryParameter(*raw, m.query);
      if (m.pattern) {
        if (!m.pattern->firstGroup(value, group)) continue;
        value = group;
      }
      if (value.empty()) continue;
      ++present[f];
      setField(event, m, value, stats);
    }
    if (event.objectCamera.empty() && ownerPattern && !event.object.empty())
      ownerPattern->firstGroup(event.object, event.objectCamera);
    event.displayed = eventKnown && std::find(spec.displayedEvents.begin(), spec.displayedEvents.end(),
                                              event.event) != spec.displayedEvents.end();
    ++stats.events;
    sink(event);
  }
  if (reader.truncated()) malformed(number + 1, "the gzip stream ends early: the log was cut off");
  for (size_t f = 0; f < mapped.size(); ++f) stats.fieldPresent[mapped[f].event] = present[f];
  return stats;
}

}  // namespace camtrace
