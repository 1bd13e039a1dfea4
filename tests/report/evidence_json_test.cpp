#include "report/evidence_json.h"

#include <gtest/gtest.h>

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

// A foreign run with every optional part of its evidence present.
Finding fullFramesFinding() {
  Finding f;
  f.type = FindingType::ForeignFrames;
  FramesEvidence e;
  e.claimed = {"cam-A", false, 71, 0.4321, -1.625, -2.5, -4.125};
  e.attributed = CameraMatchEvidence{"cam-B", true, 12, 0.9012, 4, 3.75, 7.75};
  e.runnerUp = RankedCamera{"cam-C", 5.5};
  e.temporal = {true, false, 12.3456};
  e.decodeDamagedFrames = 2;
  e.streamSignatureTerm = -3;
  e.sensorNoise = SensorNoiseEvidence{9, 0.0123, 0.2345, 0.11, NoiseReading::Supports};
  e.clock = ClockEvidence{9, "2019-12-26 04:05:00", 1, 8, 0, 0, 10800.2};
  e.provenance.file = "gw.pcapng";
  e.provenance.firstPacketPosition = 1024;
  e.provenance.lastPacketPosition = 9216;
  e.provenance.lastFile = "seg2.ts";
  e.provenance.segments = RunProvenance::Segments{"seg1.ts", 41, "seg2.ts", 42};
  e.provenance.rtp = RunProvenance::Rtp{0xdeadbeef, 100, 130, 7, 61};
  e.attributedViaSessions = SessionViewsAttribution{"cam-B", 6.5, "cam-C", 1.25, 3, 40, true, 2, -1.5};
  e.shownByClaimedCamera = ClaimedSessionViews{8.0, 2, "cam-C", 6.125, true, 3};
  e.closerView = CloserViewEvidence{2.0, 0.0, 0.25, 0.5, 0.5, 0.9326, 143};
  e.mirrorImageOf = MirrorImageEvidence{"cam-C", 30, 0.8812};
  e.delivery =
      DeliveryTie{{"0123456789abcdef"}, {{"edge-2", 5}, {"edge-1", 1}}, {{"HIT", 6}}, {"t/cam-B/1.jpg"}};
  f.evidence = e;
  return f;
}

Finding fullDeliveryFinding() {
  Finding f;
  f.type = FindingType::CrossCameraDelivery;
  DeliveryEvidence e;
  e.events = 6;
  e.firstTime = "2019-12-26T04:05:00Z";
  e.viewers = {"user-1", "user-2"};
  e.viewersDisplayed = std::vector<std::string>{"user-1"};
  e.objectsDistinct = 3;
  e.objectExamples = {"t/cam-B/1.jpg"};
  e.ownerFrom = {"key pattern"};
  e.cacheNodes = {{"edge-1", 6}};
  e.minutes = {{"2019-12-26T04:05Z", 6}};
  e.rttMsMedian = 812.5;
  e.caseRttMsMedian = 40;
  e.logLines.push_back({"cdn.log", 17, "2019-12-26T04:05:00Z", "t/cam-B/1.jpg", "edge-1", "", "display"});
  e.logLines.push_back({"cdn.log", 18, std::nullopt, "t/cam-B/2.jpg", "", "HIT", ""});
  f.evidence = e;
  return f;
}

Finding readBack(const Finding& written) {
  Finding read;
  read.type = written.type;
  const ojson text = ojson::parse(evidenceToJson(written).dump());
  parseEvidence(JsonReader("shard.json"), text, read);
  return read;
}

