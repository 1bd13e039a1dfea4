#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "cli/recorded_inputs.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct VerifyArgs {
  std::string findings = "-";
  std::string casePath;  // where the manifest is now, when not where the audit's argv says
  bool json = false;
};

int runVerify(const VerifyArgs& args, const GlobalOptions& global) {
  Console console(global);
  const ojson f = readFindings("verify", args.findings);
  std::vector<InputCheck> checks;
  try {
    const RecordedInputs places = recordedInputsOf(f, args.casePath, "verify");
    const ojson& inputs = jsonMember(f, "inputs");
    size_t done = 0;
    for (const auto& input : inputs) {
      checks.push_back(checkInput(input, places));
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
