#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_result.h"

namespace camtrace {

constexpr const char* kShardSchema = "camtrace.shard/1";

// One shard's audit (camtrace.shard/1), or the merge of several: everything findings.json is computed from
// (per-capture verdict counts, findings with their manifest positions, inputs, log statistics, errors), the
// digests of the camera profiles the shard used, and which of the case's shards it covers.
struct ShardResult {
  AuditResult result;
  int count = 1;             // shards the case was split into
  std::vector<int> indexes;  // the shards this result covers, ascending
  bool complete() const { return static_cast<int>(indexes.size()) == count; }
};

std::string dumpShardResult(const ShardResult& shard);

// Reads a shard result; throws std::runtime_error naming `source` for anything that is not one.
ShardResult parseShardResult(const std::string& text, const std::string& source);

// The merge of shard results of one case: associative and commutative, so that any grouping and order
// of merges gives the same bytes. Throws std::runtime_error when the parts do not belong together (another
// case, another split, other arguments or profiles, an input whose digest differs, a shard given twice).
ShardResult mergeShardResults(std::vector<ShardResult> parts);

}  // namespace camtrace
