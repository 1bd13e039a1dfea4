#pragma once

// A finding's evidence (audit/finding_evidence.h) as findings.json writes it, prose readings included, and
// read back from a shard result: the one place its JSON shape and wording live (docs/outputs.md).

#include <nlohmann/json.hpp>

#include "audit/audit_result.h"
#include "report/json_reader.h"

namespace camtrace {

nlohmann::ordered_json evidenceToJson(const Finding& finding);

// The evidence of a finding of type `finding.type`, from what evidenceToJson wrote; throws
// std::runtime_error through `in` for anything else.
void parseEvidence(const JsonReader& in, const nlohmann::ordered_json& evidence, Finding& finding);

}  // namespace camtrace
