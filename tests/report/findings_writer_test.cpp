#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/findings_writer.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

AuditResult smallResult() {
  AuditResult r;
  r.caseId = "golden-case";
  r.argv = {"camtrace", "audit", "--case", "case.json"};
  r.inputs = {{"cap/s-1.ts", 1234, std::string(64, 'a')}, {"case.json", 99, std::string(64, 'b')}};
  CaptureResult c;
  c.session = "s-1";
  c.capture = "cap/s-1.ts";
  c.claimedCamera = "cam-A";
  c.viewer = "user-17";
  c.audited = true;
  for (int i = 0; i < 4; ++i) {
    FrameVerdict v;
    v.index = i;
    v.pts = i * 0.5;
    v.verdict = i == 2 ? Verdict::Foreign : i == 3 ? Verdict::Corrupt : Verdict::Consistent;
    v.attributedCamera = i == 2 ? "cam-B" : i == 3 ? "" : "cam-A";
    v.confidence = 0.9876;
    c.frames.push_back(v);
  }
  r.captures.push_back(c);
  CaptureResult failed;
  failed.session = "s-2";
  failed.capture = "cap/s-2.mp4";
  failed.claimedCamera = "cam-B";
  failed.viewer = "user-18";
  r.captures.push_back(failed);
  Finding f;
  f.id = "0123456789abcdef";
  f.type = FindingType::ForeignFrames;
  f.session = "s-1";
  f.capture = "cap/s-1.ts";
  f.claimedCamera = "cam-A";
  f.attributedCamera = "cam-B";
  f.firstIndex = f.lastIndex = 2;
  f.firstPts = f.lastPts = 1.0;
  f.frames = 1;
  f.confidence = 0.9876;
  FramesEvidence e;
  e.claimed.camera = "cam-A";
  e.claimed.pdqDistance = 120;
  e.provenance.file = "cap/s-1.ts";
  f.evidence = e;
  r.findings.push_back(f);
  r.errors.push_back({"cap/s-2.mp4", "not a readable media file: Invalid data found when processing input"});
  return r;
}

// Golden files change only on purpose: CAMTRACE_UPDATE_GOLDEN=1 rewrites them, and the diff is reviewed.
void expectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(CAMTRACE_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("CAMTRACE_UPDATE_GOLDEN")) test::writeBytes(path, actual);
  EXPECT_EQ(actual, test::readBytes(path)) << "golden file " << path << " differs";
}

TEST(FindingsWriter, MatchesGoldenFindings) {
  std::string text = dumpFindings(smallResult());
  text.replace(text.find(CAMTRACE_VERSION), std::string(CAMTRACE_VERSION).size(), "VERSION");
  // The libraries' versions are this machine's: named, not compared.
  const std::regex libraries(R"("libraries": \{[^}]*\})");
  const std::string named = std::regex_replace(text, libraries, R"("libraries": "LIBRARIES")");
  EXPECT_NE(named, text);
  for (const char* library : {"\"ffmpeg\"", "\"opencv\"", "\"libpcap\""})
    EXPECT_NE(text.find(library), std::string::npos) << library;
  expectGolden("findings_small.json", named);
}

TEST(FindingsWriter, MatchesGoldenFrames) {
  std::ostringstream out;
  writeFramesJsonl(out, smallResult());
  expectGolden("frames_small.jsonl", out.str());
}

TEST(FindingsWriter, SummaryCountsAffectedSessionsViewersAndExposedCameras) {
  auto json = findingsToJson(smallResult());
  const auto& s = json["summary"];
  EXPECT_EQ(s["sessions_audited"], 1);
  EXPECT_EQ(s["sessions_affected"], 1);
  EXPECT_EQ(s["frames_audited"], 4);
  EXPECT_EQ(s["frames_foreign"], 1);
  EXPECT_EQ(s["frames_corrupt"], 1);
  EXPECT_EQ(s["cameras_exposed"], nlohmann::ordered_json::array({"cam-B"}));
  EXPECT_EQ(s["viewers_affected"], nlohmann::ordered_json::array({"user-17"}));
  EXPECT_EQ(json["errors"][0]["input"], "cap/s-2.mp4");
}

}  // namespace
}  // namespace camtrace