TEST(EvidenceJson, FramesEvidenceSurvivesAShardResultWithEveryPart) {
  const Finding f = fullFramesFinding();
  const ojson written = evidenceToJson(f);
  EXPECT_EQ(evidenceToJson(readBack(f)).dump(), written.dump());
  EXPECT_EQ(written["attributed_camera"]["farthest_pdq_distance"], 12);
  EXPECT_EQ(written["claimed_camera"]["nearest_pdq_distance"], 71);
  EXPECT_EQ(written["provenance"]["ssrc"], 0xdeadbeefU);
  EXPECT_EQ(written["attributed_via_sessions"]["captures_showing"], 2);
  EXPECT_EQ(written["attributed_via_sessions"]["claimed_camera_score"], -1.5);
  EXPECT_EQ(written["shown_by_claimed_camera"]["best_other_camera"], "cam-C");
  EXPECT_EQ(written["closer_view_of_claimed_view"]["zoom"], 2.0);
  EXPECT_EQ(written["closer_view_of_claimed_view"]["top"], 0.25);
  EXPECT_EQ(written["closer_view_of_claimed_view"]["frames"], 143);
  EXPECT_EQ(written["mirror_image_of"]["camera"], "cam-C");
  EXPECT_EQ(written["mirror_image_of"]["lowest_robust_structure"], 0.8812);
  // Counts keep the order they were tied in, not the alphabet's.
  EXPECT_EQ(written["delivery"]["cache_nodes"].begin().key(), "edge-2");
  EXPECT_EQ(written["burned_in_clock"]["reading"],
            "supports: the burned-in clock is +3 h from the session's, to the second: another time zone");
  EXPECT_EQ(written["sensor_noise"]["reading"],
            "supports: the frames carry the attributed camera's noise pattern, not the claimed camera's");
}

TEST(EvidenceJson, DeliveryEvidenceSurvivesAShardResult) {
  const Finding f = fullDeliveryFinding();
  const ojson written = evidenceToJson(f);
  EXPECT_EQ(evidenceToJson(readBack(f)).dump(), written.dump());
  EXPECT_EQ(written["source"], "logs");
  EXPECT_TRUE(written["log_lines"][1]["time"].is_null());
  EXPECT_TRUE(written["log_lines"][1]["node"].is_null());
  EXPECT_TRUE(written["last_time"].is_null());
}

TEST(EvidenceJson, ClockProseFollowsTheStandingMostFramesHave) {
  Finding f = fullFramesFinding();
  auto& clock = *f.framesEvidence().clock;
  clock = ClockEvidence{5, "04:05:00", 0, 0, 5, 0, -95.0};
  EXPECT_EQ(
      evidenceToJson(f)["burned_in_clock"]["reading"],
      "supports: the burned-in clock shows another moment (-95 s): not the claimed camera's live picture");
  clock = ClockEvidence{5, "04:05:00", 5, 0, 0, 0, 0.0};
  EXPECT_EQ(evidenceToJson(f)["burned_in_clock"]["reading"],
            "consistent with the session's clock: proves little (cameras in one time zone show one time)");
  f.type = FindingType::SceneChange;
  EXPECT_EQ(evidenceToJson(f)["burned_in_clock"]["reading"],
            "consistent: the session's own clock runs on through the change of view");
  clock = ClockEvidence{0, std::nullopt, 0, 0, 0, 0, std::nullopt};
  const ojson unread = evidenceToJson(f)["burned_in_clock"];
  EXPECT_EQ(unread["reading"], "not read: the clock cells of these frames matched no learned digit");
  EXPECT_TRUE(unread["offset_seconds"].is_null());
}

TEST(EvidenceJson, ShardEvidenceCamtraceDoesNotWriteIsRefusedNamingTheFile) {
  const Finding f = fullFramesFinding();
  ojson text = evidenceToJson(f);
  text["sensor_noise"]["reading"] = "proves everything";
  Finding read;
  try {
    parseEvidence(JsonReader("s1.json"), text, read);
    FAIL() << "an unknown reading was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("s1.json"), std::string::npos) << e.what();
  }
  text = evidenceToJson(f);
  text.erase("temporal");
  EXPECT_THROW(parseEvidence(JsonReader("s1.json"), text, read), std::runtime_error);
  EXPECT_THROW(parseEvidence(JsonReader("s1.json"), ojson::array(), read), std::runtime_error);
}

}  // namespace
}  // namespace camtrace
