#include <gtest/gtest.h>

#include <set>

#include "audit/finding_builder.h"
#include "audit/session_views.h"
#include "tests/audit/classifier_fixture.h"

namespace camtrace {
namespace {

// A capture of camera A: its own room, then frames 40-45 of another room judged a scene change, cut in
// and cut out again where `cutBack`, else running on to the end of the capture. With `betweenBursts`, the
// frames on either side of the scene change (30-39 and 46-55) are foreign, attributed to `burstCamera`
// (empty: unattributed). `cutsInside`: cuts before those frames of the scene change too.
AuditResult collected(bool cutBack, bool betweenBursts = false, const std::string& burstCamera = "cam-C",
                      const std::set<size_t>& cutsInside = {}) {
  const auto own = test::recordsOf(test::renderScene(70, 80));
  const auto other = test::recordsOf(test::renderScene(71, 80));
  std::vector<FrameRecord> records(own);
  CaptureResult capture;
  capture.session = "s";
  capture.capture = "cap/s.mp4";
  capture.claimedCamera = "cam-A";
  const size_t end = cutBack ? 46 : records.size();
  for (size_t i = 0; i < records.size(); ++i) {
    FrameVerdict v;
    v.index = static_cast<int64_t>(i);
    v.verdict = Verdict::Consistent;
    if (i >= 40 && i < end) {
      records[i] = other[i];
      v.verdict = Verdict::Indeterminate;
      v.sceneChange = true;
    }
    v.cutBefore = i == 40 || i == end || cutsInside.count(i) > 0;
    if (betweenBursts && ((i >= 30 && i < 40) || (i >= 46 && i < 56))) {
      v.verdict = Verdict::Foreign;
      v.attributedCamera = burstCamera;
      v.cutBefore = i == 30 || i == 40 || i == 46 || i == 56;
    }
    capture.frames.push_back(v);
  }
  AuditResult result;
  collectSessionViews(capture, records, buildFindings("case", capture), result);
  return result;
}

TEST(SessionViewsCollect, AShortSceneChangeCutInAndOutIsNotTheCamerasView) {
  // A stranger's feed cut into a capture whose own view the classifier could not place becomes a short
  // scene change there; its pictures must not become the camera's views, or the same feed served into
  // another camera's session would be attributed to this one.
  const AuditResult stray = collected(true);
  ASSERT_EQ(stray.sessionViews.size(), 1u);
  EXPECT_EQ(stray.sessionViews[0].views.entries().size(), stray.sessionViews[0].heldEntries);
  ASSERT_EQ(stray.unattributed.size(), 1u);  // still looked at as a run no camera explains

  const AuditResult lasting = collected(false);
  ASSERT_EQ(lasting.sessionViews.size(), 1u);
  EXPECT_GT(lasting.sessionViews[0].views.entries().size(), lasting.sessionViews[0].heldEntries);
  // Cut into pieces at its steady shots (finding_builder), the lasting change is still judged whole: each
  // piece cut in and out is no stray run, and the camera's views hold them all.
  const AuditResult pieces = collected(false, false, "cam-C", {50, 60});
  ASSERT_EQ(pieces.sessionViews.size(), 1u);
  EXPECT_EQ(pieces.unattributed.size(), 3u);
  EXPECT_EQ(pieces.sessionViews[0].views.entries().size(), lasting.sessionViews[0].views.entries().size());
}

TEST(SessionViewsCollect, ASceneChangeBetweenTwoForeignRunsIsTheCamerasView) {
  // What a session shows between two insertions is the camera's own view cut into pieces by them (its
  // scene changed, and bursts kept cutting into the new one): its pictures are among the camera's views.
  const AuditResult between = collected(true, true);
  ASSERT_EQ(between.sessionViews.size(), 1u);
  EXPECT_GT(between.sessionViews[0].views.entries().size(), between.sessionViews[0].heldEntries);
  // Between two runs no camera of the case explains, it may be one stranger's feed the classifier cut in
  // three: still a stray run.
  const AuditResult unexplained = collected(true, true, "");
  ASSERT_EQ(unexplained.sessionViews.size(), 1u);
  EXPECT_EQ(unexplained.sessionViews[0].views.entries().size(), unexplained.sessionViews[0].heldEntries);
}

}  // namespace
}  // namespace camtrace
