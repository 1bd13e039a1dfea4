#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "cli/recorded_inputs.h"
#include "report/findings_writer.h"
#include "report/shard_result.h"

namespace camtrace::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> shards;
  std::string output = "-";
};

int runMerge(const MergeArgs& args, const GlobalOptions& global) {
  Console console(global);
  checkOutputs({{"-o", args.output}}, args.shards);
  std::vector<ShardResult> parts;
  for (const auto& path : args.shards) {
    const std::string text = readInput("merge", path);
    try {
      parts.push_back(parseShardResult(text, path));
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("merge: ") + e.what());
    }
  }
  ShardResult merged;
  try {
    merged = mergeShardResults(std::move(parts));
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("merge: ") + e.what());
  }
  const AuditResult& r = merged.result;
  const std::string text = merged.complete() ? dumpFindings(r) : dumpShardResult(merged);
  // Nor onto or into the evidence the shards audited.
  checkOutputFromFindings(args.output, nlohmann::ordered_json::parse(text, nullptr, false), args.shards);
  writeOutput(args.output, text);
  if (!merged.complete()) {
    std::string missing;
    for (int i = 0, k = 0; i < merged.count; ++i) {
      if (k < static_cast<int>(merged.indexes.size()) && merged.indexes[static_cast<size_t>(k)] == i) {
        ++k;
        continue;
      }
      missing += (missing.empty() ? "" : ",") + std::to_string(i);
    }
    console.warn("merge: shards " + missing + " of " + std::to_string(merged.count) +
                 " are missing: wrote a shard result to merge further, not findings.json");
  }
  for (const auto& e : r.errors) console.warn(e.input + ": " + e.message);
  for (const auto& w : r.warnings) console.warn("warning: " + w.input + ": " + w.message);
  bool readErrors = false;
  for (const auto& capture : r.captures) readErrors = readErrors || !capture.audited;
  return resultExitCode(r.anyAudited() || r.captures.empty(), readErrors || !r.errors.empty(),
                        !r.findings.empty());
}

}  // namespace

void addMergeCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge shard results of `audit --shard` into findings.json");
  cmd->add_option("shards", args->shards, "shard results (camtrace.shard/1); - reads one from stdin")
      ->required();
  cmd->add_option("-o,--output", args->output, "output path; - for stdout (default)");
  cmd->footer(
      "When the inputs cover every shard of the case, the output is findings.json, byte for byte what one\n"
      "unsharded `camtrace audit` of the case writes. Otherwise it is a shard result covering the shards "
      "given,\n"
      "which can be merged again: any grouping and order of merges gives the same bytes.\n"
      "Shards of another case, another split, other arguments or other camera profiles are refused, and so "
      "is an\n"
      "input whose SHA-256 differs between shards.\n"
      "Examples:\n"
      "  camtrace merge out/shard-*.json -o findings.json\n"
      "  camtrace merge a.json b.json -o ab.json && camtrace merge ab.json c.json -o findings.json\n"
      "Exit codes: as for audit (0 nothing found, 1 findings, 2 usage error, 3 partial).");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runMerge(*args, global); }; });
}

}  // namespace camtrace::cli
