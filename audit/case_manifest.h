#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzers/osd_clock.h"

namespace camtrace {

// Thrown for a case manifest that cannot be used; the message names the manifest and the offending key.
class ManifestError : public std::runtime_error {
 public:
  ManifestError(std::string input, const std::string& message)
      : std::runtime_error(input + ": " + message), input_(std::move(input)) {}
  const std::string& input() const noexcept { return input_; }

 private:
  std::string input_;
};

struct CameraSpec {
  std::string id;
  std::vector<std::string> references;  // as written: relative to the manifest's folder
  OsdHint osd;                          // "osd": {"date": "DMY", "hours": 12}; unset fields: from the values
};

struct SessionSpec {
  std::string id;
  std::string camera;
  std::string viewer;  // empty when unknown
  std::vector<std::string> captures;
  // "start_time": when the session's first frame was shown (seconds since 1970, UTC), the time of day of
  // its first capture where that capture tells none itself.
  std::optional<double> startTime;
};

// Where one field of camtrace's log event model comes from in a log: a source field, optionally one query
// parameter of it ("args" -> "session"), or the first group of a regular expression over it, times `scale`
// for numbers (nginx's $request_time is seconds; rtt_ms wants milliseconds: scale 1000).
struct FieldSource {
  std::string field;
  std::string query;
  std::string pattern;
  double scale = 1;
};

// The event model every log is mapped to (docs/logs.md).
inline const std::vector<std::string>& logEventFields() {
  static const std::vector<std::string> kFields = {"time",   "session",       "viewer",       "camera",
                                                   "object", "object_camera", "cache_status", "node",
                                                   "bytes",  "rtt_ms",        "bitrate_kbps", "event"};
  return kFields;
}

struct LogSpec {
  std::string path;
  std::string format;                         // jsonl, nginx, apache, csv, tsv
  std::string lineFormat;                     // "log_format": nginx log_format / Apache LogFormat
  std::vector<std::string> columns;           // csv/tsv without a header line
  std::map<std::string, FieldSource> fields;  // event field -> source; defaults per format when not given
  std::vector<std::string> displayedEvents;   // values of "event" that mean the viewer opened the image
  std::string objectCameraPattern;            // regex over "object" whose first group names the owning camera
  bool fieldsGiven = false;                   // the manifest wrote "fields" (else they are the defaults)
  // "timezone": the fixed UTC offset of times the log writes without a zone ("+01:00"); default UTC.
  int utcOffsetSeconds = 0;
};

struct CaseManifest {
  std::string caseId;
  std::string manifestPath;  // as given on the command line; empty for the single-capture form
  std::string baseDir;       // folder that relative paths resolve against
  std::vector<CameraSpec> cameras;
  std::vector<SessionSpec> sessions;
  std::vector<LogSpec> logs;

  // Filesystem path of a path written in the manifest.
  std::string resolve(const std::string& written) const;
  // Every file and folder an audit of the case reads, as filesystem paths: the manifest, references,
  // captures (a glob's stills, a playlist's segments, a stream's packet capture) and logs.
  std::vector<std::string> evidenceFiles() const;
  const CameraSpec* camera(const std::string& id) const;
};

// Reads and validates CASE.json (docs/design.md). Unknown keys, wrong types, duplicate ids and sessions that
// name an unknown camera are errors.
CaseManifest loadManifest(const std::string& path);
CaseManifest parseManifest(const std::string& jsonText, const std::string& path, const std::string& baseDir);

}  // namespace camtrace
