// libFuzzer target: shard results as `camtrace merge` reads them (files from workers of another machine).
// Anything but a std::exception with a message escaping, or a crash, is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "report/findings_writer.h"
#include "report/shard_result.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    camtrace::ShardResult shard =
        camtrace::parseShardResult(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    std::vector<camtrace::ShardResult> parts{shard};
    camtrace::ShardResult merged = camtrace::mergeShardResults(std::move(parts));
    camtrace::dumpShardResult(merged);
    camtrace::dumpFindings(merged.result);
  } catch (const std::exception&) {
  }
  return 0;
}
