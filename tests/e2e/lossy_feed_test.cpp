// The 2019 incident happened under poor network conditions: the stranger's feed reached the viewer through
// packet loss, its pictures concealed and smeared. Damage keeps its source: the feed's damaged pictures
// are the stranger's camera's, and the claimed camera's own damaged pictures stay its own.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "simulate/damage_truth.h"
#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;

// MPEG-TS with the middle of every `every`th non-key packet garbled, as a lossy link leaves it; returns the
// indexes of the pictures the loss reached (decoded against the same packets left undamaged).
std::vector<int64_t> writeLossy(const std::string& path, const std::vector<YuvImage>& pictures,
                                int every = 12) {
  auto hook = [every](AVPacket& packet, int64_t number) {
    if ((packet.flags & AV_PKT_FLAG_KEY) != 0 || packet.size <= 48 || number % every != every / 2)
      return true;
    std::mt19937_64 noise(static_cast<uint64_t>(number));
    for (int i = packet.size * 3 / 10; i < packet.size * 7 / 10; ++i)
      packet.data[i] = static_cast<uint8_t>(noise());
    return true;
  };
  {
    VideoFileWriter writer(path, test::settingsFor(pictures), hook, path + ".undamaged.ts");
    for (const auto& picture : pictures) writer.write(picture);
    writer.close();
  }
  const sim::DamageTruth truth = sim::measureDamage(path, path + ".undamaged.ts");
  fs::remove(path + ".undamaged.ts");
  return truth.damaged;
}

TEST(LossyFeed, AStrangersFeedThroughPacketLossIsThatCamerasDamagedFramesIncluded) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(360, 160, 320, 180);
  const auto b = test::renderScene(361, 160, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  const auto servedDamage =
      writeLossy(dir.file("cap/a-served-b.ts"), std::vector<YuvImage>(b.begin() + 40, b.end()), 6);
  const auto ownDamage = writeLossy(dir.file("cap/a-own.ts"), std::vector<YuvImage>(a.begin() + 40, a.end()));
  ASSERT_GE(servedDamage.size(), 10u);
  ASSERT_GE(ownDamage.size(), 10u);
  nlohmann::json c;
  c["case_id"] = "lossy-feed";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {
      {{"id", "s-served"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a-served-b.ts"}}},
      {{"id", "s-own"}, {"camera", "cam-A"}, {"viewer", "u-2"}, {"captures", {"cap/a-own.ts"}}}};
  auto run = test::auditCase(dir, c);
  ASSERT_EQ(run.exitCode, 1) << run.err;

  std::map<std::string, std::map<std::string, int>> verdicts;  // session -> verdict -> frames
  std::map<std::string, int> damagedForeign;
  for (const auto& frame : test::framesOf(dir)) {
    const std::string session = frame["session"];
    ++verdicts[session][frame["verdict"].get<std::string>()];
    const auto& damaged = session == "s-served" ? servedDamage : ownDamage;
    const bool isDamaged = std::count(damaged.begin(), damaged.end(), frame["index"].get<int64_t>()) > 0;
    if (frame["verdict"] == "foreign") {
      EXPECT_EQ(frame["attributed_camera"], "cam-B") << frame.dump();
      damagedForeign[session] += isDamaged;
    }
  }
  // Every picture of the stranger's feed is its camera's, damaged or not; none is passed as cam-A's.
  EXPECT_EQ(verdicts["s-served"]["consistent"], 0) << nlohmann::json(verdicts).dump();
  EXPECT_EQ(verdicts["s-served"]["foreign"], 120) << nlohmann::json(verdicts).dump();
  EXPECT_EQ(damagedForeign["s-served"], static_cast<int>(servedDamage.size()));
  // The claimed camera's own pictures through the same loss: none foreign.
  EXPECT_EQ(verdicts["s-own"].count("foreign"), 0u) << nlohmann::json(verdicts).dump();

  const auto report = test::findingsOf(dir);
  int served = 0;
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["session"], "s-served") << f.dump();
    EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
    EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
    EXPECT_GT(f["evidence"]["decode_damaged_frames"].get<int>(), 0) << f.dump();
    served += f["frames"].get<int>();
  }
  EXPECT_EQ(served, 120);
}

// A camera outside the case serves a whole session through the same loss: nothing matches, so it is a
// change of scene (indeterminate, a finding to read), never the claimed camera's damage. One damage state
// for all sources had made every picture after the first concealed one `corrupt`, with no finding.
TEST(LossyFeed, AWholeSessionFromACameraOutsideTheCaseThroughLossIsASceneChange) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(360, 40, 320, 180);
  const auto stranger = test::renderScene(362, 120, 320, 180);
  test::writeVideo(dir.file("ref/a.mp4"), a);
  const auto damage = writeLossy(dir.file("cap/a-served-stranger.ts"), stranger, 6);
  ASSERT_GE(damage.size(), 10u);
  nlohmann::json c;
  c["case_id"] = "lossy-stranger";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}}};
  c["sessions"] = {{{"id", "s-served"},
                    {"camera", "cam-A"},
                    {"viewer", "u-1"},
                    {"captures", {"cap/a-served-stranger.ts"}}}};
  auto run = test::auditCase(dir, c);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  const auto report = test::findingsOf(dir);
  ASSERT_EQ(report["findings"].size(), 1u) << report["findings"].dump();
  EXPECT_EQ(report["findings"][0]["type"], "scene_change");
  std::map<std::string, int> verdicts;
  for (const auto& frame : test::framesOf(dir)) ++verdicts[frame["verdict"].get<std::string>()];
  EXPECT_EQ(verdicts["consistent"], 0) << nlohmann::json(verdicts).dump();
  EXPECT_EQ(verdicts["corrupt"], 0) << nlohmann::json(verdicts).dump();
  EXPECT_EQ(verdicts["indeterminate"], 120) << nlohmann::json(verdicts).dump();
}

}  // namespace
}  // namespace camtrace
