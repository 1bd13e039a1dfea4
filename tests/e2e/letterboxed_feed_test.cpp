// A stranger's camera of other proportions reaches a viewer fitted whole into the session's stream, black
// bars around it (a 4:3 camera in a 16:9 player). Its pictures are matched inside the bars and attributed
// to it.

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

// `picture` centred in a black (video level 16) picture of width x height, chroma neutral.
YuvImage pillarboxed(const YuvImage& picture, int width, int height) {
  YuvImage out(width, height);
  std::fill(out.y.begin(), out.y.end(), 16);
  std::fill(out.u.begin(), out.u.end(), 128);
  std::fill(out.v.begin(), out.v.end(), 128);
  const int x = (width - picture.width) / 2 & ~1, y = (height - picture.height) / 2 & ~1;
  for (int row = 0; row < picture.height; ++row)
    std::copy_n(picture.y.begin() + static_cast<long>(row) * picture.width, picture.width,
                out.y.begin() + static_cast<long>(row + y) * width + x);
  return out;
}

TEST(LetterboxedFeed, AFourByThreeCamerasPicturesInASixteenByNineSessionAreItsOwn) {
  test::TempDir dir;
  test::makeCaseFolders(dir);
  const auto a = test::renderScene(370, 120, 320, 180);
  const auto b = test::renderScene(371, 80, 240, 180);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> session(a.begin() + 40, a.end());
  for (size_t i = 30; i < 42; ++i) session[i] = pillarboxed(b[i + 20], 320, 180);
  test::writeVideo(dir.file("cap/s-a.mp4"), session);
  nlohmann::json c;
  c["case_id"] = "pillarboxed";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/s-a.mp4"}}}};
  auto run = test::auditCase(dir, c);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  int served = 0;
  for (const auto& frame : test::framesOf(dir)) {
    const int64_t index = frame["index"];
    if (index >= 30 && index < 42) {
      EXPECT_EQ(frame["verdict"], "foreign") << frame.dump();
      EXPECT_EQ(frame["attributed_camera"], "cam-B") << frame.dump();
      ++served;
    } else {
      EXPECT_EQ(frame["verdict"], "consistent") << frame.dump();
    }
  }
  EXPECT_EQ(served, 12);
}

}  // namespace
}  // namespace camtrace
