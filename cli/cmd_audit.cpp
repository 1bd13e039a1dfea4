#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "analyzers/analyzer.h"
#include "audit/case_auditor.h"
#include "audit/case_manifest.h"
#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "formats/input_digest.h"
#include "formats/still_folder_reader.h"
#include "report/findings_writer.h"
#include "report/shard_result.h"

namespace camtrace::cli {
namespace {

struct AuditArgs {
  std::string casePath;
  std::vector<std::string> captures;
  std::string camera;
  std::vector<std::string> references;
  std::string output = "-";
  std::string frames;
  int threads = 0;
  std::vector<std::string> analyzerOptions;  // NAME=VALUE
  bool explain = false;
  bool provenance = false;
  bool pdq = false;
  std::vector<std::string> rtpMap;
  std::string shard;  // I/N, auto/N or auto
};

std::map<std::string, double> parseAnalyzerOptions(const std::vector<std::string>& items) {
  std::map<std::string, double> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    try {
      size_t used = 0;
      if (eq == std::string::npos) throw std::invalid_argument(item);
      const double value = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument(item);
      out[item.substr(0, eq)] = value;
    } catch (const std::exception&) {
      throw UsageError("audit: --analyzer-option wants ANALYZER.OPTION=NUMBER, got \"" + item + "\"");
    }
  }
  return out;
}

std::string analyzerHelp() {
  std::string text = "Analyzers (cost per megapixel relative to pdq) and their options:\n";
  for (const auto& analyzer : AnalyzerRegistry::instance().createAll()) {
    char cost[32];
    std::snprintf(cost, sizeof cost, "%.1f", analyzer->cost());
    text += "  " + std::string(analyzer->name()) + " (" + cost +
            "): " + std::string(analyzer->description()) + "\n";
    for (const auto& option : analyzer->options()) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", option.defaultValue);
      text += "    --analyzer-option " + std::string(analyzer->name()) + "." + option.name + "=" + value +
              "  " + option.help + "\n";
    }
  }
  return text;
}

CaseManifest adHocManifest(const AuditArgs& args) {
  if (args.camera.empty()) throw UsageError("audit: give --case CASE.json, or captures with --camera ID");
  CaseManifest manifest;
  std::string key = args.camera;
  for (const auto& c : args.captures) key += "\n" + c;
  manifest.caseId = "adhoc-" + sha256Hex(key).substr(0, 12);
  manifest.cameras.push_back({args.camera, args.references, {}});
  for (const auto& capture : args.captures)
    manifest.sessions.push_back({capture, args.camera, "", {capture}, std::nullopt});
  return manifest;
}

// Stills given one by one in the single-capture form are one session each: usually a glob the shell
// expanded ("cap/thumbs/*.jpg" unquoted), where the user meant one session of stills.
std::optional<InputError> stillsAsSessions(const AuditArgs& args) {
  std::vector<std::string> stills;
  for (const auto& c : args.captures)
    if (StillFolderReader::isStillName(std::filesystem::path(c).filename().string())) stills.push_back(c);
  if (stills.size() < 2) return std::nullopt;
  return InputError{
      stills.front(),
      std::to_string(stills.size()) + " stills were given as " + std::to_string(stills.size()) +
          " separate captures, so each is its own session: if a shell expanded a glob, quote it "
          "('cap/thumbs/*.jpg') or give the folder to audit them as one session"};
}

