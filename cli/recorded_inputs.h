#pragma once
// The inputs a findings.json recorded (path as written, SHA-256 at audit time), found where they are now
// and checked against their digests: shared by `verify` (which only checks) and `extract` (which reads
// only inputs that are still the bytes that were audited).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace camtrace::cli {

// Where the audited inputs are now. Inputs are recorded as the manifest wrote them (relative to its
// folder) and the manifest as the audit was given it; an audit of captures named on the command line
// recorded them relative to the folder it ran in.
struct RecordedInputs {
  std::string manifestRecorded;  // the manifest's recorded path; empty without one
  std::filesystem::path manifestNow;
  std::filesystem::path base;  // what relative paths are relative to

  std::filesystem::path locate(const std::string& recorded) const;
};

// From the findings' tool.argv (--case), or `casePath` where the manifest is now. Throws UsageError naming
// `command` when the manifest is not there.
RecordedInputs recordedInputsOf(const nlohmann::ordered_json& findings, const std::string& casePath,
                                const std::string& command);

struct InputCheck {
  std::string path;    // as recorded
  std::string status;  // "intact", "changed", "missing"
  std::string expected, actual;
  std::string detail;
};

// Re-hashes one recorded input ({"path", "sha256"}) where it is now.
InputCheck checkInput(const nlohmann::ordered_json& input, const RecordedInputs& places);

// Every recorded input where it is now: its record by canonical path, and the paths, all of them (no
// output may be one) and those that are evidence (every input but the manifest: no output inside their
// folders).
struct InputPlaces {
  std::map<std::filesystem::path, nlohmann::ordered_json> recorded;
  std::vector<std::string> inputs, evidence;
};
InputPlaces placesOfInputs(const nlohmann::ordered_json& findings, const RecordedInputs& places);

// checkOutputs for a command that writes `output` from findings and reads `inputs` (the findings file,
// shards): refused onto or into the evidence the findings recorded where their manifest is found from here,
// and, wherever it lies, onto an existing file holding the bytes (size, then SHA-256) of a recorded input.
void checkOutputFromFindings(const std::string& output, const nlohmann::ordered_json& findings,
                             const std::vector<std::string>& inputs);

// Empty when every file behind the input at `path` (a capture, its segments, a folder's stills) is one
// the audit recorded, with the bytes it recorded; else why not, naming the file.
std::string changedSinceAudit(const std::filesystem::path& path, const InputPlaces& inputs,
                              const RecordedInputs& places);

}  // namespace camtrace::cli
