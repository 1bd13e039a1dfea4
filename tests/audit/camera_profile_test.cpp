#include <gtest/gtest.h>

#include "audit/camera_profile.h"
#include "tests/audit/classifier_fixture.h"

namespace camtrace {
namespace {

TEST(CameraProfile, DeduplicatesNearIdenticalViews) {
  auto records = test::recordsOf(test::renderScene(50, 60));
  CameraProfile profile("cam-A");
  for (const auto& r : records) profile.add(r);
  EXPECT_EQ(profile.framesSeen(), 60);
  EXPECT_GE(profile.entries().size(), 1u);
  EXPECT_LT(profile.entries().size(), 30u);
  // Every frame it was built from matches it closely.
  for (const auto& r : records) {
    auto m = profile.match(r.signals);
    EXPECT_LE(m.pdqDistance, 20);
    EXPECT_GE(m.structureSimilarity, 0.95f);
  }
}

TEST(CameraProfile, SkipsDamagedAndFlatFrames) {
  auto records = test::recordsOf(test::renderScene(51, 2));
  records[0].decodeDamaged = true;
  records[1].signals.pdqQuality = 0;
  CameraProfile profile("cam-A");
  for (const auto& r : records) profile.add(r);
  EXPECT_TRUE(profile.empty());
}

TEST(CameraProfile, JsonRoundTripKeepsEveryEntry) {
  auto records = test::recordsOf(test::renderScene(52, 30));
  CameraProfile profile("cam-Z");
  for (const auto& r : records) profile.add(r);
  profile.addSource("ref/z.mp4");
  auto back = CameraProfile::fromJson(nlohmann::json::parse(profile.toJson().dump()));
  EXPECT_EQ(back.cameraId(), "cam-Z");
  EXPECT_EQ(back.sources(), std::vector<std::string>{"ref/z.mp4"});
  ASSERT_EQ(back.entries().size(), profile.entries().size());
  for (const auto& r : records) {
    EXPECT_EQ(back.match(r.signals).pdqDistance, profile.match(r.signals).pdqDistance);
  }
  EXPECT_THROW(CameraProfile::fromJson(nlohmann::json::parse(R"({"schema":"other"})")),
               std::invalid_argument);
}

TEST(CameraProfile, DominantSceneLeavesShortForeignBurstsOut) {
  auto own = test::renderScene(53, 90);
  auto other = test::renderScene(153, 10);
  std::vector<YuvImage> session(own.begin(), own.begin() + 40);
  session.insert(session.end(), other.begin(), other.end());
  session.insert(session.end(), own.begin() + 40, own.end());
  auto records = test::recordsOf(session);
  auto profile = CameraProfile::fromDominantScene("cam-A", records);
  ASSERT_FALSE(profile.empty());
  for (size_t i = 40; i < 50; ++i) EXPECT_GT(profile.match(records[i].signals).pdqDistance, 40) << i;
  EXPECT_LE(profile.match(records[10].signals).pdqDistance, 30);
}

}  // namespace
}  // namespace camtrace
