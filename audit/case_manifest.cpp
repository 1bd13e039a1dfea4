#include "case_manifest.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/evidence_files.h"
#include "formats/log_pattern.h"
#include "formats/log_reader.h"
#include "formats/log_time.h"
#include "formats/media_error.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace camtrace {
namespace {

class ManifestReader {
 public:
  explicit ManifestReader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw ManifestError(path_, where.empty() ? message : where + ": " + message);
  }

  void onlyKeys(const json& object, const std::string& where, const std::set<std::string>& allowed) const {
    if (!object.is_object()) fail(where, "must be an object");
    for (const auto& item : object.items()) {
      if (!allowed.count(item.key())) {
        std::string list;
        for (const auto& key : allowed) list += (list.empty() ? "" : ", ") + key;
        fail(where, "unknown key \"" + item.key() + "\" (allowed: " + list + ")");
      }
    }
  }

  std::string string(const json& object, const std::string& key, const std::string& where,
                     bool required) const {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(where, "missing \"" + key + "\"");
      return {};
    }
    if (!it->is_string() || it->get<std::string>().empty())
      fail(where, "\"" + key + "\" must be a non-empty string");
    return it->get<std::string>();
  }

  std::vector<std::string> strings(const json& object, const std::string& key, const std::string& where,
                                   bool required) const {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(where, "missing \"" + key + "\"");
      return {};
    }
    if (!it->is_array()) fail(where, "\"" + key + "\" must be an array of paths");
    std::vector<std::string> out;
    for (const auto& item : *it) {
      if (!item.is_string() || item.get<std::string>().empty())
        fail(where, "\"" + key + "\" holds a non-string");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  const json& array(const json& root, const std::string& key, bool required) const {
    static const json kEmpty = json::array();
    auto it = root.find(key);
    if (it == root.end()) {
      if (required) fail("", "missing \"" + key + "\"");
      return kEmpty;
    }
    if (!it->is_array()) fail("", "\"" + key + "\" must be an array");
    return *it;
  }

 private:
  std::string path_;
};

// A camera's "osd": {"date": "YMD" | "DMY" | "MDY", "hours": 12 | 24, "utc_offset": "+01:00"}, each
// optional.
OsdHint osdHint(const ManifestReader& reader, const json& camera, const std::string& where) {
  OsdHint hint;
  const auto it = camera.find("osd");
  if (it == camera.end()) return hint;
  const std::string at = where + ".osd";
  reader.onlyKeys(*it, at, {"date", "hours", "utc_offset"});
  const std::string date = reader.string(*it, "date", at, false);
  const std::map<std::string, OsdDateOrder> orders = {
      {"YMD", OsdDateOrder::YMD}, {"DMY", OsdDateOrder::DMY}, {"MDY", OsdDateOrder::MDY}};
  if (!date.empty()) {
    if (!orders.count(date))
      reader.fail(at, "\"date\" must be \"YMD\", \"DMY\" or \"MDY\", not \"" + date + "\"");
    hint.date = orders.at(date);
  }
  if (const auto hours = it->find("hours"); hours != it->end()) {
    if (!hours->is_number_integer() || (*hours != 12 && *hours != 24))
      reader.fail(at, "\"hours\" must be 12 or 24");
    hint.hours = hours->get<int>();
  }
  const std::string zone = reader.string(*it, "utc_offset", at, false);
  if (!zone.empty()) {
    const auto offset = parseUtcOffset(zone);
    if (!offset)
      reader.fail(
          at, "\"utc_offset\" must be a UTC offset such as \"+01:00\" or \"-0530\", not \"" + zone + "\"");
    hint.zoneKnown = true;
    hint.utcOffsetSeconds = *offset;
  }
  return hint;
}

