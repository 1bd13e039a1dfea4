#pragma once

#include <stdexcept>
#include <string>
#include <vector>

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
};

struct SessionSpec {
  std::string id;
  std::string camera;
  std::string viewer;  // empty when unknown
  std::vector<std::string> captures;
};

struct LogSpec {
  std::string path;
  std::string format;
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
  const CameraSpec* camera(const std::string& id) const;
};

// Reads and validates CASE.json (DESIGN.md). Unknown keys, wrong types, duplicate ids and sessions that
// name an unknown camera are errors.
CaseManifest loadManifest(const std::string& path);
CaseManifest parseManifest(const std::string& jsonText, const std::string& path, const std::string& baseDir);

}  // namespace camtrace
