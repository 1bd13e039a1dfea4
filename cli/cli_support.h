#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace camtrace::cli {

// docs/design.md's exit codes: scripts depend on them.
enum ExitCode : int {
  kClean = 0,     // audited, nothing found
  kFindings = 1,  // audited, findings present
  kUsage = 2,     // usage error, or nothing could be audited
  kPartial = 3,   // some inputs could not be read; the rest was audited (beats kFindings)
};

// Raised below main() for a usage problem found after parsing (conflicting outputs, an output path inside
// the evidence); main() prints it and exits with kUsage.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct GlobalOptions {
  int verbosity = 0;  // -v, -vv
  bool quiet = false;
  std::vector<std::string> argv;  // as typed, recorded in findings.json
};

// Lines on stderr: progress only when stderr is a terminal and not -q; warnings unless -q.
class Console {
 public:
  explicit Console(const GlobalOptions& options);
  void progress(const std::string& line) const;
  void warn(const std::string& line) const;
  void info(const std::string& line) const;  // shown with -v

 private:
  bool progress_;
  bool quiet_;
  int verbosity_;
};

// The whole of a file named on the command line, or of standard input for "-"; throws UsageError naming it
// (with `command`) when it cannot be opened.
std::string readInput(const std::string& command, const std::string& path);

// A findings.json (from audit or merge) read by `command`; throws UsageError naming `path` for anything else.
nlohmann::ordered_json readFindings(const std::string& command, const std::string& path);
// The same for findings already read (`path` names them in errors).
nlohmann::ordered_json parseFindings(const std::string& command, const std::string& path,
                                     const std::string& text);

// "--rtp-map PT=codec" values ("96=h264", "98=h265") as a payload-type map; throws UsageError.
std::map<int, std::string> parseRtpMap(const std::vector<std::string>& items);

// The arguments recorded in findings.json's tool.argv: those that decide the result. Output paths, --threads,
// --shard, --explain, --provenance, -q and -v are left out and the program is named "camtrace", so that one
// case audited in one run or in shards, written anywhere, gives the same bytes.
std::vector<std::string> resultArgv(const std::vector<std::string>& argv);

// Exit code for a finished audit or merge (docs/design.md): errors beat findings.
int resultExitCode(bool anyAudited, bool errors, bool findings);

using CommandRunner = std::function<int()>;

// Each subcommand adds itself to the app and sets `run` to the code that executes it.
void addAuditCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addEnrollCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addProbeCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addSimulateCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addMergeCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addIncidentCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addVerifyCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addExportCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addExtractCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);
void addReportCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run);

}  // namespace camtrace::cli