// Each format's usual names for the event fields, used when a log entry gives no "fields".
std::map<std::string, FieldSource> defaultFields(const std::string& format) {
  std::map<std::string, std::string> names;
  if (format == "nginx") {
    names = {
        {"time", "time_local"}, {"viewer", "remote_user"}, {"object", "uri"}, {"bytes", "body_bytes_sent"}};
  } else if (format == "apache") {
    names = {{"time", "%t"}, {"viewer", "%u"}, {"object", "%U"}, {"bytes", "%b"}};
  } else if (format == "w3c") {
    // CloudFront's names (IIS writes the first four alike). time-taken is seconds in CloudFront and
    // milliseconds in IIS, so rtt_ms is left to the manifest's "fields", with the scale of the log's server.
    names = {{"time", "date_time"},
             {"viewer", "c-ip"},
             {"object", "cs-uri-stem"},
             {"bytes", "sc-bytes"},
             {"cache_status", "x-edge-result-type"},
             {"node", "x-edge-location"}};
  } else {
    for (const auto& name : logEventFields()) names[name] = name;
  }
  std::map<std::string, FieldSource> out;
  for (const auto& [event, field] : names) out[event].field = field;
  return out;
}

LogSpec parseLogSpec(const ManifestReader& reader, const json& entry, const std::string& where) {
  reader.onlyKeys(entry, where,
                  {"path", "format", "log_format", "columns", "fields", "displayed_events",
                   "object_camera_pattern", "timezone"});
  LogSpec spec;
  spec.path = reader.string(entry, "path", where, true);
  spec.format = reader.string(entry, "format", where, true);
  spec.lineFormat = reader.string(entry, "log_format", where, false);
  spec.columns = reader.strings(entry, "columns", where, false);
  spec.displayedEvents = reader.strings(entry, "displayed_events", where, false);
  spec.objectCameraPattern = reader.string(entry, "object_camera_pattern", where, false);
  if (const std::string zone = reader.string(entry, "timezone", where, false); !zone.empty()) {
    const auto offset = parseUtcOffset(zone);
    if (!offset)
      reader.fail(where + ".timezone",
                  "\"" + zone +
                      "\" is not a UTC offset (\"UTC\", \"+01:00\", \"-0530\"); a named zone "
                      "is not taken: its daylight-saving changes would shift times silently");
    spec.utcOffsetSeconds = *offset;
  }
  try {
    makeLogParser({spec.format, spec.lineFormat, spec.columns}, {});
  } catch (const std::exception& e) {
    reader.fail(where, e.what());
  }
  try {
    if (!spec.objectCameraPattern.empty()) LogPattern check(spec.objectCameraPattern);
  } catch (const std::exception& e) {
    reader.fail(where, std::string("\"object_camera_pattern\" ") + e.what());
  }
  auto fields = entry.find("fields");
  if (fields == entry.end()) {
    spec.fields = defaultFields(spec.format);
    return spec;
  }
  const std::set<std::string> known(logEventFields().begin(), logEventFields().end());
  reader.onlyKeys(*fields, where + ".fields", known);
  spec.fieldsGiven = true;
  for (const auto& item : fields->items()) {
    const std::string at = where + ".fields." + item.key();
    FieldSource source;
    if (item.value().is_string()) {
      source.field = item.value().get<std::string>();
    } else {
      reader.onlyKeys(item.value(), at, {"field", "query", "pattern", "scale"});
      source.field = reader.string(item.value(), "field", at, true);
      source.query = reader.string(item.value(), "query", at, false);
      source.pattern = reader.string(item.value(), "pattern", at, false);
      if (auto scale = item.value().find("scale"); scale != item.value().end()) {
        if (!scale->is_number() || scale->get<double>() <= 0)
          reader.fail(at, "\"scale\" must be a positive number");
        source.scale = scale->get<double>();
      }
      try {
        if (!source.pattern.empty()) LogPattern check(source.pattern);
      } catch (const std::exception& e) {
        reader.fail(at, std::string("\"pattern\" ") + e.what());
      }
    }
    if (source.field.empty()) reader.fail(at, "names no source field");
    spec.fields[item.key()] = source;
  }
  return spec;
}

}  // namespace

std::string CaseManifest::resolve(const std::string& written) const {
  fs::path p(written);
  if (p.is_absolute() || baseDir.empty()) return p.string();
  return (fs::path(baseDir) / p).string();
}

