#pragma once

#include <span>
#include <vector>

#include "audit/audit_result.h"
#include "audit/camera_profile.h"
#include "audit/capture_analysis.h"
#include "audit/clock_reading.h"
#include "audit/hash_index.h"

#include <memory>

namespace camtrace {

// Decides the origin of every frame of one capture against the camera its session claims.
//
// Per frame, each camera gets a fused match score from its nearest profile entries:
//   score = hashTerm + structureTerm
//   hashTerm      = clamp((58 - pdqDistance) / 8, -4, 4)
//   structureTerm = (clamp((structureSimilarity - 0.72) / 0.04, -4, 4)
//                    + clamp((robustStructure - 0.83) / 0.03, -4, 4)) / 2
// Positive means "looks like this camera". The anchors come from simulate (seeds 1-5) and the static real
// clips in shared/media: a camera's own frames, under light changes, IR and people walking by, stay within
// 50 hash bits, above 0.685 whole-picture and 0.87 robust (best three quarters of the cells) structure
// correlation; other scenes start at 62 bits and stay below 0.64 and 0.80. Each term is clipped so that
// neither the hash nor the structure can outvote the other by more than 4. A third, codec term: when the
// capture's usual stream signature (codec, profile, level, size, pixel format) is one the claimed camera's
// references produce, a frame carried by a signature the claimed camera never produced costs it 3, and
// gives 1 to a camera known to produce that signature. A fourth, clock term: a frame whose burned-in clock
// shows another time zone than the session's costs the claimed camera 3 (audit/osd_evidence).
//
// The scores of all frames, the decoder's damage flags, concealment seams and the cuts between
// consecutive frames then go to a TemporalModel (HMM, Viterbi), whose path gives each frame its verdict:
// claimed camera -> consistent; another camera -> foreign, attributed; unknown source -> foreign,
// unattributed (or, over 60 frames, a scene change: indeterminate frames and a scene_change finding);
// damage -> corrupt. Frames without detail (flat, black) are indeterminate whatever the path says.
class OriginClassifier {
 public:
  // With more than `indexAbove` cameras, each frame is scored only against the claimed camera and the 16
  // cameras whose nearest profile entries the HashIndex finds nearest by hash; below it, against all.
  explicit OriginClassifier(std::span<const CameraProfile> profiles, size_t indexAbove = 64);

  // `claimed` indexes `profiles`. The frames carry what the camera witnesses read on them.
  std::vector<FrameVerdict> classify(std::span<const FrameRecord> frames, size_t claimed) const;

  static double matchScore(const ProfileMatch& match);
  static double hashTerm(int pdqDistance);
  static double structureTerm(float structureSimilarity, float robustStructure);
  // Probability that a frame's verdict (and attribution) is right, from its path margin: Platt scaling
  // fitted on the tuning data (docs/decisions.md).
  static double confidenceOf(double pathMargin);

 private:
  std::span<const CameraProfile> profiles_;
  std::unique_ptr<HashIndex> index_;
};

}  // namespace camtrace
