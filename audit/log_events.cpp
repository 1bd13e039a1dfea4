#include "log_events.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

#include "formats/log_reader.h"
#include "formats/log_time.h"

namespace camtrace {
namespace {

// Value of one query parameter in "a=1&session=s-9" or a URI with "?"; percent-escapes are left as written.
std::string queryParameter(const std::string& text, const std::string& name) {
  size_t start = text.find('?');
  start = start == std::string::npos ? 0 : start + 1;
  while (start < text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    const size_t eq = text.find('=', start);
    if (eq != std::string::npos && eq < end && text.compare(start, eq - start, name) == 0 &&
        eq - start == name.size())
      return text.substr(eq + 1, end - eq - 1);
    start = end + 1;
  }
  return {};
}

std::optional<double> parseNumber(const std::string& text, double scale) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value * scale;
}

// libstdc++'s std::regex recurses once per character matched: a 100,000-character URI crashed it with a
// stack overflow (measured with "^/v1/thumbs/([^/]+)/"). Log lines are attacker-controlled, so longer values
// are not matched at all; no object key or query in real serving logs comes near this.
constexpr size_t kMaxPatternInput = 4096;

bool searchFirstGroup(const std::string& text, const std::regex& pattern, std::string& group) {
  if (text.size() > kMaxPatternInput) return false;
  std::smatch match;
  if (!std::regex_search(text, match, pattern) || match.size() < 2) return false;
  group = match[1].str();
  return true;
}

struct MappedField {
  std::string event;
  size_t source = 0;  // position in the parser's wanted list
  std::string query;
  std::optional<std::regex> pattern;
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
    MappedField m{event, at, source.query, std::nullopt, source.scale, spec.utcOffsetSeconds};
    if (!source.pattern.empty()) m.pattern.emplace(source.pattern);
    mapped.push_back(std::move(m));
  }
  return mapped;
}

// One mapped field's value into the event.
void setField(LogEvent& event, const MappedField& m, std::string& value, LogReadStats& stats) {
  if (m.event == "time") {
    event.time = parseLogTime(value, m.zonelessOffset);
    if (!event.time) ++stats.badTimes;
  } else if (m.event == "session")
    event.session = value;
  else if (m.event == "viewer")
    event.viewer = value;
  else if (m.event == "camera")
    event.camera = value;
  else if (m.event == "object")
    event.object = value;
  else if (m.event == "object_camera")
    event.objectCamera = value;
  else if (m.event == "cache_status")
    event.cacheStatus = value;
  else if (m.event == "node")
    event.node = value;
  else if (m.event == "event")
    event.event = value;
  else if (m.event == "bytes")
    event.bytes = parseNumber(value, m.scale);
  else if (m.event == "rtt_ms")
    event.rttMs = parseNumber(value, m.scale);
  else if (m.event == "bitrate_kbps")
    event.bitrateKbps = parseNumber(value, m.scale);
}

}  // namespace

LogReadStats readLogEvents(const LogSpec& spec, int logIndex, const std::string& path,
                           const std::function<void(const LogEvent&)>& sink,
                           const std::function<void(int64_t bytes, int64_t lines)>& progress) {
  std::vector<std::string> wanted;
  const std::vector<MappedField> mapped = mapFields(spec, wanted);
  std::optional<std::regex> ownerPattern;
  if (!spec.objectCameraPattern.empty()) ownerPattern.emplace(spec.objectCameraPattern);
  const bool eventKnown = spec.fields.count("event") > 0;

  auto parser = makeLogParser({spec.format, spec.lineFormat, spec.columns}, wanted);
  LogRecord record(wanted.size());
  LogLineReader reader(path);
  LogReadStats stats;
  for (const auto& m : mapped) stats.fieldPresent[m.event] = 0;
  auto malformed = [&](int64_t number, const std::string& why) {
    ++stats.malformed;
    if (stats.examples.size() < 5) stats.examples.push_back("line " + std::to_string(number) + ": " + why);
  };

  std::string_view line;
  int64_t number = 0;
  bool overlong = false;
  std::string error, value;
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
    LogEvent event;
    event.log = logIndex;
    event.line = number;
    event.eventKnown = eventKnown;
    for (const auto& m : mapped) {
      const std::string* raw = record.value(m.source);
      if (!raw) continue;
      value = m.query.empty() ? *raw : queryParameter(*raw, m.query);
      if (m.pattern) {
        std::string group;
        if (!searchFirstGroup(value, *m.pattern, group)) continue;
        value = std::move(group);
      }
      if (value.empty()) continue;
      ++stats.fieldPresent[m.event];
      setField(event, m, value, stats);
    }
    if (event.objectCamera.empty() && ownerPattern && !event.object.empty())
      searchFirstGroup(event.object, *ownerPattern, event.objectCamera);
    event.displayed = eventKnown && std::find(spec.displayedEvents.begin(), spec.displayedEvents.end(),
                                              event.event) != spec.displayedEvents.end();
    ++stats.events;
    sink(event);
  }
  if (reader.truncated()) malformed(number + 1, "the gzip stream ends early: the log was cut off");
  return stats;
}

}  // namespace camtrace
