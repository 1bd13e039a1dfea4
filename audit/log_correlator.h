#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_result.h"
#include "audit/case_manifest.h"
#include "audit/log_events.h"

namespace camtrace {

// Joins log events to sessions and to the camera that owns each served object.
// Lifecycle: construct with the manifest -> add() every ownership record (first pass, only when some log
// cannot name an object's owner itself) -> add() every event -> finish().
// A served object whose owner is not the session's camera is a cross-camera delivery; deliveries are grouped
// per (session, owning camera) into one `cross_camera_delivery` finding each. Memory grows with deliveries
// and object ownership records, not with log lines.
class LogCorrelator {
 public:
  // `ours` says whether a session belongs to this run (all of them unless sharded).
  LogCorrelator(const CaseManifest& manifest, std::function<bool(const std::string&)> ours);
  ~LogCorrelator();

  // What became of one event.
  enum class Outcome { Judged, OriginRecord, NoObject, NoOwner, NoCamera };

  void addOwnership(const LogEvent& event);  // origin/upload lines: session empty, camera and object set
  Outcome add(const LogEvent& event);

  // Findings in (session, owning camera) order; network figures against every event added (the whole case).
  std::vector<Finding> finish() const;

  const NetworkStats& network() const { return network_; }

 private:
  struct Delivery;
  const CaseManifest& manifest_;
  std::function<bool(const std::string&)> ours_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>>
      sessions_;                                            // id -> (camera, viewer)
  std::map<std::string, std::string, std::less<>> owners_;  // object -> camera (origin logs)
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Delivery>> deliveries_;
  std::vector<std::string> knownCameras_;
  NetworkStats network_;
};

// An object key with its variable parts (segments with digits, camera ids) replaced by "*", so that
// deliveries can be counted per cache-key pattern: "thumbs/cam-B/000123.jpg" -> "thumbs/*/*.jpg".
std::string keyPattern(const std::string& object, const std::vector<std::string>& cameraIds);

// Ties each foreign_frames finding to the cross_camera_delivery findings of its session that delivered its
// attributed camera's objects (evidence "delivery"). Both kinds must be in `findings`.
void tieFramesToDeliveries(std::vector<Finding>& findings);

}  // namespace camtrace
