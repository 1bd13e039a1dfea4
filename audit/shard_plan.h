#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "audit/case_manifest.h"

namespace camtrace {

// Which slice of a case's sessions one run audits. A manifest session belongs to shard (position in the
// manifest) mod count, so that shards get equal numbers of sessions; a session known only from logs to shard
// FNV-1a(id) mod count. Every shard reads every reference and every log, so attribution and log
// correlation see the whole case; only the sessions differ.
struct ShardSpec {
  int index = 0;
  int count = 1;
  bool sharded() const { return count > 1; }
};

// The one place that rule lives; case_auditor asks it for captures, the log correlator for every delivery,
// so a session id is looked up in a hash map, not searched for in the manifest.
class ShardPlan {
 public:
  ShardPlan(const CaseManifest& manifest, ShardSpec spec);
  const ShardSpec& spec() const { return spec_; }
  int shardOf(const std::string& sessionId) const;
  bool ownsPosition(size_t sessionPosition) const;  // the manifest's sessions[sessionPosition]
  bool owns(const std::string& sessionId) const {
    return !spec_.sharded() || shardOf(sessionId) == spec_.index;
  }

 private:
  ShardSpec spec_;
  std::unordered_map<std::string, size_t> positions_;
};

// "I/N", "auto/N" or "auto". `auto` takes the index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or
// SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN (Slurm array), and the count from N or
// SLURM_ARRAY_TASK_COUNT. Throws std::invalid_argument saying what is missing.
ShardSpec parseShardSpec(const std::string& text, const std::function<const char*(const char*)>& getenv);

}  // namespace camtrace
