// A capture whose decoder ran out of a frame's data and said nothing: the rest of the picture is one flat
// value (OpenCV's Megamind_bugy.avi has such frames, which were called foreign). camtrace calls those
// pictures corrupt: damage is not another camera, and a third of a picture does not vouch for its source
// (here they were called consistent before).

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

TEST(MissingRows, APictureWhoseLowerRowsNeverArrivedIsCorruptNotForeign) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto own = test::renderScene(380, 100);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(own.begin(), own.begin() + 40));
  std::vector<YuvImage> session(own.begin() + 40, own.end());
  const auto truncated = [](size_t i) { return i == 20 || i == 35; };
  for (size_t i = 0; i < session.size(); ++i) {
    if (!truncated(i)) continue;
    YuvImage& p = session[i];
    std::fill(p.y.begin() + static_cast<ptrdiff_t>(p.width) * 32, p.y.end(), uint8_t{157});
  }
  test::writeVideo(dir.file("cap/a.mp4"), session);
  nlohmann::json c;
  c["case_id"] = "missing-rows";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/a.mp4"}}}};
  const auto run = test::auditCase(dir, c);
  ASSERT_TRUE(run.exitCode == 0 || run.exitCode == 1) << run.err;
  for (const auto& f : test::framesOf(dir)) {
    const size_t i = f["index"].get<size_t>();
    EXPECT_EQ(f["verdict"], truncated(i) ? "corrupt" : "consistent") << f.dump();
  }
  for (const auto& f : test::findingsOf(dir)["findings"]) EXPECT_NE(f["type"], "foreign_frames") << f.dump();
}

}  // namespace
}  // namespace camtrace
