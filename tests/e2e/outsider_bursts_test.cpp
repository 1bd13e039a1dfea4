// A camera that was moved shows a scene its references never had, so none of its session is placed; a
// cache then serves it bursts of a camera outside the case. camtrace reports the bursts as foreign frames
// of no known camera, and the rest of the session as the camera's change of scene.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

TEST(OutsiderBursts, BurstsOfAStrangerInAMovedCamerasSessionAreForeignAndUnattributed) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto before = test::renderScene(370, 40);  // what cam-A filmed when its references were taken
  const auto moved = test::renderScene(371, 140);  // what it films now
  const auto stranger = test::renderScene(372, 140);
  const auto b = test::renderScene(373, 100);
  test::writeVideo(dir.file("ref/a.mp4"), before);
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> session(moved);
  const auto burst = [](size_t i) { return (i >= 40 && i < 42) || (i >= 90 && i < 102); };
  for (size_t i = 0; i < session.size(); ++i)
    if (burst(i)) session[i] = stranger[i];
  test::writeVideo(dir.file("cap/a.mp4"), session);
  test::writeVideo(dir.file("cap/b.mp4"), std::vector<YuvImage>(b.begin() + 40, b.end()));
  nlohmann::json c;
  c["case_id"] = "outsider-bursts";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a.mp4"}}},
                   {{"id", "s-b"}, {"camera", "cam-B"}, {"viewer", "u-2"}, {"captures", {"cap/b.mp4"}}}};
  const auto run = test::auditCase(dir, c);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  std::vector<std::pair<int, int>> foreign;
  const nlohmann::json report = test::findingsOf(dir);
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["session"], "s-a") << f.dump();
    if (f["type"] != "foreign_frames") continue;
    EXPECT_TRUE(f["attributed_camera"].is_null()) << f.dump();
    foreign.emplace_back(f["first_index"].get<int>(), f["last_index"].get<int>());
  }
  EXPECT_EQ(foreign, (std::vector<std::pair<int, int>>{{40, 41}, {90, 101}}));
  for (const auto& f : test::framesOf(dir)) {
    if (f["session"] != "s-a") continue;
    const size_t i = f["index"].get<size_t>();
    EXPECT_EQ(f["verdict"], burst(i) ? "foreign" : "indeterminate") << f.dump();
  }
}

}  // namespace
}  // namespace camtrace
