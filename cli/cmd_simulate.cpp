#include <algorithm>
#include <filesystem>

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "simulate/clock_style.h"
#include "simulate/incident_simulator.h"

namespace camtrace::cli {
namespace {

int runSimulate(const sim::SimulationOptions& options, const GlobalOptions& global) {
  Console console(global);
  std::error_code ec;
  if (std::filesystem::exists(options.outDir, ec) && !std::filesystem::is_empty(options.outDir, ec)) {
    throw UsageError("simulate: " + options.outDir + " exists and is not empty; choose a new folder");
  }
  console.progress("rendering " + std::to_string(options.cameras) + " cameras and " +
                   std::to_string(options.sessions) + " sessions into " + options.outDir);
  sim::SimulationResult result = sim::simulateIncident(options);
  writeOutput("-", result.manifestPath + "\n");
  console.info("ground truth: " + result.truthPath);
  return kClean;
}

std::string styleList() {
  size_t column = 0;
  for (const auto& style : sim::clockStyles()) column = std::max(column, style.name.size() + 2);
  std::string list;
  for (const auto& style : sim::clockStyles())
    list.append("\n  ").append(style.name).append(column - style.name.size(), ' ').append(style.format);
  return list;
}

}  // namespace

void addSimulateCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto options = std::make_shared<sim::SimulationOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Render a synthetic incident case with ground truth");
  cmd->add_option("--out", options->outDir, "new folder for the case (case.json, truth.json, ref/, cap/)")
      ->required();
  cmd->add_option("--seed", options->seed,
                  "random seed; the same seed renders the same scenes, bursts and ground truth")
      ->capture_default_str();
  cmd->add_option("--cameras", options->cameras, "number of cameras")
      ->capture_default_str()
      ->check(CLI::Range(2, 64));
  cmd->add_option("--sessions", options->sessions, "number of viewing sessions")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--width", options->width, "picture width (even)")
      ->capture_default_str()
      ->check(CLI::Range(64, 3840));
  cmd->add_option("--height", options->height, "picture height (even)")
      ->capture_default_str()
      ->check(CLI::Range(48, 2160));
  cmd->add_option("--fps", options->fps, "frames per second")
      ->capture_default_str()
      ->check(CLI::Range(1, 60));
  cmd->add_option("--seconds", options->sessionSeconds, "length of each session")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--reference-seconds", options->referenceSeconds, "length of each reference clip")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--kinds", options->kinds,
                  "session kinds to cycle through (bursts, clean, damaged, stills); default: the mix below")
      ->delimiter(',');
  cmd->add_option(
         "--clock-styles", options->clockStyles,
         "burned-in clock styles, camera i drawn in style i modulo their number, or \"all\"; default: "
         "rom (YYYY-MM-DD hh:mm:ss in a character ROM). See the footer")
      ->delimiter(',');
  cmd->add_option("--log-sessions", options->logSessions, "sessions that exist only in the serving logs")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000000));
  cmd->footer(
      "Sessions cycle through the kinds an incident leaves: bursts of 1-30 frames of other cameras (MP4,\n"
      "TS, MKV), JPEG thumbnails with foreign stills, packet-loss damage (TS), and clean sessions with\n"
      "light and IR switches. truth.json gives, per session and frame index, the true camera and the\n"
      "damaged frames. logs/ holds serving logs (JSON Lines, nginx, Apache, CSV, and a TSV origin log) of "
      "the\n"
      "captured sessions and of --log-sessions more; truth.json \"logs\" lists every cross-camera delivery.\n"
      "Clock styles (--clock-styles), each drawing its strftime format in its own font, size and look:" +
      styleList() +
      "\ntruth.json names every camera's style.\n"
      "Example:\n  camtrace simulate --out demo --seed 7 && camtrace audit --case demo/case.json -o f.json");
  cmd->callback(
      [options, &global, &run] { run = [options, &global] { return runSimulate(*options, global); }; });
}

}  // namespace camtrace::cli
