#pragma once

#include <span>
#include <vector>

#include "audit/audit_result.h"
#include "audit/camera_profile.h"
#include "audit/capture_analysis.h"

namespace camtrace {

// Decides the origin of every frame of one capture against the camera its session claims.
//
// Per frame, each camera gets a fused match score from its nearest profile entries:
//   score = clamp((58 - pdqDistance) / 8, -4, 4) + clamp((structureSimilarity - 0.72) / 0.04, -4, 4)
// Positive means "looks like this camera". The anchors come from simulate (seeds 1-3) and from the real
// clips in shared/media: the camera's own frames, under light changes, IR and people walking by, stay
// within 50 hash bits and above 0.75 structure correlation; other scenes start at 62 bits and stay below
// 0.71. Each term is clipped so that neither signal alone can outvote the other by more than 4.
//
// Frame rules, in order: unreadable -> corrupt; no detail (flat, black) -> indeterminate; claimed camera
// matches -> consistent; decode damage explains the mismatch -> corrupt; another camera matches better ->
// foreign, attributed to it; nothing matches and the claimed camera is far off -> foreign, unattributed;
// otherwise indeterminate.
//
// Then shots: a cut is where consecutive frames differ in both signals (a foreign burst enters and leaves
// with a cut; light and IR switches keep the structure). Inside a shot that is mostly the claimed camera,
// frames the rules left unattributed or undecided are the camera's own: continuity with its neighbours is
// the stronger evidence.
class OriginClassifier {
 public:
  OriginClassifier(std::span<const CameraProfile> profiles);

  // `claimed` indexes `profiles`.
  std::vector<FrameVerdict> classify(std::span<const FrameRecord> frames, size_t claimed) const;

  static double matchScore(const ProfileMatch& match);

 private:
  std::span<const CameraProfile> profiles_;
};

}  // namespace camtrace
