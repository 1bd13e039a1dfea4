#pragma once

#include <nlohmann/json.hpp>

#include "audit/audit_result.h"

namespace camtrace {

// findings.json "summary": frame counts, and the incident's blast radius: sessions, viewers (served vs
// displayed where the logs tell them apart), cameras exposed and to how many viewers, first and last time,
// breakdown by cache node and cache-key pattern, a timeline, and network conditions of the deliveries
// against the whole case. A pure function of the result's captures' counts, findings and log statistics,
// so a merge of shards computes the same summary as one run.
nlohmann::ordered_json summarize(const AuditResult& result);

}  // namespace camtrace
