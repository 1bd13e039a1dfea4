// A camera outside the case whose scene is the mirror image of a case camera's: not that camera.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "audit/finding_builder.h"
#include "audit/origin_classifier.h"
#include "tests/audit/classifier_fixture.h"

namespace camtrace {
namespace {

// A shelf of upright bottles, seen straight on, and a brace running up to the right across its left
// half: upright edges look the same mirrored (the robust structure of the shelf and its mirror image is
// high), the brace does not. Each picture has its own noise and light.
YuvImage shelf(int frame, bool mirrored) {
  constexpr int kWidth = 160, kHeight = 96;
  YuvImage picture(kWidth, kHeight);
  uint32_t noise = 2654435761u * static_cast<uint32_t>(frame + 1);
  const int light = 8 * (frame % 3);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      int level = 70 + light;
      if (y > 12 && y < 84 && (x + 3) % 20 < 9) level = 150 + light + (y % 24 < 4 ? 40 : 0);  // bottles
      if (std::abs((kHeight - 1 - y) - (x * 6) / 5) < 4 && x < 72) level = 250;               // the brace
      noise = noise * 1664525u + 1013904223u;
      level += static_cast<int>(noise >> 29) - 4;
      picture.y[static_cast<size_t>(y * kWidth + (mirrored ? kWidth - 1 - x : x))] =
          static_cast<uint8_t>(std::clamp(level, 0, 255));
    }
  }
  return picture;
}

// Frames 40-69 of camera 60's session foreign and given to `camera` ("": unattributed), the others its own.
void expectBurstGivenTo(const std::vector<FrameVerdict>& verdicts, const std::string& camera) {
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const bool burst = i >= 40 && i < 70;
    EXPECT_EQ(verdicts[i].verdict, burst ? Verdict::Foreign : Verdict::Consistent) << i;
    EXPECT_EQ(verdicts[i].attributedCamera, burst ? camera : "cam-60") << i;
  }
}

class MirrorViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    profiles_ = test::profilesOfRooms({60, 62}, 45);
    CameraProfile shelfCamera("cam-shelf");
    std::vector<YuvImage> references;
    for (int i = 0; i < 45; ++i) references.push_back(shelf(i, false));
    for (const auto& r : test::recordsOf(references)) shelfCamera.add(r);
    profiles_.push_back(shelfCamera);
  }

  // Camera 60's session with 30 pictures of the shelf, as it is or mirrored, cut in at frame 40. Scaled
  // from another camera's size and re-encoded, a stranger's pictures keep their structure but not their
  // hash (real footage: 95-136 bits from the references): a hash of random bits.
  std::vector<FrameVerdict> classifyWithShelf(bool mirrored) const {
    std::vector<YuvImage> session = test::renderScene(60, 100);
    for (int i = 40; i < 70; ++i) session[static_cast<size_t>(i)] = shelf(100 + i, mirrored);
    auto records = test::recordsOf(session);
    uint64_t bits = 0x9E3779B97F4A7C15u;
    for (size_t i = 40; i < 70; ++i) {
      for (auto& word : records[i].signals.pdq.words) {
        bits ^= bits << 13, bits ^= bits >> 7, bits ^= bits << 17;
        word = bits;
      }
    }
    return OriginClassifier(profiles_).classify(records, 0);
  }

  std::vector<CameraProfile> profiles_;
};

TEST_F(MirrorViewTest, TheShelfAndItsMirrorImageShareMostOfTheirStructure) {
  // What makes the case: the mirror image reaches the camera's own-view level of robust structure.
  const auto original = test::recordsOf({shelf(1, false)});
  const auto mirrored = test::recordsOf({shelf(1, true)});
  const ProfileMatch m = profiles_[2].match(mirrored[0].signals);
  EXPECT_GT(m.robustStructure, 0.87f);
  EXPECT_GT(profiles_[2].mirroredRobustStructure(normalizeCells(mirrored[0].signals.structure)),
            m.robustStructure);
  EXPECT_GT(profiles_[2].match(original[0].signals).robustStructure,
            profiles_[2].mirroredRobustStructure(normalizeCells(original[0].signals.structure)));
}

TEST_F(MirrorViewTest, AStrangersMirrorImageOfACameraIsForeignButNotThatCamera) {
  const auto verdicts = classifyWithShelf(true);
  expectBurstGivenTo(verdicts, "");
  // Not attributed, but the responder is told whose scene the pictures are mirrored: that camera's own
  // pictures may have been mirrored on their way.
  CaptureResult capture;
  capture.session = "s";
  capture.frames = verdicts;
  const auto findings = buildFindings("case", capture);
  ASSERT_EQ(findings.size(), 1u);
  const auto& evidence = std::get<FramesEvidence>(findings[0].evidence);
  ASSERT_TRUE(evidence.mirrorImageOf);
  EXPECT_EQ(evidence.mirrorImageOf->camera, "cam-shelf");
  EXPECT_EQ(evidence.mirrorImageOf->frames, 30);
  EXPECT_GE(evidence.mirrorImageOf->lowestRobustStructure, 0.87);
}

TEST_F(MirrorViewTest, TheCamerasOwnPicturesAreStillItsOwn) {
  const auto verdicts = classifyWithShelf(false);
  expectBurstGivenTo(verdicts, "cam-shelf");
  for (size_t i = 0; i < verdicts.size(); ++i) EXPECT_TRUE(verdicts[i].mirrorOf.empty()) << i;
}

// A handheld camera's references hold many views, so a stranger's picture can share the layout of a few
// dozen cells with one of them while the picture as a whole is another scene: its robust structure
// reaches the own-view level, its whole structure does not come near. Not that camera's.
TEST(WholeStructure, AFewCellsLikeOneOfAHandheldCamerasViewsDoNotNameIt) {
  std::vector<CameraProfile> profiles = test::profilesOfRooms({60, 62}, 45);
  CameraProfile handheld("cam-handheld");
  for (uint64_t room = 70; room < 78; ++room)
    for (const auto& r : test::recordsOf(test::renderScene(room, 6))) handheld.add(r);
  profiles.push_back(handheld);

  // Camera 60's session; frames 40-69 a stranger's: the layout of room 70 in 40 of the 64 cells (the
  // lower five rows), strong edges of another scene in the top three rows, a hash of random bits. As
  // measured on real footage (a mirrored plaza against the bikes clip's camera): robust structure just
  // over 0.87, whole under 0.6.
  auto records = test::recordsOf(test::renderScene(60, 100));
  const auto room70 = test::recordsOf(test::renderScene(70, 100));
  const auto stranger = test::recordsOf(test::renderScene(90, 100));
  uint64_t bits = 0x9E3779B97F4A7C15u;
  for (size_t i = 40; i < 70; ++i) {
    records[i].signals = room70[i].signals;
    auto& cells = records[i].signals.structure;
    for (size_t k = 0; k < size_t{3} * kStructureCells * kStructureBins; ++k)
      cells[k] = static_cast<uint8_t>(std::min(255, 6 * stranger[i].signals.structure[k]));
    for (auto& word : records[i].signals.pdq.words) {
      bits ^= bits << 13, bits ^= bits >> 7, bits ^= bits << 17;
      word = bits;
    }
  }
  const ProfileMatch m = profiles[2].match(records[50].signals);
  EXPECT_GE(m.robustStructure, 0.87f);
  EXPECT_LT(OriginClassifier::structureTerm(m.structureSimilarity, m.robustStructure), 0);

  expectBurstGivenTo(OriginClassifier(profiles).classify(records, 0), "");
}

}  // namespace
}  // namespace camtrace
