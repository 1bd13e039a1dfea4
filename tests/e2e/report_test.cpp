// `camtrace report`: one HTML page people can open offline, with the flagged frame beside the cameras'
// reference views, read back from inputs that are still the bytes audited, never written into evidence;
// and rendered by a real browser (Debian's chromium) where one is installed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"
#include "tests/e2e/flagged_case.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

class Report : public ::testing::Test {
 protected:
  void SetUp() override { test::writeFlaggedCase(dir_); }
  test::Run report(const std::string& output) {
    return test::camtrace("report " + quote(dir_.file("findings.json")) + " -o " + quote(output), dir_);
  }
  static size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  test::TempDir dir_;
};

TEST_F(Report, OnePageWithTheFlaggedFrameBesideBothCamerasAndNothingFetched) {
  auto run = report(dir_.file("report.html"));
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const std::string page = test::readBytes(dir_.file("report.html"));
  EXPECT_NE(page.find("<section id=\"session-s-a\""), std::string::npos);
  EXPECT_NE(page.find("attributed to <b>cam-B</b>"), std::string::npos);
  // The flagged frame, cam-A's nearest reference frame and cam-B's best match, inline.
  EXPECT_EQ(count(page, "src=\"data:image/jpeg;base64,"), 3u);
  EXPECT_EQ(count(page, "src="), 3u);
  EXPECT_NE(page.find("ref/b.mp4 frame"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_LT(page.size(), 200u * 1024);
  // The same findings give the same page.
  ASSERT_EQ(report(dir_.file("again.html")).exitCode, 0);
  EXPECT_EQ(test::readBytes(dir_.file("again.html")), page);
}

TEST_F(Report, NeverWritesIntoEvidenceAndSaysWhichInputChanged) {
  auto inside = report(dir_.file("case/cap/report.html"));
  EXPECT_EQ(inside.exitCode, 2) << inside.err;
  EXPECT_FALSE(fs::exists(dir_.file("case/cap/report.html")));
  std::ofstream(dir_.file("case/ref/b.mp4"), std::ios::app | std::ios::binary) << "x";
  auto run = report(dir_.file("report.html"));
  EXPECT_EQ(run.exitCode, 3) << run.err;
  const std::string page = test::readBytes(dir_.file("report.html"));
  EXPECT_NE(page.find("ref/b.mp4: not pictured:"), std::string::npos);
  EXPECT_NE(page.find("changed since the audit"), std::string::npos);
  // The capture and cam-A's references are intact: the flagged frame and cam-A's view are still shown.
  EXPECT_EQ(count(page, "src=\"data:image/jpeg;base64,"), 2u);
}

// A findings.json whose run starts past its capture's end (tampered, or of another capture) is pictured
// without it, says so, and exits 3, whatever its indexes.
TEST_F(Report, AFlaggedFrameTheCaptureDoesNotHoldIsSaid) {
  auto findings = nlohmann::json::parse(test::readBytes(dir_.file("findings.json")));
  for (auto& f : findings["findings"]) {
    f["first_index"] = int64_t{1} << 40;
    f["last_index"] = INT64_MAX;
  }
  test::writeBytes(dir_.file("tampered.json"), findings.dump());
  auto run = test::camtrace("report " + quote(dir_.file("tampered.json")) + " -o " +
                                quote(dir_.file("r.html")) + " --case " + quote(dir_.file("case/case.json")),
                            dir_, "", 60);
  EXPECT_EQ(run.exitCode, 3) << run.err;
  EXPECT_NE(test::readBytes(dir_.file("r.html")).find("was not decoded (the capture gave"),
            std::string::npos);
}

// Chromium renders the page offline: the DOM names the affected session and shows its pictures, and a
// screenshot is left in the build folder for people to look at (docs/report.png is one).
TEST_F(Report, RendersInHeadlessChromium) {
  const char* chromium = "/usr/bin/chromium";
  if (!fs::exists(chromium)) GTEST_SKIP() << "Debian's chromium is not installed";
  ASSERT_EQ(report(dir_.file("report.html")).exitCode, 0);
  const std::string flags =
      " --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,900 ";
  const std::string url = "file://" + dir_.file("report.html");
  const std::string dom = dir_.file("dom.html"), shot = std::string(CAMTRACE_BINARY_DIR) + "/report-test.png";
  ASSERT_EQ(std::system(("timeout 120 " + std::string(chromium) + flags + "--dump-dom " + quote(url) + " >" +
                         quote(dom) + " 2>/dev/null")
                            .c_str()),
            0);
  const std::string rendered = test::readBytes(dom);
  EXPECT_NE(rendered.find("id=\"session-s-a\""), std::string::npos);
  EXPECT_EQ(count(rendered, "<img"), 3u);
  fs::remove(shot);
  ASSERT_EQ(std::system(("timeout 120 " + std::string(chromium) + flags + "--screenshot=" + quote(shot) +
                         " " + quote(url) + " >/dev/null 2>&1")
                            .c_str()),
            0);
  ASSERT_TRUE(fs::exists(shot));
  EXPECT_EQ(test::readBytes(shot).substr(1, 3), "PNG");
}

// The bundled sample case, as the README runs it: its page names every affected session and shows every
// foreign_frames finding's flagged frame beside both cameras' reference frames, rendered by Chromium.
TEST(ReportOfTheSample, NamesEveryAffectedSessionAndShowsItsFramesInChromium) {
  const char* chromium = "/usr/bin/chromium";
  if (!fs::exists(chromium)) GTEST_SKIP() << "Debian's chromium is not installed";
  test::TempDir dir;
  const std::string manifest = std::string(CAMTRACE_SOURCE_DIR) + "/samples/incident-2019.json";
  auto audit =
      test::camtrace("audit --case " + quote(manifest) + " -o " + quote(dir.file("findings.json")), dir);
  ASSERT_EQ(audit.exitCode, 1) << audit.err;
  auto run =
      test::camtrace("report " + quote(dir.file("findings.json")) + " -o " + quote(dir.file("r.html")), dir);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const std::string dom = dir.file("dom.html");
  ASSERT_EQ(std::system(("timeout 120 " + std::string(chromium) +
                         " --headless --no-sandbox --disable-gpu --dump-dom " +
                         quote("file://" + dir.file("r.html")) + " >" + quote(dom) + " 2>/dev/null")
                            .c_str()),
            0);
  const std::string rendered = test::readBytes(dom);
  const auto findings = nlohmann::json::parse(test::readBytes(dir.file("findings.json")));
  size_t foreign = 0;
  for (const auto& f : findings["findings"]) {
    EXPECT_NE(rendered.find("id=\"session-" + f["session"].get<std::string>() + "\""), std::string::npos)
        << f["session"];
    EXPECT_NE(rendered.find("id=\"finding-" + f["id"].get<std::string>() + "\""), std::string::npos)
        << f["id"];
    foreign += f["type"] == "foreign_frames";
  }
  ASSERT_GT(foreign, 0u);
  size_t images = 0;
  for (size_t at = rendered.find("<img"); at != std::string::npos; at = rendered.find("<img", at + 1))
    ++images;
  EXPECT_EQ(images, 3 * foreign);
}

}  // namespace
}  // namespace camtrace
