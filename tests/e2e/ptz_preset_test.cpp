// A pan/tilt/zoom camera touring its presets jumps to a closer view of part of its scene and back: a view
// no reference has, cut in and cut back like an insertion. camtrace reports it as the camera's own change
// of scene, saying where the closer view sits, while another camera's burst in the same session stays
// foreign and attributed, in one run and in a merge of shards alike.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

using test::quote;

TEST(PtzPreset, ACloserPresetIsTheCamerasSceneChangeAndABurstStaysForeign) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(360, 180, 320, 192);
  const auto b = test::renderScene(361, 60, 320, 192);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> session(a.begin() + 40, a.end());
  for (size_t i = 40; i < 100; ++i) session[i] = test::throughLens(session[i], 0.5, -session[i].width / 4);
  for (size_t i = 120; i < 126; ++i) session[i] = b[40 + i - 120];  // the cache mix-up
  test::writeVideo(dir.file("cap/a.mp4"), session);
  test::writeVideo(dir.file("cap/b.mp4"), std::vector<YuvImage>(b.begin() + 40, b.end()));
  nlohmann::json c;
  c["case_id"] = "ptz-preset";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a.mp4"}}},
                   {{"id", "s-b"}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {"cap/b.mp4"}}}};
  const auto run = test::auditCase(dir, c);
  ASSERT_EQ(run.exitCode, 1) << run.err;  // the burst is a finding
  int presets = 0, bursts = 0;
  const nlohmann::json report = test::findingsOf(dir);
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["session"], "s-a") << f.dump();
    if (f["type"] == "scene_change") {
      ++presets;
      EXPECT_EQ(f["first_index"], 40) << f.dump();
      EXPECT_EQ(f["last_index"], 99) << f.dump();
      const auto& closer = f["evidence"]["closer_view_of_claimed_view"];
      EXPECT_NEAR(closer["zoom"].get<double>(), 2.0, 0.25) << f.dump();
      EXPECT_NEAR(closer["left"].get<double>(), 0.0, 0.13) << f.dump();
      EXPECT_NEAR(closer["top"].get<double>(), 0.25, 0.13) << f.dump();
      EXPECT_GE(closer["similarity"].get<double>(), 0.85) << f.dump();
      EXPECT_EQ(closer["frames"], 60) << f.dump();
    } else {
      ++bursts;
      EXPECT_EQ(f["type"], "foreign_frames") << f.dump();
      EXPECT_EQ(f["attributed_camera"], "cam-B") << f.dump();
      EXPECT_EQ(f["first_index"], 120) << f.dump();
      EXPECT_EQ(f["last_index"], 125) << f.dump();
    }
  }
  EXPECT_EQ(presets, 1);
  EXPECT_EQ(bursts, 1);
  for (const auto& f : test::framesOf(dir)) {
    const int i = f["index"].get<int>();
    if (f["session"] == "s-a" && i >= 40 && i < 100) {
      EXPECT_EQ(f["verdict"], "indeterminate") << f.dump();
    }
  }
  // Shards of one session each merge to the single run's bytes, the closer view's evidence included.
  std::string merge = "merge";
  for (int i = 0; i < 2; ++i) {
    const std::string out = dir.file("shard-" + std::to_string(i) + ".json");
    ASSERT_NE(test::camtrace("audit --case " + quote(dir.file("case.json")) + " --shard " +
                                 std::to_string(i) + "/2 -o " + quote(out),
                             dir)
                  .exitCode,
              2);
    merge.append(" ").append(quote(out));
  }
  ASSERT_EQ(test::camtrace(merge + " -o " + quote(dir.file("merged.json")), dir).exitCode, 1);
  EXPECT_EQ(nlohmann::json::parse(test::readBytes(dir.file("merged.json")))["findings"], report["findings"]);
}

}  // namespace
}  // namespace camtrace