int runAudit(const AuditArgs& args, const GlobalOptions& global) {
  Console console(global);
  if (!args.casePath.empty() && !args.captures.empty())
    throw UsageError("audit: give --case or captures, not both");
  if (!args.casePath.empty() && (!args.references.empty() || !args.camera.empty())) {
    throw UsageError(
        "audit: --camera and --reference belong to the single-capture form; with --case, cameras and "
        "references are in the manifest");
  }
  if (args.casePath.empty() && args.captures.empty())
    throw UsageError("audit: nothing to audit (see --help)");
  if (args.pdq && args.frames.empty())
    throw UsageError("audit: --pdq adds each frame's PDQ to frames.jsonl: give --frames FILE too");
  if (args.output == "-" && args.frames == "-")
    throw UsageError("audit: findings and frames cannot both go to stdout");
  CaseManifest manifest;
  try {
    manifest = args.casePath.empty() ? adHocManifest(args) : loadManifest(args.casePath);
  } catch (const ManifestError& e) {
    throw UsageError(e.what());
  }
  const std::vector<std::string> inputs = manifest.evidenceFiles();
  // The manifest and saved profiles (`enroll`'s .json references) are the responder's own files, not
  // evidence: outputs may be written beside them.
  std::set<std::string> own{manifest.manifestPath};
  for (const auto& camera : manifest.cameras)
    for (const auto& reference : camera.references)
      if (std::filesystem::path(reference).extension() == ".json") own.insert(manifest.resolve(reference));
  std::vector<std::string> evidence;
  std::copy_if(inputs.begin(), inputs.end(), std::back_inserter(evidence),
               [&](const std::string& file) { return !own.count(file); });
  checkOutputs({{"-o", args.output}, {"--frames", args.frames}}, inputs, evidence);

  AuditOptions options;
  options.threads = args.threads;
  options.argv = resultArgv(global.argv);
  // --explain writes every frame's sensor-noise correlations: read them on every frame, not only on the
  // frames of findings (the findings are the same either way).
  options.evidenceOnEveryFrame = args.explain && !args.frames.empty();
  options.interoperablePdq = args.pdq && !args.frames.empty();
  if (!args.shard.empty()) {
    if (args.casePath.empty()) throw UsageError("audit: --shard needs --case");
    try {
      options.shard = parseShardSpec(args.shard, [](const char* name) { return std::getenv(name); });
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("audit: ") + e.what());
    }
  }
  options.analyzerOptions = parseAnalyzerOptions(args.analyzerOptions);
  options.capture.rtpMap = parseRtpMap(args.rtpMap);
  try {
    AnalyzerRegistry::instance().createAll(options.analyzerOptions);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("audit: ") + e.what());
  }
  options.progress = [&console](const std::string& line) { console.progress(line); };
  AuditResult result = auditCase(manifest, options);
  if (auto note = stillsAsSessions(args)) result.warnings.push_back(*note);

  for (const auto& e : result.errors) console.warn(e.input + ": " + e.message);
  for (const auto& w : result.warnings) console.warn("warning: " + w.input + ": " + w.message);
  // frames.jsonl first, findings last, naming the frames' SHA-256: killed between the two, the findings on
  // disk name another frames.jsonl than the one beside them, and a reader can tell.
  std::string framesDigest;
  if (!args.frames.empty()) {
    std::ostringstream frames;
    writeFramesJsonl(frames, result, args.explain, args.provenance);
    const std::string text = frames.str();  // one copy: a frames.jsonl can be hundreds of MB
    framesDigest = sha256Hex(text);
    writeOutput(args.frames, text);
  }
  if (args.shard.empty()) {
    writeOutput(args.output, dumpFindings(result, framesDigest));
  } else {
    ShardResult shard{result, options.shard.count, {options.shard.index}};
    writeOutput(args.output, dumpShardResult(shard));
    console.info("wrote shard " + std::to_string(options.shard.index) + " of " +
                 std::to_string(options.shard.count));
  }
  size_t foreign = 0;
  for (const auto& f : result.findings) foreign += static_cast<size_t>(f.frames);
  console.info(std::to_string(result.findings.size()) + " finding(s), " + std::to_string(foreign) +
               " foreign frame(s)");
  // A shard step succeeds when its result is written: findings and unreadable inputs are in it, and the
  // merge's exit code reports them. Kubernetes and Slurm retry a task that exits non-zero.
  if (!args.shard.empty()) return kClean;
  if (!result.anyAudited()) console.warn("nothing could be audited");
  bool readErrors = false;
  for (const auto& capture : result.captures) readErrors = readErrors || !capture.audited;
  const bool audited = result.anyAudited();
  return resultExitCode(audited, readErrors || !result.errors.empty(), !result.findings.empty());
}

}  // namespace

void addAuditCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd =
      app.add_subcommand("audit", "Decide, for every frame, whether it came from the session's camera");
  cmd->add_option("--case", args->casePath,
                  "case manifest (CASE.json, see docs/inputs.md); paths in it are relative to it")
      ->check(CLI::ExistingFile);
  cmd->add_option("captures", args->captures,
                  "capture files or still folders (single-camera form, with --camera)");
  cmd->add_option("--camera", args->camera, "camera the captures claim to show (single-camera form)");
  cmd->add_option("--reference", args->references,
                  "reference footage of --camera, or a profile from `camtrace enroll` (repeatable)");
  cmd->add_option("-o,--output", args->output, "findings.json path; - for stdout (default)");
  cmd->add_option("--frames", args->frames,
                  "also write one JSON line per frame (frames.jsonl) here; - for stdout");
  cmd->add_option(
         "--threads", args->threads,
         "threads (default: one per core); captures are decoded at once, and a capture with threads to "
         "spare is decoded on them (FFmpeg's frame threads; stills ahead) and analysed while it decodes; "
         "a damaged stream is read again on one decoder thread, so the output is the same for any number; "
         "each thread reading a camera's 1080p reference holds about 70 MB of what it learns")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--explain", args->explain,
                "add each frame's evidence (scores, cuts, damage) to frames.jsonl");
  cmd->add_flag(
      "--pdq", args->pdq,
      "add each frame's PDQ hash and quality, bit for bit as ThreatExchange's vPDQ computes them, to "
      "frames.jsonl (decodes in colour too: slower)");
  cmd->add_flag("--provenance", args->provenance,
                "add each frame's provenance (file, packet byte position, HLS segment and media sequence) to "
                "frames.jsonl");
  cmd->add_option("--rtp-map", args->rtpMap,
                  "PT=h264|h265|jpeg: codec of an RTP payload type no SDP in the capture names");
  cmd->add_option(
      "--shard", args->shard,
      "I/N: audit only shard I of N (sessions I, I+N, ...) and write a shard result for `camtrace merge`; "
      "auto/N or auto take I (and N) from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID/_COUNT");
  cmd->add_option("--analyzer-option", args->analyzerOptions,
                  "ANALYZER.OPTION=NUMBER, to tune an analyzer (listed below)");
  cmd->footer(
      analyzerHelp() +
      "Examples:\n"
      "  camtrace audit --case incident/case.json -o findings.json --frames frames.jsonl\n"
      "  camtrace audit cap/s-001.ts --camera cam-A --reference ref/camA_day.mp4 --reference "
      "ref/camA_night.mp4\n"
      "  camtrace audit --case case.json --shard 3/16 -o shard-3.json   # then: camtrace merge shard-*.json "
      "-o findings.json\n"
      "Logs listed in the manifest (JSON Lines, nginx, Apache, CSV, TSV; see docs/logs.md) are\n"
      "correlated with the sessions: objects of another camera become cross_camera_delivery findings, and\n"
      "summary.blast_radius counts sessions, viewers, cameras, cache nodes and key patterns.\n"
      "Outputs never land on evidence: one that is, links to or lies inside an input is refused before any\n"
      "decoding; each is written whole (temporary, fsync, rename), frames.jsonl first, findings.json last.\n"
      "Exit codes: 0 nothing found, 1 findings, 2 usage error, unwritable output or nothing audited,\n"
      "3 partial (some input not read, wholly or in part: see errors; damage such as RTP loss is a "
      "warning);\n"
      "with --shard, 0 once the shard result is written.");
  run = nullptr;
  cmd->callback([args, &global, &run] { run = [args, &global] { return runAudit(*args, global); }; });
}

}  // namespace camtrace::cli
