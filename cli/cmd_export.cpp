#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct ExportArgs {
  std::string findings = "-";
  std::string format;
  std::string output = "-";
};

// The finding fields every export carries, in this order; the case and finding ids join a record back to
// findings.json.
constexpr const char* kColumns[] = {
    "type",        "session",    "capture",   "claimed_camera", "attributed_camera",
    "first_index", "last_index", "first_pts", "last_pts",       "time",
    "time_source", "frames",     "confidence"};

std::string text(const ojson& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string csvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string toCsv(const ojson& f) {
  std::ostringstream out;
  out << "case_id,finding_id";
  for (const char* column : kColumns) out << ',' << column;
  out << "\r\n";
  const std::string caseId = text(jsonMember(f, "case_id"));
  for (const auto& item : jsonMember(f, "findings")) {
    out << csvField(caseId) << ',' << csvField(text(jsonMember(item, "id")));
    for (const char* column : kColumns) out << ',' << csvField(text(jsonMember(item, column)));
    out << "\r\n";
  }
  return out.str();
}

// What a timeline reader sees first: who was shown whose camera, and how much.
std::string message(const ojson& item) {
  const std::string type = text(jsonMember(item, "type"));
  const std::string attributed = text(jsonMember(item, "attributed_camera"));
  std::string m = "session " + text(jsonMember(item, "session")) + " claiming " +
                  text(jsonMember(item, "claimed_camera")) + ": ";
  if (type == "cross_camera_delivery") return m + "served objects of " + attributed + " (logs)";
  if (type == "scene_change") return m + text(jsonMember(item, "frames")) + " frames of a view no camera has";
  return m + text(jsonMember(item, "frames")) + " frames from " +
         (attributed.empty() ? "an unknown camera" : attributed);
}

// Timesketch's JSONL import: message, datetime and timestamp_desc on every line. A finding without a time
// of day cannot be placed on a timeline and is left out (counted on stderr).
std::string toTimesketch(const ojson& f, size_t& untimed) {
  std::string out;
  const std::string caseId = text(jsonMember(f, "case_id"));
  for (const auto& item : jsonMember(f, "findings")) {
    const ojson& time = jsonMember(item, "time");
    if (!time.is_string()) {
      ++untimed;
      continue;
    }
    ojson line;
    line["message"] = message(item);
    line["datetime"] = time;
    line["timestamp_desc"] = "camtrace " + text(jsonMember(item, "type")) + " (time from " +
                             text(jsonMember(item, "time_source")) + ")";
    line["case_id"] = caseId;
    line["finding_id"] = jsonMember(item, "id");
    for (const char* column : kColumns) line[column] = jsonMember(item, column);
    out += line.dump() + "\n";
  }
  return out;
}

int runExport(const ExportArgs& args, const GlobalOptions& global) {
  Console console(global);
  checkOutputs({{"-o", args.output}},
               args.findings == "-" ? std::vector<std::string>{} : std::vector<std::string>{args.findings});
  const ojson f = readFindings("export", args.findings);
  std::string out;
  size_t untimed = 0;
  try {
    out = args.format == "csv" ? toCsv(f) : toTimesketch(f, untimed);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("export: " + args.findings + ": unexpected content (" + e.what() + ")");
  }
  writeOutput(args.output, out);
  if (untimed > 0)
    console.warn(
        "export: " + std::to_string(untimed) +
        " finding(s) without a time of day left out of the timeline (see time_source in findings.json)");
  return kClean;
}

}  // namespace

void addExportCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write findings.json as CSV or Timesketch JSONL");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_option("--format", args->format,
                  "csv: one row per finding; timesketch: one JSON line per timed finding")
      ->required()
      ->check(CLI::IsMember({"csv", "timesketch"}));
  cmd->add_option("-o,--output", args->output, "output path; - for stdout (default)");
  cmd->footer(
      "Every record carries the case id and the finding id, so it joins back to findings.json. CSV follows "
      "RFC\n"
      "4180 (CRLF lines, quoted fields where needed). Timesketch lines carry message, datetime (the "
      "finding's\n"
      "time, UTC) and timestamp_desc; findings without a time of day are left out and counted on stderr.\n"
      "Examples:\n"
      "  camtrace export findings.json --format csv -o findings.csv\n"
      "  camtrace export findings.json --format timesketch -o timeline.jsonl\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runExport(*args, global); }; });
}

}  // namespace camtrace::cli
