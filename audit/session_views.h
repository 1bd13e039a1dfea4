#pragma once

#include <vector>

#include "audit/audit_result.h"
#include "audit/camera_profile.h"
#include "audit/capture_analysis.h"

namespace camtrace {

// A second look at foreign frames that no camera's references explain: a camera that was moved (or films
// changing scenes) shows its viewers views its references never had. Those views are in its own sessions,
// in the frames judged consistent or part of a scene change; a foreign burst elsewhere that matches them
// closely, and matches no other camera's as well, came from that camera.
//
// Lifecycle: per audited capture, collectSessionViews() (views of its consistent / scene-change frames, and
// the views of its unattributed foreign findings) -> once every shard's are in, attributeFromSessionViews().
// Views are combined in manifest order, so one run and any merge of shards decide alike.

// Adds the capture's contributions to `result.sessionViews` and `result.unattributed`. `onReferences`: the
// claimed camera was profiled from references (not from its own sessions), so the runs its capture calls
// foreign and attributed can be taken for what they are called.
void collectSessionViews(const CaptureResult& capture, const std::vector<FrameRecord>& records,
                         const std::vector<Finding>& findings, AuditResult& result, bool onReferences = true);

// Attributes the unattributed foreign_frames findings it can (evidence "attributed_via_sessions"), in the
// result's findings and, where the frames are at hand, in its frame verdicts. Returns how many.
int attributeFromSessionViews(AuditResult& result);

}  // namespace camtrace
