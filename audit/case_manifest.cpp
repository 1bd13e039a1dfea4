#include "case_manifest.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

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

  std::string string(const json& object, const std::string& key, const std::string& where, bool required) const {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(where, "missing \"" + key + "\"");
      return {};
    }
    if (!it->is_string() || it->get<std::string>().empty()) fail(where, "\"" + key + "\" must be a non-empty string");
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
      if (!item.is_string() || item.get<std::string>().empty()) fail(where, "\"" + key + "\" holds a non-string");
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
    reader.onlyKeys(cameras[i], where, {"id", "references"});
    CameraSpec camera;
    camera.id = reader.string(cameras[i], "id", where, true);
    camera.references = reader.strings(cameras[i], "references", where, false);
    if (!cameraIds.insert(camera.id).second) reader.fail(where, "duplicate camera id \"" + camera.id + "\"");
    manifest.cameras.push_back(std::move(camera));
  }

  std::set<std::string> sessionIds;
  const json& sessions = reader.array(root, "sessions", true);
  if (sessions.empty()) reader.fail("", "\"sessions\" is empty: nothing to audit");
  for (size_t i = 0; i < sessions.size(); ++i) {
    std::string where = "sessions[" + std::to_string(i) + "]";
    reader.onlyKeys(sessions[i], where, {"id", "camera", "viewer", "captures"});
    SessionSpec session;
    session.id = reader.string(sessions[i], "id", where, true);
    session.camera = reader.string(sessions[i], "camera", where, true);
    session.viewer = reader.string(sessions[i], "viewer", where, false);
    session.captures = reader.strings(sessions[i], "captures", where, true);
    if (session.captures.empty()) reader.fail(where, "\"captures\" is empty");
    if (!cameraIds.count(session.camera)) reader.fail(where, "camera \"" + session.camera + "\" is not in \"cameras\"");
    if (!sessionIds.insert(session.id).second) reader.fail(where, "duplicate session id \"" + session.id + "\"");
    manifest.sessions.push_back(std::move(session));
  }

  const json& logs = reader.array(root, "logs", false);
  for (size_t i = 0; i < logs.size(); ++i) {
    std::string where = "logs[" + std::to_string(i) + "]";
    reader.onlyKeys(logs[i], where, {"path", "format"});
    manifest.logs.push_back({reader.string(logs[i], "path", where, true), reader.string(logs[i], "format", where, true)});
  }
  return manifest;
}

CaseManifest loadManifest(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ManifestError(path, "no such manifest file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ManifestError(path, "cannot open for reading");
  std::stringstream text;
  text << in.rdbuf();
  return parseManifest(text.str(), path, fs::path(path).parent_path().string());
}

}  // namespace camtrace
