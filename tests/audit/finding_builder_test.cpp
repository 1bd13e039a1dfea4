#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "audit/finding_builder.h"

// How frame verdicts become findings: runs of foreign frames and of scene change, the latter cut at the
// steady shots inside them.
namespace camtrace {
namespace {

// A capture of 100 frames, consistent but for `sceneChange` (a run of scene change frames), with a cut
// before each frame of `cuts`.
CaptureResult captureWith(std::pair<int, int> sceneChange, const std::set<int>& cuts) {
  CaptureResult capture;
  capture.session = "s";
  capture.capture = "cap/s.mp4";
  capture.claimedCamera = "cam-A";
  for (int i = 0; i < 100; ++i) {
    FrameVerdict v;
    v.index = i;
    v.verdict = Verdict::Consistent;
    if (i >= sceneChange.first && i < sceneChange.second) {
      v.verdict = Verdict::Indeterminate;
      v.sceneChange = true;
    }
    v.cutBefore = cuts.count(i) > 0;
    capture.frames.push_back(v);
  }
  return capture;
}

std::vector<std::pair<int64_t, int64_t>> rangesOf(const std::vector<Finding>& findings) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& f : findings) {
    EXPECT_EQ(f.type, FindingType::SceneChange);
    out.emplace_back(f.firstIndex, f.lastIndex);
  }
  return out;
}

// A moving camera's own unplaced pictures jump every frame or two: a cut before nearly every one, and the
// run stays one scene change.
TEST(FindingBuilder, ASceneChangeOfShortJumpsIsOneFinding) {
  std::set<int> cuts;
  for (int i = 20; i < 60; i += 2) cuts.insert(i);
  const auto findings = buildFindings("case", captureWith({20, 60}, cuts));
  EXPECT_EQ(rangesOf(findings), (std::vector<std::pair<int64_t, int64_t>>{{20, 59}}));
}

// A stranger's shot of 12 frames (no cut inside) among those jumps is a piece of its own: asked on its own
// whether another camera's sessions show it (session_views), not averaged with the camera's own pictures.
TEST(FindingBuilder, ASteadyShotInsideASceneChangeIsAFindingOfItsOwn) {
  std::set<int> cuts{20, 22, 24, 26, 28, 30, 42, 44, 46, 48};
  const auto findings = buildFindings("case", captureWith({20, 50}, cuts));
  EXPECT_EQ(rangesOf(findings), (std::vector<std::pair<int64_t, int64_t>>{{20, 29}, {30, 41}, {42, 49}}));
  EXPECT_TRUE(findings[1].framesEvidence().temporal.cutAtEntry);
  EXPECT_TRUE(findings[1].framesEvidence().temporal.cutAtExit);
  // Seven frames are no steady shot.
  const auto shorter = buildFindings("case", captureWith({20, 45}, {20, 22, 24, 26, 28, 30, 37, 39, 41, 43}));
  EXPECT_EQ(rangesOf(shorter), (std::vector<std::pair<int64_t, int64_t>>{{20, 44}}));
}

}  // namespace
}  // namespace camtrace
