#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/case_manifest.h"

namespace camtrace {

// One line of a server, CDN or cache log in camtrace's event model. `camera` is the camera the session asked
// for; `objectCamera` the camera whose image the served object is (from a field, or from the log's
// object_camera_pattern over the object key). A line without a session but with a camera and an object
// records where an object came from (an origin or upload log).
struct LogEvent {
  int log = 0;       // position of the log in the manifest
  int64_t line = 0;  // 1-based line number in that log
  std::optional<double> time;
  std::string session, viewer, camera, object, objectCamera, cacheStatus, node, event;
  std::optional<double> bytes, rttMs, bitrateKbps;
  bool displayed = false;   // `event` is one of the log's displayed_events
  bool eventKnown = false;  // the log maps an `event` field at all: served and displayed can be told apart
};

// What reading one log came to; lines that are not events are counted, with the first few named.
struct LogReadStats {
  int64_t lines = 0;
  int64_t events = 0;
  int64_t malformed = 0;
  int64_t badTimes = 0;               // a time field that no known form reads
  std::vector<std::string> examples;  // "line 17: does not match the log format at byte 3"
  // Per event-model field the log maps: the events that had a value for it.
  std::map<std::string, int64_t> fieldPresent;
};

// Streams one log (filesystem path `path`) through its parser and field mapping, calling `sink` for every
// event in file order. Throws MediaError when the file cannot be read at all.
// `progress`, when given, is told the file's bytes read so far and the lines, every 2^16 lines.
LogReadStats readLogEvents(const LogSpec& spec, int logIndex, const std::string& path,
                           const std::function<void(const LogEvent&)>& sink,
                           const std::function<void(int64_t bytes, int64_t lines)>& progress = nullptr);

}  // namespace camtrace
