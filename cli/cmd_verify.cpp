#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "formats/input_digest.h"
#include "formats/media_error.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

struct VerifyArgs {
  std::string findings = "-";
  std::string casePath;  // where the manifest is now, when not where the audit's argv says
  bool json = false;
};

// Where the audited inputs are now. Inputs are recorded as the manifest wrote them (relative to its
// folder) and the manifest as the audit was given it; an audit of captures named on the command line
// recorded them relative to the folder it ran in.
struct InputPlaces {
  std::string manifestRecorded;  // the manifest's recorded path; empty without one
  fs::path manifestNow;
  fs::path base;  // what relative paths are relative to

  fs::path locate(const std::string& recorded) const {
    if (!manifestRecorded.empty() && recorded == manifestRecorded) return manifestNow;
    const fs::path path(recorded);
    return path.is_absolute() ? path : base / path;
  }
};

std::string recordedCase(const ojson& findings) {
  const ojson& argv = jsonMember(jsonMember(findings, "tool"), "argv");
  if (!argv.is_array()) return {};
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i].is_string() && argv[i].get<std::string>() == "--case" && argv[i + 1].is_string())
      return argv[i + 1].get<std::string>();
  return {};
}

InputPlaces placesOf(const ojson& findings, const VerifyArgs& args) {
  InputPlaces places;
  places.base = fs::current_path();
  // A merged findings.json carries its shards' audit argv, --case included.
  const std::string recorded = recordedCase(findings);
  if (recorded.empty() && args.casePath.empty())
    return places;  // captures named on the command line, relative to where the audit ran
  places.manifestRecorded = recorded;
  places.manifestNow = args.casePath.empty() ? fs::path(recorded) : fs::path(args.casePath);
  std::error_code ec;
  if (!fs::is_regular_file(places.manifestNow, ec))
    throw UsageError("verify: the case manifest " + places.manifestNow.string() +
                     " is not there; give where it is now with --case CASE.json");
  places.base = places.manifestNow.parent_path();
  if (places.base.empty()) places.base = ".";
  return places;
}

struct Check {
  std::string path;
  std::string status;  // "intact", "changed", "missing"
  std::string expected, actual;
  std::string detail;
};

Check check(const ojson& input, const InputPlaces& places) {
  Check c;
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

int runVerify(const VerifyArgs& args, const GlobalOptions& global) {
  Console console(global);
  const ojson f = readFindings("verify", args.findings);
  std::vector<Check> checks;
  try {
    const InputPlaces places = placesOf(f, args);
    const ojson& inputs = jsonMember(f, "inputs");
    size_t done = 0;
    for (const auto& input : inputs) {
      checks.push_back(check(input, places));
      if (++done % 100 == 0)
        console.progress("verified " + std::to_string(done) + " of " + std::to_string(inputs.size()) +
                         " inputs");
    }
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("verify: " + args.findings + ": unexpected content (" + e.what() + ")");
  }
  size_t changed = 0, missing = 0;
  for (const auto& c : checks) {
    changed += c.status == "changed";
    missing += c.status == "missing";
  }
  if (args.json) {
    ojson out;
    out["findings"] = args.findings;
    out["intact"] = checks.size() - changed - missing;
    out["changed"] = changed;
    out["missing"] = missing;
    auto list = ojson::array();
    for (const auto& c : checks)
      list.push_back({{"path", c.path},
                      {"status", c.status},
                      {"sha256_recorded", c.expected},
                      {"sha256_now", c.actual.empty() ? ojson(nullptr) : ojson(c.actual)}});
    out["inputs"] = list;
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& c : checks)
      if (c.status != "intact")
        std::cout << c.status << "  " << c.path << (c.detail.empty() ? "" : "  (" + c.detail + ")") << "\n";
    std::cout << checks.size() << " inputs: " << checks.size() - changed - missing << " intact, " << changed
              << " changed, " << missing << " missing\n";
  }
  // A changed input is the alarm, whatever else is missing.
  if (changed > 0) return kFindings;
  return missing > 0 ? kPartial : kClean;
}

}  // namespace

void addVerifyCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd =
      app.add_subcommand("verify", "Re-hash every input a findings.json recorded and say which changed");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_option("--case", args->casePath,
                  "the case manifest, where it is now (default: where the audit's --case said, from the "
                  "folder verify runs in); its folder is where the manifest's relative paths start");
  cmd->add_flag("--json", args->json, "print every input's status and both digests as JSON");
  cmd->footer(
      "Reads each input (read-only) and compares its SHA-256 with the one recorded at audit time. Prints\n"
      "the inputs that changed or are missing and a count; --json lists every input.\n"
      "Exit codes: 0 all intact, 1 an input changed (whatever else is missing), 3 an input is missing or\n"
      "unreadable (none changed), 2 usage error.\n"
      "Examples:\n"
      "  camtrace verify findings.json\n"
      "  camtrace verify findings.json --case /mnt/evidence/case.json --json\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runVerify(*args, global); }; });
}

}  // namespace camtrace::cli
