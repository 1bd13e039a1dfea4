#include <chrono>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "cli/recorded_inputs.h"
#include "formats/log_time.h"
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

// The finding's own fields for the consumer to join and filter on, under one key.
ojson camtraceFields(const ojson& f, const ojson& item) {
  ojson fields;
  fields["case_id"] = jsonMember(f, "case_id");
  fields["finding_id"] = jsonMember(item, "id");
  for (const char* column : kColumns) fields[column] = jsonMember(item, column);
  return fields;
}

// Timesketch's JSONL import: message, datetime and timestamp_desc on every line. A finding without a time
// of day cannot be placed on a timeline and is left out (counted on stderr).
std::string toTimesketch(const ojson& f, size_t& untimed) {
  std::string out;
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
    line.update(camtraceFields(f, item));  // case_id, finding_id, then the columns
    out += line.dump() + "\n";
  }
  return out;
}

// When the export itself was made (seconds since 1970): SOURCE_DATE_EPOCH when set (the reproducible-builds
// convention, so that an export can be made byte for byte again), else now.
double exportTime() {
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long value = std::strtoll(fixed, &end, 10);
    if (end != fixed && *end == '\0' && value >= 0) return static_cast<double>(value);
  }
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A finding's weight for a SIEM: another camera's frames or objects reached a viewer (high); a view no
// camera has (low: the camera moved, or a feed unknown to the case).
int severityId(const std::string& type) {
  return type == "scene_change" ? 2 : 4;  // OCSF: 2 Low, 4 High
}
const char* severityName(int id) {
  return id == 2 ? "Low" : "High";
}

int64_t epochMillis(double seconds) {
  return static_cast<int64_t>(std::llround(seconds * 1000));
}

// OCSF 1.1 Detection Finding (class 2004, category Findings), activity Create: one record per finding.
// `time` is when the record was made (the export); the frames' or log lines' time of day, where known, is
// `start_time`, as OCSF defines them.
std::string toOcsf(const ojson& f, double now) {
  std::string out;
  const ojson& tool = jsonMember(f, "tool");
  for (const auto& item : jsonMember(f, "findings")) {
    const std::string type = text(jsonMember(item, "type"));
    const int severity = severityId(type);
    ojson r;
    r["class_uid"] = 2004;
    r["class_name"] = "Detection Finding";
    r["category_uid"] = 2;
    r["category_name"] = "Findings";
    r["activity_id"] = 1;
    r["activity_name"] = "Create";
    r["type_uid"] = 200401;
    r["type_name"] = "Detection Finding: Create";
    r["severity_id"] = severity;
    r["severity"] = severityName(severity);
    r["status_id"] = 1;
    r["status"] = "New";
    r["time"] = epochMillis(now);
    if (const auto start = parseLogTime(text(jsonMember(item, "time"))))
      r["start_time"] = epochMillis(*start);
    const std::string summary = message(item);
    r["message"] = summary;
    r["confidence_score"] = static_cast<int>(std::lround(
        jsonMember(item, "confidence").is_number() ? jsonMember(item, "confidence").get<double>() * 100
                                                   : 0.0));
    r["finding_info"] = {
        {"uid", jsonMember(item, "id")},
        {"title", summary},
        {"types", {type}},
        {"data_sources", {type == "cross_camera_delivery" ? "serving logs" : "video captures"}}};
    r["metadata"] = {
        {"version", "1.1.0"},
        {"product",
         {{"name", "camtrace"}, {"vendor_name", "camtrace"}, {"version", jsonMember(tool, "version")}}},
        {"correlation_uid", jsonMember(f, "case_id")}};
    ojson resources = ojson::array();
    for (const char* role : {"claimed_camera", "attributed_camera"}) {
      const std::string camera = text(jsonMember(item, role));
      if (!camera.empty()) resources.push_back({{"type", "camera"}, {"uid", camera}, {"labels", {role}}});
    }
    r["resources"] = std::move(resources);
    r["unmapped"] = camtraceFields(f, item);
    out += r.dump() + "\n";
  }
  return out;
}

