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

// Decides the origin of every frame of one capture against the camera its session claims: a fused match
// score per frame and camera (hash, structure, stream signature, burned-in clock), then a hidden Markov model
// over the capture whose path gives each frame its verdict. The formula, its anchors and the model are
// written once, in docs/decisions.md; the constants live beside the code that uses them.
class OriginClassifier {
 public:
  // With more than `indexAbove` cameras, each frame is scored only against the claimed camera and the 16
  // cameras whose nearest profile entries the HashIndex finds nearest by hash; below it, against all.
  explicit OriginClassifier(std::span<const CameraProfile> profiles, size_t indexAbove = 64);

  // `claimed` indexes `profiles`. The frames carry what the camera witnesses read on them.
  std::vector<FrameVerdict> classify(std::span<const FrameRecord> frames, size_t claimed) const;
  // Sets the sensor-noise correlations of `verdicts[i]` for the positions given, from frames whose noise
  // was read after classify() (the evidence-only second pass): the claimed camera's, and for a foreign
  // frame its attributed camera's, as classify() would have set them. Noise never changes a verdict, so
  // the capture need not be judged again.
  void attachNoise(std::span<const FrameRecord> frames, size_t claimed, std::span<const size_t> positions,
                   std::vector<FrameVerdict>& verdicts) const;

  // An unattributed run this long is not a cache serving stray frames (bursts seen in incidents are 1-30
  // frames): the camera's scene changed, or a feed unknown to the case replaced it. Reported as its own
  // finding, not as hundreds of foreign frames.
  static constexpr size_t kSceneChangeFrames = 60;

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
