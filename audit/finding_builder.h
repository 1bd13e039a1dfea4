#pragma once

#include <string>
#include <vector>

#include "audit/audit_result.h"

namespace camtrace {

// Groups a capture's foreign frames into findings: one per run of consecutive foreign frames attributed
// to the same camera (or to none). The id is derived from the case, session, capture and first index, so
// the same evidence gives the same id in every run and in every shard.
std::vector<Finding> buildFindings(const std::string& caseId, const CaptureResult& capture);

}  // namespace camtrace