const CameraSpec* CaseManifest::camera(const std::string& id) const {
  for (const auto& c : cameras) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

CaseManifest parseManifest(const std::string& text, const std::string& path, const std::string& baseDir) {
  ManifestReader reader(path);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    reader.fail("", std::string("not valid JSON (") + e.what() + ")");
  }
  reader.onlyKeys(root, "", {"case_id", "cameras", "sessions", "logs"});
  CaseManifest manifest;
  manifest.manifestPath = path;
  manifest.baseDir = baseDir;
  manifest.caseId = reader.string(root, "case_id", "", true);

  std::set<std::string> cameraIds;
  const json& cameras = reader.array(root, "cameras", true);
  for (size_t i = 0; i < cameras.size(); ++i) {
    std::string where = "cameras[" + std::to_string(i) + "]";
    reader.onlyKeys(cameras[i], where, {"id", "references", "osd"});
    CameraSpec camera;
    camera.id = reader.string(cameras[i], "id", where, true);
    camera.references = reader.strings(cameras[i], "references", where, false);
    camera.osd = osdHint(reader, cameras[i], where);
    if (!cameraIds.insert(camera.id).second) reader.fail(where, "duplicate camera id \"" + camera.id + "\"");
    manifest.cameras.push_back(std::move(camera));
  }

  std::set<std::string> sessionIds;
  // Responders often have the CDN logs before any capture: a case of logs alone is audited from them.
  const bool withLogs = root.contains("logs") && root["logs"].is_array() && !root["logs"].empty();
  const json& sessions = reader.array(root, "sessions", !withLogs);
  if (sessions.empty() && !withLogs)
    reader.fail("", "\"sessions\" is empty and there are no \"logs\": nothing to audit");
  for (size_t i = 0; i < sessions.size(); ++i) {
    std::string where = "sessions[" + std::to_string(i) + "]";
    reader.onlyKeys(sessions[i], where, {"id", "camera", "viewer", "captures", "start_time"});
    SessionSpec session;
    session.id = reader.string(sessions[i], "id", where, true);
    session.camera = reader.string(sessions[i], "camera", where, true);
    session.viewer = reader.string(sessions[i], "viewer", where, false);
    session.captures = reader.strings(sessions[i], "captures", where, true);
    if (const std::string start = reader.string(sessions[i], "start_time", where, false); !start.empty()) {
      session.startTime = parseLogTime(start);
      if (!session.startTime)
        reader.fail(where,
                    "\"start_time\" is not a time (ISO 8601, e.g. 2019-12-26T03:00:00Z; no zone: UTC)");
    }
    if (session.captures.empty()) reader.fail(where, "\"captures\" is empty");
    if (!cameraIds.count(session.camera))
      reader.fail(where, "camera \"" + session.camera + "\" is not in \"cameras\"");
    if (!sessionIds.insert(session.id).second)
      reader.fail(where, "duplicate session id \"" + session.id + "\"");
    manifest.sessions.push_back(std::move(session));
  }

  const json& logs = reader.array(root, "logs", false);
  for (size_t i = 0; i < logs.size(); ++i)
    manifest.logs.push_back(parseLogSpec(reader, logs[i], "logs[" + std::to_string(i) + "]"));
  return manifest;
}

std::vector<std::string> CaseManifest::evidenceFiles() const {
  std::vector<std::string> media;  // read as captures are: expanded to the files behind them
  for (const auto& camera : cameras)
    for (const auto& reference : camera.references) media.push_back(resolve(reference));
  for (const auto& session : sessions)
    for (const auto& capture : session.captures) media.push_back(resolve(capture));
  std::vector<std::string> out = evidenceFilesOf(media);
  if (!manifestPath.empty()) out.push_back(manifestPath);
  for (const auto& log : logs) out.push_back(resolve(log.path));
  return out;
}

CaseManifest loadManifest(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ManifestError(path, "no such manifest file");
  try {
    requireRegularFile(path);
  } catch (const MediaError& e) {
    throw ManifestError(path, e.detail());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ManifestError(path, "cannot open for reading");
  std::stringstream text;
  text << in.rdbuf();
  return parseManifest(text.str(), path, fs::path(path).parent_path().string());
}

}  // namespace camtrace
