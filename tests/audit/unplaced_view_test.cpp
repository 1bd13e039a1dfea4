// A camera whose references place none of its session (it was moved, or films scenes they never had),
// interrupted by bursts of a camera outside the case: the bursts are foreign, the rest a scene change.

#include <gtest/gtest.h>

#include <algorithm>

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

TEST_F(UnplacedViewTest, APictureFittedIntoBarsIsNotTheClaimedCamerasOnItsStructureAlone) {
  // The 10-frame burst reaches the viewer inside pillarbox bars that its neighbours do not have. Inside the
  // bars its structure is the claimed camera's room (a blurred scene can come that close on structure
  // alone), its hash far from it. The bars came and went with the cuts: the claimed camera did not film it.
  auto records = test::recordsOf(session_);
  const auto room = test::recordsOf(test::renderScene(60, 120));
  for (size_t i = 60; i < 70; ++i) {
    auto inside = std::make_shared<FrameSignals>(room[i].signals);
    for (auto& word : inside->pdq.words) word = ~word;  // as far as a hash gets from the room's
    // Under a quarter of its cells show edges of one orientation the room has none of there: the whole
    // structure falls, the robust one (which leaves the worst quarter of the cells out) stays the room's.
    const size_t strayCells = size_t{kStructureCells} * kStructureCells / 4 - 1;
    for (size_t cell = 0; cell < strayCells; ++cell) {
      auto* bins = inside->structure.data() + cell * kStructureBins;
      const auto weakest = std::min_element(bins, bins + kStructureBins) - bins;
      std::fill_n(bins, kStructureBins, uint8_t{0});
      bins[weakest] = 255;
    }
    records[i].signals.insideBars = inside;
  }
  const auto verdicts = OriginClassifier(profiles_).classify(records, 0);
  for (size_t i = 60; i < 70; ++i) {
    EXPECT_EQ(verdicts[i].verdict, Verdict::Foreign) << i;  // an insertion into the view, as bursts are
    EXPECT_GE(verdicts[i].robustClaimed, 0.87f) << i;  // what the claimed camera would have been given it on
    EXPECT_LT(verdicts[i].scoreClaimed, 0) << i;
  }
}

}  // namespace
}  // namespace camtrace
