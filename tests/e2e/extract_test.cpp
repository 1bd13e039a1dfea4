// `camtrace extract`: the flagged frames of a findings.json as pictures people can look at, named by their
// bytes, with a manifest of where each came from; only from captures that are still the bytes audited, and
// never into an evidence folder.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/input_digest.h"
#include "tests/e2e/cli_runner.h"
#include "tests/e2e/flagged_case.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

class Extract : public ::testing::Test {
 protected:
  void SetUp() override { test::writeFlaggedCase(dir_); }

  test::Run extract(const std::string& outdir) {
    return test::camtrace("extract " + quote(dir_.file("findings.json")) + " --outdir " + quote(outdir),
                          dir_);
  }

  test::TempDir dir_;
};

TEST_F(Extract, WritesEachFlaggedFrameNamedByItsBytesWithWhereItCameFrom) {
  auto run = extract(dir_.file("flagged"));
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const auto manifest = nlohmann::json::parse(test::readBytes(dir_.file("flagged/extract.json")));
  EXPECT_EQ(manifest["schema"], "camtrace.extract/1");
  EXPECT_EQ(manifest["case_id"], "flagged");
  EXPECT_TRUE(manifest["errors"].empty()) << manifest["errors"].dump();
  const auto findings = nlohmann::json::parse(test::readBytes(dir_.file("findings.json")));
  std::set<int64_t> expected;
  for (const auto& f : findings["findings"])
    if (f["type"] == "foreign_frames")
      for (int64_t i = f["first_index"]; i <= f["last_index"].get<int64_t>(); ++i) expected.insert(i);
  ASSERT_FALSE(expected.empty());
  std::set<int64_t> got;
  for (const auto& frame : manifest["frames"]) {
    got.insert(frame["index"].get<int64_t>());
    EXPECT_EQ(frame["session"], "s-a");
    EXPECT_EQ(frame["attributed_camera"], "cam-B") << frame.dump();
    EXPECT_EQ(frame["width"], 320);
    EXPECT_EQ(frame["colour"], true);
    EXPECT_EQ(frame["provenance"]["file"], "cap/s-a.mp4") << frame.dump();
    EXPECT_TRUE(frame["provenance"]["packet_position"].is_number()) << frame.dump();
    const std::string png = dir_.file("flagged/" + frame["png"].get<std::string>());
    ASSERT_TRUE(fs::exists(png)) << png;
    EXPECT_EQ(digestFile(png, png).sha256, frame["sha256"]) << png;
    EXPECT_EQ(frame["png"], frame["sha256"].get<std::string>() + ".png");
    EXPECT_EQ(test::readBytes(png).substr(1, 3), "PNG");
  }
  EXPECT_EQ(got, expected);
  // The same findings give the same pictures and the same manifest.
  ASSERT_EQ(extract(dir_.file("again")).exitCode, 0);
  EXPECT_EQ(test::readBytes(dir_.file("again/extract.json")),
            test::readBytes(dir_.file("flagged/extract.json")));
}

TEST_F(Extract, RefusesACaptureChangedSinceTheAuditAndAnOutdirInEvidence) {
  // An outdir inside a folder that holds evidence is refused before anything is made.
  auto inside = extract(dir_.file("case/cap/flagged"));
  EXPECT_EQ(inside.exitCode, 2) << inside.err;
  EXPECT_NE(inside.err.find("evidence folder"), std::string::npos) << inside.err;
  EXPECT_FALSE(fs::exists(dir_.file("case/cap/flagged")));
  // A capture whose bytes changed since the audit is named and not read.
  std::ofstream(dir_.file("case/cap/s-a.mp4"), std::ios::app | std::ios::binary) << "x";
  auto run = extract(dir_.file("flagged"));
  EXPECT_EQ(run.exitCode, 3) << run.err;
  const auto manifest = nlohmann::json::parse(test::readBytes(dir_.file("flagged/extract.json")));
  EXPECT_TRUE(manifest["frames"].empty());
  ASSERT_EQ(manifest["errors"].size(), 1u);
  EXPECT_EQ(manifest["errors"][0]["input"], "cap/s-a.mp4");
  EXPECT_NE(manifest["errors"][0]["message"].get<std::string>().find("changed since the audit"),
            std::string::npos);
  size_t pictures = 0;
  for (const auto& entry : fs::directory_iterator(dir_.file("flagged")))
    pictures += entry.path().extension() == ".png";
  EXPECT_EQ(pictures, 0u);
}

// A findings.json claiming a run far past the capture's end (tampered, or of another capture) costs no
// more than the capture: the frames that exist are written, the rest named in one error (exit 3).
TEST_F(Extract, ARunPastTheCapturesEndIsNamedNotExpanded) {
  auto findings = nlohmann::json::parse(test::readBytes(dir_.file("findings.json")));
  for (auto& f : findings["findings"])
    if (f["type"] == "foreign_frames") f["last_index"] = int64_t{1} << 50;
  test::writeBytes(dir_.file("tampered.json"), findings.dump());
  auto run = test::camtrace("extract " + quote(dir_.file("tampered.json")) + " --outdir " +
                                quote(dir_.file("flagged")) + " --case " + quote(dir_.file("case/case.json")),
                            dir_, "", 60);
  ASSERT_EQ(run.exitCode, 3) << run.err;
  const auto manifest = nlohmann::json::parse(test::readBytes(dir_.file("flagged/extract.json")));
  EXPECT_FALSE(manifest["frames"].empty());
  ASSERT_EQ(manifest["errors"].size(), 1u) << manifest["errors"].dump();
  EXPECT_NE(manifest["errors"][0]["message"].get<std::string>().find("were not decoded: the capture holds"),
            std::string::npos);
}

}  // namespace
}  // namespace camtrace