// Elastic Common Schema 8.11 documents: an alert about a viewing session, one per finding. @timestamp is the
// finding's time of day where known, else when the export was made (event.created in both cases).
std::string toEcs(const ojson& f, double now) {
  std::string out;
  const ojson& tool = jsonMember(f, "tool");
  for (const auto& item : jsonMember(f, "findings")) {
    const std::string type = text(jsonMember(item, "type"));
    const auto start = parseLogTime(text(jsonMember(item, "time")));
    ojson d;
    d["@timestamp"] = formatUtc(start ? *start : now);
    d["message"] = message(item);
    d["ecs"] = {{"version", "8.11.0"}};
    ojson event;
    event["kind"] = "alert";
    event["category"] = {"session"};
    event["type"] = {"info"};
    event["id"] = jsonMember(item, "id");
    event["dataset"] = "camtrace.findings";
    event["module"] = "camtrace";
    event["action"] = type;
    event["severity"] = severityId(type);
    event["created"] = formatUtc(now);
    if (start) event["start"] = formatUtc(*start);
    d["event"] = std::move(event);
    d["observer"] = {
        {"product", "camtrace"}, {"vendor", "camtrace"}, {"version", jsonMember(tool, "version")}};
    d["labels"] = {{"case_id", jsonMember(f, "case_id")}, {"finding_id", jsonMember(item, "id")}};
    d["camtrace"] = camtraceFields(f, item);
    out += d.dump() + "\n";
  }
  return out;
}

int runExport(const ExportArgs& args, const GlobalOptions& global) {
  Console console(global);
  const ojson f = readFindings("export", args.findings);
  // Not onto the findings file, nor onto or into the evidence it names (an export written over the case
  // manifest replaced it).
  checkOutputFromFindings(
      args.output, f,
      args.findings == "-" ? std::vector<std::string>{} : std::vector<std::string>{args.findings});
  std::string out;
  size_t untimed = 0;
  try {
    if (args.format == "csv")
      out = toCsv(f);
    else if (args.format == "timesketch")
      out = toTimesketch(f, untimed);
    else if (args.format == "ocsf")
      out = toOcsf(f, exportTime());
    else
      out = toEcs(f, exportTime());
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
  CLI::App* cmd =
      app.add_subcommand("export", "Write findings.json as CSV, Timesketch JSONL, OCSF or ECS records");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_option("--format", args->format,
                  "csv: one row per finding; timesketch: one JSON line per timed finding; ocsf: one OCSF "
                  "Detection Finding (class 2004) per finding; ecs: one Elastic Common Schema document per "
                  "finding")
      ->required()
      ->check(CLI::IsMember({"csv", "timesketch", "ocsf", "ecs"}));
  cmd->add_option("-o,--output", args->output, "output path; - for stdout (default)");
  cmd->footer(
      "Every record carries the case id and the finding id, so it joins back to findings.json. CSV follows "
      "RFC\n"
      "4180 (CRLF lines, quoted fields where needed). Timesketch lines carry message, datetime (the "
      "finding's\n"
      "time, UTC) and timestamp_desc; findings without a time of day are left out and counted on stderr.\n"
      "OCSF and ECS are JSON Lines, every finding included: OCSF's time and ECS's event.created are when "
      "the\n"
      "export ran (SOURCE_DATE_EPOCH, when set, fixes it), the finding's time of day is start_time /\n"
      "@timestamp and event.start; the finding's own fields are under unmapped / camtrace.\n"
      "Examples:\n"
      "  camtrace export findings.json --format csv -o findings.csv\n"
      "  camtrace export findings.json --format timesketch -o timeline.jsonl\n"
      "  camtrace export findings.json --format ocsf -o findings.ocsf.jsonl\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runExport(*args, global); }; });
}

}  // namespace camtrace::cli
