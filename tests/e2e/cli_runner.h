#pragma once
// Runs the real camtrace binary, as a user or a pipeline would.

#include <sys/wait.h>

#include <cstdlib>
#include <string>

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

inline int validateSchema(const std::string& schema, const std::string& file, bool jsonl) {
  const std::string command = "/usr/bin/python3 " +
                              quote(std::string(CAMTRACE_SOURCE_DIR) + "/tests/validate_schema.py") + " " +
                              quote(std::string(CAMTRACE_SOURCE_DIR) + "/report/schema/" + schema) + " " +
                              quote(file) + (jsonl ? " --jsonl" : "");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace camtrace::test
