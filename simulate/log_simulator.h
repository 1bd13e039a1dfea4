#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "simulate/incident_simulator.h"

namespace camtrace::sim {

// Serving logs of a simulated incident, in every format camtrace reads, with their ground truth:
//   logs/edge-1.jsonl  JSON Lines; the owning camera in a field; "opened" events tell displayed from served
//   logs/edge-2.log    nginx with a custom log_format ($upstream_cache_status, $request_time, session in the
//                      query string); the owning camera in the URI path
//   logs/edge-4.log    Apache with a custom LogFormat (%t, %D microseconds, response headers), session and
//                      camera in the query string; the owning camera in the URI path
//   logs/cdn.csv       CSV with opaque object keys whose owner only logs/origin.tsv knows; "opened" events
//   logs/origin.tsv    TSV of uploads: object key -> camera
// Each captured session gets one served object per run of frames of one camera (a foreign burst is one
// object of the foreign camera); `logSessions` more sessions exist only in the logs, a fifth of them
// served another camera's objects. Cross-camera deliveries go mostly through one stale cache node on poor
// networks. A few malformed lines are mixed in.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::ordered_json declares no noexcept move.
struct LogSimulation {
  nlohmann::ordered_json manifestLogs;  // the manifest's "logs" array
  nlohmann::ordered_json truth;         // truth.json "logs"
};

LogSimulation simulateLogs(const std::string& outDir, uint64_t seed,
                           const std::vector<std::string>& cameraIds,
                           const std::vector<SessionTruth>& sessions, const std::vector<std::string>& viewers,
                           int fps, int logSessions);

}  // namespace camtrace::sim
