#pragma once

#include <functional>
#include <string>

#include "audit/audit_result.h"
#include "audit/case_manifest.h"
#include "audit/shard_plan.h"

namespace camtrace {

// Reads every log of the case (streaming), correlates it with the manifest's sessions and appends
// `cross_camera_delivery` findings for this shard's sessions to `result`, the per-log reports and network
// statistics (shard 0 only, so that merged shards count each log once), and an error for each log that
// cannot be read. Logs whose lines cannot name an object's owner get a first pass that learns ownership
// from origin lines (no session, a camera and an object).
// `progress`, when given, gets a line (audit/progress_line.h) as each long log is read.
void auditLogs(const CaseManifest& manifest, const ShardPlan& plan, AuditResult& result,
               const std::function<void(const std::string&)>& progress = nullptr);

}  // namespace camtrace
