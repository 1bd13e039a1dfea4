#include "log_audit.h"

#include <chrono>
#include <filesystem>

#include "audit/log_correlator.h"
#include "audit/progress_line.h"
#include "formats/media_error.h"

namespace camtrace {
namespace {

// A mapping that names a field (almost) no line has degrades the audit without failing it: a session field
// spelled wrong turns every delivery into an origin record and shrinks the blast radius. Said per log, for
// the fields the manifest maps and for the time and object every correlation needs.
void warnAboutAbsentFields(const LogSpec& spec, const LogReadStats& stats, AuditResult& result) {
  if (stats.events == 0) return;
  for (const auto& [field, present] : stats.fieldPresent) {
    const bool key = field == "time" || field == "object";
    if (present * 100 > stats.events || (!key && !spec.fieldsGiven)) continue;
    std::string effect;
    if (field == "session")
      effect =
          ": events without a session are read as origin records, not deliveries, and the blast radius "
          "shrinks";
    if (field == "object") effect = ": events without an object cannot be tied to a camera's images";
    if (field == "time") effect = ": events have no time";
    std::string message = "field \"" + field + "\" is mapped to \"";
    message += spec.fields.at(field).field;
    message += "\", which " + std::to_string(present) + " of " + std::to_string(stats.events);
    message += " events have" + effect;
    result.warnings.push_back({spec.path, std::move(message)});
  }
}

}  // namespace

void auditLogs(const CaseManifest& manifest, const ShardPlan& plan, AuditResult& result,
               const std::function<void(const std::string&)>& progress) {
  if (manifest.logs.empty()) return;
  LogCorrelator correlator(manifest, [&plan](const std::string& session) { return plan.owns(session); });
  bool ownershipPass = false;
  for (const auto& log : manifest.logs)
    ownershipPass = ownershipPass || (!log.fields.count("object_camera") && log.objectCameraPattern.empty());
  if (ownershipPass) {
    for (size_t i = 0; i < manifest.logs.size(); ++i) {
      try {
        readLogEvents(manifest.logs[i], static_cast<int>(i), manifest.resolve(manifest.logs[i].path),
                      [&](const LogEvent& e) { correlator.addOwnership(e); });
      } catch (const std::exception&) {
        // The second pass reads it again and reports why it cannot.
      }
    }
  }
  std::vector<LogReport> reports;
  for (size_t i = 0; i < manifest.logs.size(); ++i) {
    const LogSpec& spec = manifest.logs[i];
    LogReport report;
    report.path = spec.path;
    report.format = spec.format;
    try {
      const std::string path = manifest.resolve(spec.path);
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      const int64_t total = ec ? 0 : static_cast<int64_t>(size);
      const auto start = std::chrono::steady_clock::now();
      auto said = [&](int64_t bytes, int64_t lines) {
        if (!progress) return;
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        progress(logProgressLine(spec.path, bytes, total, lines, elapsed.count()));
      };
      // Every shard reads and judges every line (recording only its own sessions' deliveries), so shard 0's
      // counts are those of one unsharded run.
      LogReadStats stats = readLogEvents(
          spec, static_cast<int>(i), path,
          [&](const LogEvent& e) {
            switch (correlator.add(e)) {
              case LogCorrelator::Outcome::Judged:
                ++report.judged;
                break;
              case LogCorrelator::Outcome::OriginRecord:
                ++report.originRecords;
                break;
              case LogCorrelator::Outcome::NoOwner:
                ++report.noOwner;
                break;
              case LogCorrelator::Outcome::NoCamera:
                ++report.noCamera;
                break;
              case LogCorrelator::Outcome::NoObject:
                break;
            }
          },
          said);
      report.lines = stats.lines;
      report.events = stats.events;
      report.malformed = stats.malformed;
      report.badTimes = stats.badTimes;
      report.examples = stats.examples;
      warnAboutAbsentFields(spec, stats, result);
    } catch (const MediaError& e) {
      result.errors.push_back({spec.path, e.detail()});
      continue;
    } catch (const std::exception& e) {
      result.errors.push_back({spec.path, e.what()});
      continue;
    }
    reports.push_back(std::move(report));
  }
  auto findings = correlator.finish();
  result.findings.insert(result.findings.end(), findings.begin(), findings.end());
  if (plan.spec().index == 0) {
    result.logs = std::move(reports);
    result.network = correlator.network();
  }
}

}  // namespace camtrace
