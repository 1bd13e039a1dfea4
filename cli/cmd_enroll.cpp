#include "audit/case_auditor.h"
#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "formats/evidence_files.h"
#include "formats/media_error.h"

namespace camtrace::cli {
namespace {

struct EnrollArgs {
  std::string camera;
  std::vector<std::string> references;
  std::string output;
  int threads = 0;
};

int runEnroll(const EnrollArgs& args, const GlobalOptions& global) {
  Console console(global);
  const std::vector<std::string> inputs = evidenceFilesOf(args.references);
  checkOutputs({{"-o", args.output}}, inputs, inputs);
  AuditOptions options;
  options.threads = args.threads;
  options.progress = [&console](const std::string& line) { console.progress(line); };
  CameraProfile profile;
  try {
    profile = enrollCamera(args.camera, args.references, options);
  } catch (const MediaError& e) {
    console.warn(e.what());
    return kUsage;
  }
  if (profile.empty()) {
    console.warn("no usable frame in the references of " + args.camera + " (all damaged, flat or dark)");
    return kUsage;
  }
  writeOutput(args.output, profile.toJson().dump(1) + "\n");
  console.info("profile of " + args.camera + ": " + std::to_string(profile.entries().size()) +
               " views from " + std::to_string(profile.framesSeen()) + " frames");
  return kClean;
}

}  // namespace

void addEnrollCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<EnrollArgs>();
  CLI::App* cmd = app.add_subcommand("enroll", "Build a camera profile from reference footage");
  cmd->add_option("--camera", args->camera, "camera id the profile describes")->required();
  cmd->add_option("references", args->references, "reference videos or still folders of that camera")
      ->required();
  cmd->add_option("-o,--output", args->output, "profile path (JSON); - for stdout")->required();
  cmd->add_option("--threads", args->threads, "references decoded at once (default: one per core)")
      ->check(CLI::Range(0, 1024));
  cmd->footer(
      "Example:\n"
      "  camtrace enroll --camera cam-A ref/camA_day.mp4 ref/camA_night.mkv -o profiles/cam-A.json\n"
      "A profile can stand in for references: --reference profiles/cam-A.json, or a .json path in a case's\n"
      "\"references\".");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runEnroll(*args, global); }; });
}

}  // namespace camtrace::cli
