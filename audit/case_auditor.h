#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "audit/audit_result.h"
#include "audit/camera_profile.h"
#include "audit/case_manifest.h"
#include "audit/shard_plan.h"

namespace camtrace {

struct AuditOptions {
  int threads = 0;  // 0: one per core
  std::map<std::string, double> analyzerOptions;
  CaptureOptions capture;  // e.g. RTP payload-type map
  ShardSpec shard;         // the slice of sessions this run audits
  std::vector<std::string> argv;
  // Read the evidence-only witnesses (sensor noise) on every frame, for frames.jsonl's --explain, instead
  // of only on the frames of findings.
  bool evidenceOnEveryFrame = false;
  // Compute each captured frame's PDQ as ThreatExchange does (decoding it in colour too) for frames.jsonl.
  bool interoperablePdq = false;
  // Called from worker threads with a line of progress ("reference cam-A 2/8", ...); may be empty.
  std::function<void(const std::string&)> progress;
};

// Audits a whole case: hashes every input, builds a profile per camera (from references, or from the
// camera's own sessions when it has none), decides every frame of every capture, and groups findings.
// Inputs that cannot be read become `errors`; everything else is still audited. Output does not depend on
// the thread count.
AuditResult auditCase(const CaseManifest& manifest, const AuditOptions& options);

// The last steps of an audit, shared by one run and the merge of shards: the second look at unattributed
// bursts through other cameras' session views (only once the whole case is in: `wholeCase`), foreign
// frames tied to the deliveries that brought them, and the written order.
void finishCase(AuditResult& result, bool wholeCase);

// Profile of one camera from reference footage (video, stills folder, or a saved profile .json).
// Throws MediaError naming a reference that cannot be read.
CameraProfile enrollCamera(const std::string& cameraId, const std::vector<std::string>& references,
                           const AuditOptions& options);

// Loads a profile written by `camtrace enroll`. Throws MediaError naming the file.
CameraProfile loadProfile(const std::string& path);

// A camera reference that is a saved profile (`camtrace enroll`'s .json) rather than footage.
bool isProfilePath(const std::string& path);

}  // namespace camtrace
