#include "cli/recorded_inputs.h"

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "formats/evidence_files.h"
#include "formats/input_digest.h"
#include "formats/media_error.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

std::string recordedCase(const ojson& findings) {
  const ojson& argv = jsonMember(jsonMember(findings, "tool"), "argv");
  if (!argv.is_array()) return {};
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i].is_string() && argv[i].get<std::string>() == "--case" && argv[i + 1].is_string())
      return argv[i + 1].get<std::string>();
  return {};
}

}  // namespace

fs::path RecordedInputs::locate(const std::string& recorded) const {
  if (!manifestRecorded.empty() && recorded == manifestRecorded) return manifestNow;
  const fs::path path(recorded);
  return path.is_absolute() ? path : base / path;
}

RecordedInputs recordedInputsOf(const ojson& findings, const std::string& casePath,
                                const std::string& command) {
  RecordedInputs places;
  places.base = fs::current_path();
  // A merged findings.json carries its shards' audit argv, --case included.
  const std::string recorded = recordedCase(findings);
  if (recorded.empty() && casePath.empty())
    return places;  // captures named on the command line, relative to where the audit ran
  places.manifestRecorded = recorded;
  places.manifestNow = casePath.empty() ? fs::path(recorded) : fs::path(casePath);
  std::error_code ec;
  if (!fs::is_regular_file(places.manifestNow, ec))
    throw UsageError(command + ": the case manifest " + places.manifestNow.string() +
                     " is not there; give where it is now with --case CASE.json");
  places.base = places.manifestNow.parent_path();
  if (places.base.empty()) places.base = ".";
  return places;
}

InputCheck checkInput(const ojson& input, const RecordedInputs& places) {
  InputCheck c;
  c.path = jsonMember(input, "path").get<std::string>();
  c.expected = jsonMember(input, "sha256").get<std::string>();
  const fs::path where = places.locate(c.path);
  std::error_code ec;
  if (!fs::exists(where, ec)) {
    c.status = "missing";
    c.detail = where.string() + " does not exist";
    return c;
  }
  try {
    c.actual = digestFile(where.string(), c.path).sha256;
    c.status = c.actual == c.expected ? "intact" : "changed";
  } catch (const MediaError& e) {
    c.status = "missing";
    c.detail = e.what();
  }
  return c;
}

InputPlaces placesOfInputs(const ojson& findings, const RecordedInputs& places) {
  InputPlaces out;
  std::error_code ec;
  // The manifest however its path was spelled (merged shards may each have spelled it otherwise).
  const fs::path manifest = places.manifestRecorded.empty()
                                ? fs::path()
                                : fs::weakly_canonical(fs::absolute(places.manifestNow, ec), ec);
  for (const auto& input : jsonMember(findings, "inputs")) {
    const ojson& recorded = jsonMember(input, "path");
    if (!recorded.is_string()) continue;
    const std::string path = recorded.get<std::string>();
    const fs::path at = places.locate(path);
    out.inputs.push_back(at.string());
    const fs::path canonical = fs::weakly_canonical(fs::absolute(at, ec), ec);
    out.recorded[canonical] = input;
    // Saved profiles are evidence too: stricter.
    if (path != places.manifestRecorded && (manifest.empty() || canonical != manifest))
      out.evidence.push_back(at.string());
  }
  return out;
}

namespace {

// The recorded inputs where they are found from here; none where the manifest the audit named is not
// (findings taken to another machine name no file on it).
InputPlaces placesOfInputsFoundHere(const ojson& findings) {
  try {
    return placesOfInputs(findings, recordedInputsOf(findings, {}, "findings"));
  } catch (const UsageError&) {
    return {};
  }
}

// The recorded path of the input whose bytes the existing regular file `target` holds; empty where none.
std::string inputHeldBy(const ojson& findings, const std::string& target) {
  std::error_code ec;
  if (target.empty() || target == "-" || !fs::is_regular_file(target, ec)) return {};
  const auto size = fs::file_size(target, ec);
  if (ec || size == 0) return {};  // an empty file holds nothing to lose
  std::string digest;              // hashed once, and only where a recorded input has its size
  for (const auto& input : jsonMember(findings, "inputs")) {
    const ojson& bytes = jsonMember(input, "bytes");
    if (!bytes.is_number_unsigned() || bytes.get<uint64_t>() != size) continue;
    try {
      if (digest.empty()) digest = digestFile(target, target).sha256;
    } catch (const MediaError&) {
      return {};  // unreadable: writing it will say why
    }
    if (jsonText(input, "sha256") == digest) return jsonText(input, "path");
  }
  return {};
}

}  // namespace

void checkOutputFromFindings(const std::string& output, const ojson& findings,
                             const std::vector<std::string>& inputs) {
  InputPlaces evidence = placesOfInputsFoundHere(findings);
  evidence.inputs.insert(evidence.inputs.end(), inputs.begin(), inputs.end());
  checkOutputs({{"-o", output}}, evidence.inputs, evidence.evidence);
  if (const std::string input = inputHeldBy(findings, output); !input.empty())
    throw UsageError("-o " + output + ": refusing to overwrite it: it holds the bytes of the audited input " +
                     input);
}

std::string changedSinceAudit(const fs::path& path, const InputPlaces& inputs, const RecordedInputs& places) {
  for (const auto& file : evidenceFilesOf(path.string())) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) continue;  // a folder of stills: its stills are the inputs
    const fs::path at = fs::weakly_canonical(fs::absolute(file, ec), ec);
    const auto input = inputs.recorded.find(at);
    if (input == inputs.recorded.end()) return file + " is not among the inputs the audit recorded";
    const InputCheck check = checkInput(input->second, places);
    if (check.status == "missing") return file + " is missing (" + check.detail + ")";
    if (check.status != "intact")
      return file + " changed since the audit (SHA-256 " + check.actual + ", recorded " + check.expected +
             ")";
  }
  return {};
}

}  // namespace camtrace::cli
