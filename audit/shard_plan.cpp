#include "shard_plan.h"

#include <charconv>
#include <functional>
#include <stdexcept>

namespace camtrace {
namespace {

std::optional<int64_t> integer(const std::string& text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

ShardPlan::ShardPlan(const CaseManifest& manifest, ShardSpec spec) : spec_(spec) {
  if (!spec_.sharded()) return;
  for (size_t i = 0; i < manifest.sessions.size(); ++i) positions_.emplace(manifest.sessions[i].id, i);
}

bool ShardPlan::ownsPosition(size_t sessionPosition) const {
  return !spec_.sharded() ||
         static_cast<int>(sessionPosition % static_cast<size_t>(spec_.count)) == spec_.index;
}

int ShardPlan::shardOf(const std::string& sessionId) const {
  if (!spec_.sharded()) return 0;
  if (auto it = positions_.find(sessionId); it != positions_.end())
    return static_cast<int>(it->second % static_cast<size_t>(spec_.count));
  uint64_t hash = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : sessionId) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<int>(hash % static_cast<uint64_t>(spec_.count));
}

ShardSpec parseShardSpec(const std::string& text, const std::function<const char*(const char*)>& getenv) {
  const size_t slash = text.find('/');
  const std::string indexText = text.substr(0, slash);
  const std::string countText = slash == std::string::npos ? "" : text.substr(slash + 1);
  auto env = [&](const char* name) -> std::optional<int64_t> {
    const char* value = getenv(name);
    if (!value) return std::nullopt;
    auto n = integer(value);
    if (!n) throw std::invalid_argument(std::string(name) + "=\"" + value + "\" is not a number");
    return n;
  };
  std::optional<int64_t> index, count;
  if (indexText == "auto") {
    if (auto k8s = env("JOB_COMPLETION_INDEX")) {
      index = k8s;
    } else if (auto slurm = env("SLURM_ARRAY_TASK_ID")) {
      index = *slurm - env("SLURM_ARRAY_TASK_MIN").value_or(0);
      if (countText.empty()) count = env("SLURM_ARRAY_TASK_COUNT");
    } else {
      throw std::invalid_argument(
          "--shard auto: neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set");
    }
  } else {
    index = integer(indexText);
    if (!index)
      throw std::invalid_argument("--shard wants I/N (for example 0/8), auto/N or auto; got \"" + text +
                                  "\"");
  }
  if (!countText.empty()) {
    count = integer(countText);
    if (!count) throw std::invalid_argument("--shard: \"" + countText + "\" is not a shard count");
  }
  if (!count)
    throw std::invalid_argument(
        "--shard auto: give the shard count as auto/N (SLURM_ARRAY_TASK_COUNT is not set)");
  if (*count < 1 || *count > 1000000) throw std::invalid_argument("--shard: count must be 1 to 1000000");
  if (*index < 0 || *index >= *count)
    throw std::invalid_argument("--shard: index " + std::to_string(*index) + " is not in 0.." +
                                std::to_string(*count - 1));
  return {static_cast<int>(*index), static_cast<int>(*count)};
}

}  // namespace camtrace
