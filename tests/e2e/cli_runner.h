#pragma once
// Runs the real camtrace binary, as a user or a pipeline would.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace::test {

struct Run {
  int exitCode = -1;
  std::string out;
  std::string err;
};

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `args` is appended to the binary's path as written (quote paths with quote()); `env` ("A=1 B=2") is set
// for the run. A run that hangs is killed after `timeoutSeconds` and reads as exit code 137.
inline Run camtrace(const std::string& args, const TempDir& scratch, const std::string& env = "",
                    int timeoutSeconds = 280) {
  const std::string out = scratch.file(".stdout"), err = scratch.file(".stderr");
  const std::string command = "timeout -s KILL " + std::to_string(timeoutSeconds) + " env " + env + " " +
                              quote(CAMTRACE_BINARY) + " " + args + " >" + quote(out) + " 2>" + quote(err) +
                              " </dev/null";
  const int status = std::system(command.c_str());
  Run run;
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = readBytes(out);
  run.err = readBytes(err);
  return run;
}

// A case in `dir`: its ref/ and cap/ folders made, `manifest` written to case.json and audited, findings to
// f.json and frames to fr.jsonl (read back with findingsOf and framesOf).
inline Run auditCase(const TempDir& dir, const nlohmann::json& manifest) {
  writeBytes(dir.file("case.json"), manifest.dump(2));
  return camtrace("audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("f.json")) +
                      " --frames " + quote(dir.file("fr.jsonl")),
                  dir);
}
inline void makeCaseFolders(const TempDir& dir) {
  for (const char* sub : {"ref", "cap"}) std::filesystem::create_directories(dir.path() / sub);
}
inline nlohmann::json findingsOf(const TempDir& dir) {
  return nlohmann::json::parse(readBytes(dir.file("f.json")));
}
inline std::vector<nlohmann::json> framesOf(const TempDir& dir) {
  std::vector<nlohmann::json> frames;
  std::istringstream lines(readBytes(dir.file("fr.jsonl")));
  for (std::string line; std::getline(lines, line);) frames.push_back(nlohmann::json::parse(line));
  return frames;
}

inline int validateSchema(const std::string& schema, const std::string& file, bool jsonl) {
  const std::string command = "/usr/bin/python3 " +
                              quote(std::string(CAMTRACE_SOURCE_DIR) + "/tests/validate_schema.py") + " " +
                              quote(std::string(CAMTRACE_SOURCE_DIR) + "/report/schema/" + schema) + " " +
                              quote(file) + (jsonl ? " --jsonl" : "");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace camtrace::test
