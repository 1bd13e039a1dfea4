#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct IncidentArgs {
  std::string findings = "-";
  bool json = false;
  int top = 10;
};

std::string show(const ojson& v) {
  if (v.is_null()) return "unknown";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string padded(const std::string& text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

const ojson& at(const ojson& o, const char* key) {
  return jsonMember(o, key);
}

void renderHeadline(std::ostream& out, const ojson& f) {
  const ojson& s = at(f, "summary");
  const ojson& b = at(s, "blast_radius");
  out << "Incident " << show(at(f, "case_id")) << "  (camtrace " << show(at(at(f, "tool"), "version"))
      << ")\n\n";
  out << "Sessions   " << show(at(s, "sessions_affected"))
      << " affected: " << show(at(b, "sessions_with_foreign_frames")) << " showed foreign frames, "
      << show(at(b, "sessions_with_cross_camera_delivery")) << " were served other cameras' objects (logs); "
      << show(at(s, "sessions_audited")) << " sessions audited from captures\n";
  out << "Viewers    " << show(at(b, "viewers_served")) << " served foreign images, "
      << show(at(b, "viewers_displayed")) << " known to have displayed them\n";
  out << "Frames     " << show(at(s, "frames_foreign")) << " foreign of " << show(at(s, "frames_audited"))
      << " audited (" << show(at(s, "frames_corrupt")) << " corrupt, " << show(at(s, "frames_indeterminate"))
      << " indeterminate)\n";
  out << "Window     " << show(at(b, "first_time")) << " .. " << show(at(b, "last_time"))
      << " (log times, UTC)\n\n";
}

// Up to `top` rows, each "key value" in columns of the given widths.
void renderTable(std::ostream& out, const char* title, const ojson& rows,
                 const std::vector<std::pair<const char*, size_t>>& columns, int top) {
  if (!rows.is_array() || rows.empty()) return;
  out << title << "\n";
  int shown = 0;
  for (const auto& row : rows) {
    if (shown++ == top) {
      out << "  ... " << rows.size() - static_cast<size_t>(top) << " more\n";
      break;
    }
    out << "  ";
    std::string line;
    for (const auto& [key, width] : columns)
      line += padded(std::string(key) + " " + show(at(row, key)), width);
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
  out << "\n";
}

void renderTimeline(std::ostream& out, const ojson& timeline) {
  const ojson& buckets = at(timeline, "buckets");
  if (!buckets.is_array() || buckets.empty()) return;
  int64_t peak = 1;
  for (const auto& bucket : buckets) peak = std::max(peak, at(bucket, "events").get<int64_t>());
  out << "Timeline (" << show(at(timeline, "bucket_seconds")) << " s buckets, cross-camera deliveries)\n";
  for (const auto& bucket : buckets) {
    const int64_t events = at(bucket, "events").get<int64_t>();
    out << "  " << show(at(bucket, "start")) << "  "
        << padded(std::string(static_cast<size_t>(1 + events * 39 / peak), '#'), 41) << events << " events, "
        << show(at(bucket, "sessions")) << " sessions\n";
  }
  out << "\n";
}

void renderFindings(std::ostream& out, const ojson& findings, int top) {
  if (!findings.is_array() || findings.empty()) return;
  out << "Findings (" << findings.size() << ")\n";
  int shown = 0;
  for (const auto& item : findings) {
    if (shown++ == top) {
      out << "  ... " << findings.size() - static_cast<size_t>(top) << " more (jq '.findings[]' for all)\n";
      break;
    }
    const bool logs = show(at(item, "type")) == "cross_camera_delivery";
    out << "  " << padded(show(at(item, "type")), 23) << padded(show(at(item, "session")), 12)
        << show(at(item, "claimed_camera")) << " -> " << show(at(item, "attributed_camera")) << "  ";
    if (logs)
      out << show(at(at(item, "evidence"), "events")) << " log events";
    else
      out << show(at(item, "frames")) << " frames from index " << show(at(item, "first_index"));
    out << "\n";
  }
  out << "\n";
}

void renderLogsAndProblems(std::ostream& out, const ojson& f) {
  const ojson& logs = at(f, "logs");
  if (logs.is_array() && !logs.empty()) {
    out << "Logs\n";
    for (const auto& log : logs)
      out << "  " << padded(show(at(log, "path")), 30) << show(at(log, "lines")) << " lines, "
          << show(at(log, "events_judged")) << " judged, " << show(at(log, "origin_records"))
          << " origin records, " << show(at(log, "objects_without_owner")) << " without a known owner, "
          << show(at(log, "malformed_lines")) << " malformed\n";
    out << "\n";
  }
  const ojson& errors = at(f, "errors");
  if (errors.is_array() && !errors.empty())
    out << "Errors     " << errors.size() << " input(s) could not be read fully (jq '.errors')\n";
  const ojson& warnings = at(f, "warnings");
  if (warnings.is_array() && !warnings.empty())
    out << "Warnings   " << warnings.size() << " note(s) on damage or weakened evidence (jq '.warnings')\n";
}

// The human view of findings.json: what an incident lead reads first.
std::string render(const ojson& f, int top) {
  std::ostringstream out;
  renderHeadline(out, f);
  const ojson& b = at(at(f, "summary"), "blast_radius");
  renderTable(out, "Cameras exposed", at(b, "cameras"),
              {{"camera", 24}, {"viewers", 14}, {"sessions", 15}, {"frames_foreign", 22}, {"log_events", 16}},
              top);
  renderTable(out, "By cache node", at(b, "cache_nodes"), {{"node", 30}, {"events", 16}, {"sessions", 14}},
              top);
  renderTable(out, "By cache-key pattern", at(b, "key_patterns"),
              {{"pattern", 40}, {"events", 16}, {"sessions", 14}}, top);
  renderTimeline(out, at(b, "timeline"));
  const ojson& n = at(b, "network");
  if (!at(n, "delivery_rtt_ms_median").is_null() || !at(n, "delivery_bitrate_kbps_median").is_null()) {
    out << "Network    deliveries' median RTT " << show(at(n, "delivery_rtt_ms_median")) << " ms (case "
        << show(at(n, "case_rtt_ms_median")) << " ms), bitrate "
        << show(at(n, "delivery_bitrate_kbps_median")) << " kbps (case "
        << show(at(n, "case_bitrate_kbps_median")) << " kbps)\n\n";
  }
  renderFindings(out, at(f, "findings"), top);
  renderLogsAndProblems(out, f);
  return out.str();
}

int runIncident(const IncidentArgs& args, const GlobalOptions&) {
  const ojson f = readFindings("incident", args.findings);
  try {
    if (args.json)
      std::cout << at(at(f, "summary"), "blast_radius").dump(2) << "\n";
    else
      std::cout << render(f, args.top);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("incident: " + args.findings + ": unexpected content (" + e.what() + ")");
  }
  return kClean;
}

}  // namespace

void addIncidentCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<IncidentArgs>();
  CLI::App* cmd = app.add_subcommand("incident", "Show an incident's blast radius from findings.json");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_flag("--json", args->json, "print summary.blast_radius as JSON instead of the text view");
  cmd->add_option("--top", args->top, "rows shown per table (default 10)")->check(CLI::Range(1, 1000000));
  cmd->footer(
      "Sessions and viewers affected (served vs displayed where logs or captures tell), cameras exposed and "
      "to\n"
      "how many viewers, first and last time, breakdown by cache node and cache-key pattern, a timeline, "
      "and\n"
      "the network conditions of the deliveries against the whole case.\n"
      "Examples:\n"
      "  camtrace incident findings.json\n"
      "  camtrace audit --case case.json | camtrace incident\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runIncident(*args, global); }; });
}

}  // namespace camtrace::cli
