// camtrace: proves, frame by frame, whether what a viewer was shown came from the camera the session claims.
// This file only wires subcommands to CLI11 and maps failures to docs/design.md's exit codes.

#include <cstdio>
#include <iostream>

#include "analyzers/heap_settings.h"
#include "cli/cli_support.h"
#include "formats/ffmpeg_handles.h"
#include "report/library_versions.h"

namespace {

int runCamtrace(int argc, char** argv) {
  using namespace camtrace::cli;
  CLI::App app{
      "camtrace: audit camera-stream evidence and find frames that did not come from the session's camera.\n"
      "Exit codes: 0 nothing found, 1 findings, 2 usage error or nothing audited, 3 partial (some inputs\n"
      "unreadable; see `errors`).",
      "camtrace"};
  app.set_version_flag(
      "--version", std::string("camtrace ") + CAMTRACE_VERSION + " (" + camtrace::libraryVersionLine() + ")");
  app.require_subcommand(1);
  app.fallthrough();  // -v and -q work after the subcommand too
  app.footer(
      "Examples:\n  camtrace simulate --out demo --seed 7\n  camtrace audit --case demo/case.json -o "
      "findings.json --frames frames.jsonl\n"
      "Run `camtrace SUBCOMMAND --help` for each subcommand.");
  GlobalOptions global;
  global.argv.assign(argv, argv + argc);
  app.add_flag("-v,--verbose", global.verbosity, "explain more on stderr (repeat for FFmpeg's own warnings)");
  app.add_flag("-q,--quiet", global.quiet, "no progress or warnings on stderr");
  CommandRunner run;
  addAuditCommand(app, global, run);
  addEnrollCommand(app, global, run);
  addProbeCommand(app, global, run);
  addSimulateCommand(app, global, run);
  addMergeCommand(app, global, run);
  addIncidentCommand(app, global, run);
  addVerifyCommand(app, global, run);
  addExportCommand(app, global, run);
  addExtractCommand(app, global, run);
  addReportCommand(app, global, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  camtrace::ffmpeg::setLogVerbosity(global.quiet ? 0 : global.verbosity);
  try {
    return run();
  } catch (const UsageError& e) {
    std::cerr << "camtrace: " << e.what() << '\n';
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "camtrace: " << e.what() << '\n';
    return kUsage;
  }
}

}  // namespace

int main(int argc, char** argv) {
  camtrace::keepLargeBuffersInTheHeap();
  camtrace::shareHeapArenas();
  try {
    return runCamtrace(argc, argv);
  } catch (const std::exception& e) {  // thrown while the commands were being set up
    std::fputs("camtrace: internal error: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputc('\n', stderr);
    return camtrace::cli::kUsage;
  } catch (...) {
    return camtrace::cli::kUsage;
  }
}
