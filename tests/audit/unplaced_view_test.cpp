// A camera whose references place none of its session (it was moved, or films scenes they never had),
// interrupted by bursts of a camera outside the case: the bursts are foreign, the rest a scene change.

#include <gtest/gtest.h>

#include "audit/finding_builder.h"
#include "audit/origin_classifier.h"
#include "tests/audit/classifier_fixture.h"

namespace camtrace {
namespace {

class UnplacedViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    profiles_ = test::profilesOfRooms({60, 61, 62}, 45);
    // Claimed cam-60, but showing room 97, then (for good, from frame 80) room 99: scenes no reference has.
    // Room 98, in no camera of the case, is cut in at 30 (one frame), 60-69 and 90-94; its frames follow
    // on from burst to burst, as a foreign camera's live feed served in bursts does.
    const auto first = test::renderScene(97, 120), second = test::renderScene(99, 120),
               outsider = test::renderScene(98, 120);
    for (size_t i = 0; i < 120; ++i) {
      const bool burst = i == 30 || (i >= 60 && i < 70) || (i >= 90 && i < 95);
      session_.push_back(burst ? outsider[i] : i < 80 ? first[i] : second[i]);
      burst_.push_back(burst);
    }
  }

  std::vector<CameraProfile> profiles_;
  std::vector<YuvImage> session_;
  std::vector<bool> burst_;
};

TEST_F(UnplacedViewTest, BurstsFromOutsideTheCaseInterruptAViewNoReferenceHas) {
  const auto verdicts = OriginClassifier(profiles_).classify(test::recordsOf(session_), 0);
  ASSERT_EQ(verdicts.size(), session_.size());
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (burst_[i]) {
      EXPECT_EQ(verdicts[i].verdict, Verdict::Foreign) << i;
      EXPECT_TRUE(verdicts[i].attributedCamera.empty()) << i;
    } else {
      // The camera's own scenes, the first and the one it changed to for good, are a change of scene.
      EXPECT_EQ(verdicts[i].verdict, Verdict::Indeterminate) << i;
      EXPECT_TRUE(verdicts[i].sceneChange) << i;
    }
  }
  CaptureResult capture;
  capture.session = "s-moved";
  capture.capture = "cap/moved.ts";
  capture.claimedCamera = "cam-60";
  capture.frames = verdicts;
  size_t foreign = 0;
  for (const auto& f : buildFindings("case", capture)) {
    if (f.type != FindingType::ForeignFrames) continue;
    EXPECT_TRUE(f.attributedCamera.empty());
    foreign += static_cast<size_t>(f.frames);
  }
  EXPECT_EQ(foreign, 16u);
}

TEST_F(UnplacedViewTest, APictureWithoutDetailInTheViewBeforeABurstEndsNothing) {
  // A dim picture just before the 10-frame burst: no detail to place, but no cut either, so it belongs to
  // the view's shot. The pass must step over it, not back to it (it once looped there for ever).
  auto records = test::recordsOf(session_);
  records[59].signals.pdqQuality = 0;
  records[59].signals.lumaStdDev = 0;
  const auto verdicts = OriginClassifier(profiles_).classify(records, 0);
  for (size_t i = 60; i < 70; ++i) EXPECT_EQ(verdicts[i].verdict, Verdict::Foreign) << i;
  for (size_t i = 70; i < 80; ++i) EXPECT_EQ(verdicts[i].verdict, Verdict::Indeterminate) << i;
}

TEST_F(UnplacedViewTest, AViewTheSessionNeverComesBackToIsTheCamerasNewScene) {
  // Room 97, then room 99 for good, then room 98 for good: two changes of scene, nothing foreign.
  const auto a = test::renderScene(97, 120), b = test::renderScene(99, 120), c = test::renderScene(98, 120);
  std::vector<YuvImage> session;
  for (size_t i = 0; i < 120; ++i) session.push_back(i < 40 ? a[i] : i < 80 ? b[i] : c[i]);
  const auto verdicts = OriginClassifier(profiles_).classify(test::recordsOf(session), 0);
  for (size_t i = 0; i < verdicts.size(); ++i) {
    EXPECT_EQ(verdicts[i].verdict, Verdict::Indeterminate) << i;
    EXPECT_TRUE(verdicts[i].sceneChange) << i;
  }
}

}  // namespace
}  // namespace camtrace
