// The CLI contract of docs/design.md: exit codes, stdout/stderr, bad input named and survived, evidence
// untouched.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/video_writer.h"
#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

// Two cameras with references, and captures: clean, spliced, and every kind of broken input.
class CliContract : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "ref");
    fs::create_directories(dir_.path() / "cap" / "empty");
    fs::create_directories(dir_.path() / "cap" / "stills");
    a_ = test::renderScene(70, 90);
    b_ = test::renderScene(71, 90);
    test::writeVideo(dir_.file("ref/a.mp4"), std::vector<YuvImage>(a_.begin(), a_.begin() + 30));
    test::writeVideo(dir_.file("ref/b.mp4"), std::vector<YuvImage>(b_.begin(), b_.begin() + 30));
    test::writeVideo(dir_.file("cap/clean.ts"), std::vector<YuvImage>(a_.begin() + 30, a_.end()));
    std::vector<YuvImage> spliced(a_.begin() + 30, a_.end());
    for (int i = 20; i < 24; ++i) spliced[static_cast<size_t>(i)] = b_[static_cast<size_t>(40 + i)];
    test::writeVideo(dir_.file("cap/spliced.mp4"), spliced);
    for (int i = 0; i < 6; ++i)
      writeStill(dir_.file("cap/stills/" + std::to_string(i) + ".jpg"),
                 i == 3 ? b_[80] : a_[static_cast<size_t>(60 + i)]);
    std::string garbage(5000, '\0');
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 131 % 256);
    test::writeBytes(dir_.file("cap/garbage.mp4"), garbage);
    std::string whole = test::readBytes(dir_.file("cap/spliced.mp4"));
    test::writeBytes(dir_.file("cap/truncated.mp4"), whole.substr(0, whole.size() / 2));
  }

  // The case as written, audited into f.json and fr.jsonl.
  test::Run auditWithFrames() {
    return test::camtrace("audit --case " + quote(dir_.file("case.json")) + " -o " +
                              quote(dir_.file("f.json")) + " --frames " + quote(dir_.file("fr.jsonl")),
                          dir_);
  }

  // A spliced session timed by its start_time and a stills session that tells no time, audited: the
  // findings the export tests write out (one timed, one not).
  nlohmann::json auditForExport() {
    writeCase({"cap/spliced.mp4", "cap/stills"});
    auto c = nlohmann::json::parse(test::readBytes(dir_.file("case.json")));
    c["sessions"][0]["start_time"] = "2019-12-26T03:00:00Z";
    test::writeBytes(dir_.file("case.json"), c.dump(2));
    auto run = test::camtrace(
        "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
    EXPECT_EQ(run.exitCode, 1) << run.err;
    return nlohmann::json::parse(test::readBytes(dir_.file("f.json")))["findings"];
  }

  void writeCase(const std::vector<std::string>& captures) {
    nlohmann::json c;
    c["case_id"] = "contract";
    c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                    {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
    c["sessions"] = nlohmann::json::array();
    for (size_t i = 0; i < captures.size(); ++i) {
      // string::append, not "literal" + string: GCC 12 at -O3 raises a false -Wrestrict on the latter (GCC
      // bug 105651).
      const std::string id = std::string("s-").append(std::to_string(i)),
                        viewer = std::string("v").append(std::to_string(i));
      c["sessions"].push_back(
          {{"id", id}, {"camera", "cam-A"}, {"viewer", viewer}, {"captures", {captures[i]}}});
    }
    test::writeBytes(dir_.file("case.json"), c.dump(2));
    EXPECT_EQ(test::validateSchema("case.schema.json", dir_.file("case.json"), false), 0);
  }

  test::TempDir dir_;
  std::vector<YuvImage> a_, b_;
};

TEST_F(CliContract, CleanCaseExitsZeroAndSplicedCaseExitsOne) {
  writeCase({"cap/clean.ts"});
  auto clean = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_EQ(clean.exitCode, 0) << clean.err;
  auto json = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  EXPECT_TRUE(json["findings"].empty());
  EXPECT_EQ(json["summary"]["frames_audited"], 60);

  writeCase({"cap/clean.ts", "cap/spliced.mp4", "cap/stills"});
  auto spliced = auditWithFrames();
  EXPECT_EQ(spliced.exitCode, 1) << spliced.err;
  json = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  ASSERT_EQ(json["findings"].size(), 2u) << json["findings"].dump(1);
  EXPECT_EQ(json["findings"][0]["capture"], "cap/spliced.mp4");
  EXPECT_EQ(json["findings"][0]["first_index"], 20);
  EXPECT_EQ(json["findings"][0]["last_index"], 23);
  EXPECT_EQ(json["findings"][0]["attributed_camera"], "cam-B");
  EXPECT_EQ(json["findings"][1]["capture"], "cap/stills");
  EXPECT_EQ(json["findings"][1]["first_index"], 3);
  EXPECT_EQ(json["findings"][1]["evidence"]["provenance"]["file"], "cap/stills/3.jpg");
  EXPECT_EQ(json["summary"]["viewers_affected"], nlohmann::json::array({"v1", "v2"}));
  // Every input is hashed: manifest, 2 references, 2 videos, 6 stills.
  EXPECT_EQ(json["inputs"].size(), 11u);
}

// `--pdq` puts ThreatExchange's PDQ of every frame on its frames.jsonl line (bench/pdq_reference.sh holds
// it to vPDQ's own hashes, bit for bit) and changes nothing else: the findings are the same bytes.
TEST_F(CliContract, PdqHashesOnEveryFrameLineChangeNothingElse) {
  writeCase({"cap/spliced.mp4", "cap/stills"});
  const std::string audit = "audit --case " + quote(dir_.file("case.json"));
  auto plain = test::camtrace(audit + " -o " + quote(dir_.file("plain.json")), dir_);
  ASSERT_EQ(plain.exitCode, 1) << plain.err;
  auto hashed = test::camtrace(
      audit + " -o " + quote(dir_.file("hashed.json")) + " --pdq --frames " + quote(dir_.file("fr.jsonl")),
      dir_);
  ASSERT_EQ(hashed.exitCode, 1) << hashed.err;
  auto withHashes = nlohmann::json::parse(test::readBytes(dir_.file("hashed.json")));
  withHashes.erase("frames_sha256");  // the digest of the frames.jsonl written beside it
  EXPECT_EQ(withHashes, nlohmann::json::parse(test::readBytes(dir_.file("plain.json"))));
  EXPECT_EQ(test::validateSchema("frames.schema.json", dir_.file("fr.jsonl"), true), 0);
  std::istringstream lines(test::readBytes(dir_.file("fr.jsonl")));
  std::set<std::string> distinct;
  size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    const auto frame = nlohmann::json::parse(line);
    ASSERT_TRUE(frame.contains("pdq")) << line;
    EXPECT_EQ(frame["pdq"].get<std::string>().size(), 64u);
    EXPECT_GE(frame["pdq_quality"].get<int>(), 50) << line;  // rendered rooms: detailed pictures
    distinct.insert(frame["pdq"].get<std::string>());
  }
  EXPECT_EQ(count, 66u);  // 60 frames and 6 stills
  EXPECT_GT(distinct.size(), 10u);
  // Without frames.jsonl there is nowhere to put them: said, not ignored.
  auto alone = test::camtrace(audit + " -o " + quote(dir_.file("x.json")) + " --pdq", dir_);
  EXPECT_EQ(alone.exitCode, 2);
  EXPECT_NE(alone.err.find("--frames"), std::string::npos) << alone.err;
}

TEST_F(CliContract, BrokenInputsAreNamedAndTheRestIsStillAudited) {
  writeCase({"cap/missing.ts", "cap/garbage.mp4", "cap/truncated.mp4", "cap/empty", "cap/spliced.mp4"});
  auto run = auditWithFrames();
  EXPECT_EQ(run.exitCode, 3) << run.err;
  auto json = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  std::set<std::string> failed;
  for (const auto& e : json["errors"]) {
    failed.insert(e["input"]);
    EXPECT_FALSE(e["message"].get<std::string>().empty());
    EXPECT_NE(run.err.find(e["input"].get<std::string>()), std::string::npos) << run.err;
  }
  EXPECT_EQ(failed,
            (std::set<std::string>{"cap/empty", "cap/garbage.mp4", "cap/missing.ts", "cap/truncated.mp4"}));
  EXPECT_EQ(json["summary"]["sessions_audited"], 1);
  EXPECT_EQ(json["findings"].size(), 1u);  // the spliced capture still yields its finding
}

TEST_F(CliContract, NothingAuditableExitsTwo) {
  writeCase({"cap/missing.ts", "cap/garbage.mp4"});
  auto run = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("nothing could be audited"), std::string::npos);
}

TEST_F(CliContract, MalformedManifestExitsTwoNamingIt) {
  test::writeBytes(dir_.file("bad.json"), R"({"case_id":"x","cameras":[],"sessions":[],"surprise":true})");
  auto run = test::camtrace("audit --case " + quote(dir_.file("bad.json")), dir_);
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("bad.json"), std::string::npos);
  EXPECT_NE(run.err.find("surprise"), std::string::npos);
  EXPECT_TRUE(run.out.empty());
  // The shipped manifest schema refuses it too, so a pipeline can check a manifest before the audit.
  EXPECT_EQ(test::validateSchema("case.schema.json", dir_.file("bad.json"), false), 1);
}

TEST_F(CliContract, SingleCaptureFormWritesFindingsToStdout) {
  auto run = test::camtrace("audit " + quote(dir_.file("cap/spliced.mp4")) + " --camera cam-A --reference " +
                                quote(dir_.file("ref/a.mp4")),
                            dir_);
  EXPECT_EQ(run.exitCode, 1) << run.err;
  auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["findings"].size(), 1u);
  EXPECT_EQ(json["findings"][0]["first_index"], 20);
  EXPECT_TRUE(json["findings"][0]["attributed_camera"].is_null());  // no other camera to name
  EXPECT_EQ(json["findings"][0]["session"], dir_.file("cap/spliced.mp4"));
}

TEST_F(CliContract, EnrolledProfileStandsInForReferences) {
  auto enroll = test::camtrace(
      "enroll --camera cam-A " + quote(dir_.file("ref/a.mp4")) + " -o " + quote(dir_.file("a.profile.json")),
      dir_);
  ASSERT_EQ(enroll.exitCode, 0) << enroll.err;
  auto profile = nlohmann::json::parse(test::readBytes(dir_.file("a.profile.json")));
  EXPECT_EQ(profile["schema"], "camtrace.profile/1");
  EXPECT_EQ(profile["camera"], "cam-A");
  auto run = test::camtrace("audit " + quote(dir_.file("cap/clean.ts")) + " --camera cam-A --reference " +
                                quote(dir_.file("a.profile.json")) + " -o -",
                            dir_);
  EXPECT_EQ(run.exitCode, 0) << run.err;
}

TEST_F(CliContract, ProbeDescribesCapturesAndNamesFailures) {
  auto run = test::camtrace(
      "probe " + quote(dir_.file("cap/clean.ts")) + " " + quote(dir_.file("cap/garbage.mp4")) + " --frames",
      dir_);
  EXPECT_EQ(run.exitCode, 3);
  auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["captures"].size(), 1u);
  EXPECT_EQ(json["captures"][0]["frames"], 60);
  EXPECT_EQ(json["captures"][0]["codec"], "h264");
  EXPECT_EQ(json["captures"][0]["frame_list"].size(), 60u);
  EXPECT_EQ(json["errors"][0]["input"], dir_.file("cap/garbage.mp4"));
}

TEST_F(CliContract, WritesToDevicesAndPipesWithoutReplacingThem) {
  // A FIFO stands in for /dev/null or a pipe: it must still be a FIFO afterwards, with the findings sent
  // through it.
  writeCase({"cap/clean.ts"});
  const std::string fifo = dir_.file("out.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string received = dir_.file("received.json");
  const std::string reader = "cat " + quote(fifo) + " > " + quote(received) + " &";
  ASSERT_EQ(std::system(reader.c_str()), 0);
  auto run = test::camtrace("audit --case " + quote(dir_.file("case.json")) + " -o " + quote(fifo), dir_);
  EXPECT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(fs::is_fifo(fifo));
  for (int i = 0; i < 50 && test::readBytes(received).empty(); ++i) usleep(20000);
  EXPECT_NE(test::readBytes(received).find("camtrace.findings/1"), std::string::npos);
}

TEST_F(CliContract, RefusesToWriteIntoEvidence) {
  writeCase({"cap/stills"});
  auto run = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("cap/stills/out.json")),
      dir_);
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_FALSE(fs::exists(dir_.file("cap/stills/out.json")));
  auto overwrite = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("case.json")), dir_);
  EXPECT_EQ(overwrite.exitCode, 2);
}

// verify re-hashes what an audit recorded: a changed input exits 1 whatever else is missing, a missing one
// 3, all intact 0; a manifest moved since is found with --case.
TEST_F(CliContract, VerifySaysWhichInputsChangedOrWentMissing) {
  writeCase({"cap/clean.ts", "cap/stills"});
  ASSERT_EQ(test::camtrace(
                "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_)
                .exitCode,
            1);
  const std::string verify = "verify " + quote(dir_.file("f.json"));
  auto intact = test::camtrace(verify, dir_);
  EXPECT_EQ(intact.exitCode, 0) << intact.err;
  EXPECT_NE(intact.out.find("10 inputs: 10 intact, 0 changed, 0 missing"), std::string::npos) << intact.out;

  const std::string still = test::readBytes(dir_.file("cap/stills/2.jpg"));
  test::writeBytes(dir_.file("cap/stills/2.jpg"), still + "x");
  fs::rename(dir_.file("ref/b.mp4"), dir_.file("b.mp4"));
  auto both = test::camtrace(verify, dir_);
  EXPECT_EQ(both.exitCode, 1) << both.err;
  EXPECT_NE(both.out.find("changed  cap/stills/2.jpg"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("missing  ref/b.mp4"), std::string::npos) << both.out;

  test::writeBytes(dir_.file("cap/stills/2.jpg"), still);
  auto missing = test::camtrace(verify + " --json", dir_);
  EXPECT_EQ(missing.exitCode, 3) << missing.err;
  const auto report = nlohmann::json::parse(missing.out);
  EXPECT_EQ(report["missing"], 1);
  EXPECT_EQ(report["intact"], 9);

  fs::rename(dir_.file("b.mp4"), dir_.file("ref/b.mp4"));
  fs::rename(dir_.file("case.json"), dir_.file("moved.json"));
  EXPECT_EQ(test::camtrace(verify, dir_).exitCode, 2);
  EXPECT_EQ(test::camtrace(verify + " --case " + quote(dir_.file("moved.json")), dir_).exitCode, 0);
  EXPECT_EQ(test::camtrace("verify " + quote(dir_.file("ref/a.mp4")), dir_).exitCode, 2);
}

// A session's start_time places its first capture's frames where the capture itself tells no time.
TEST_F(CliContract, ASessionsStartTimeGivesItsFramesATimeOfDay) {
  writeCase({"cap/clean.ts"});
  auto c = nlohmann::json::parse(test::readBytes(dir_.file("case.json")));
  c["sessions"][0]["start_time"] = "2019-12-26T04:00:00+01:00";
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  EXPECT_EQ(test::validateSchema("case.schema.json", dir_.file("case.json"), false), 0);
  auto run = auditWithFrames();
  ASSERT_EQ(run.exitCode, 0) << run.err;
  std::istringstream lines(test::readBytes(dir_.file("fr.jsonl")));
  std::string text;
  std::getline(lines, text);
  auto first = nlohmann::json::parse(text);
  EXPECT_EQ(first["time"], "2019-12-26T03:00:00Z") << text;
  EXPECT_EQ(first["time_source"], "manifest_start_time") << text;

  c["sessions"][0]["start_time"] = "yesterday";
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  auto bad = test::camtrace("audit --case " + quote(dir_.file("case.json")), dir_);
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("sessions[0]"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("start_time"), std::string::npos) << bad.err;
}

// A raw transport stream carries no time of day; its camera's burned-in clock does, in the zone the
// manifest sets that clock to. renderScene draws 2019-12-26 04:00:00 in UTC+1 at its first frame.
TEST_F(CliContract, TheBurnedInClockGivesFramesATimeOfDayInTheCamerasZone) {
  const auto film = test::renderScene(360, 400, 320, 180);
  test::writeVideo(dir_.file("ref/clock.mp4"), std::vector<YuvImage>(film.begin(), film.begin() + 150));
  test::writeVideo(dir_.file("cap/clock.ts"), std::vector<YuvImage>(film.begin() + 150, film.end()));
  nlohmann::json c;
  c["case_id"] = "clock-time";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/clock.mp4"}}, {"osd", {{"utc_offset", "+01:00"}}}}};
  c["sessions"] = {{{"id", "s-0"}, {"camera", "cam-A"}, {"captures", {"cap/clock.ts"}}}};
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  EXPECT_EQ(test::validateSchema("case.schema.json", dir_.file("case.json"), false), 0);
  auto run = auditWithFrames();
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_EQ(test::validateSchema("frames.schema.json", dir_.file("fr.jsonl"), true), 0);
  std::istringstream lines(test::readBytes(dir_.file("fr.jsonl")));
  size_t timed = 0, count = 0;
  for (std::string text; std::getline(lines, text); ++count) {
    const auto frame = nlohmann::json::parse(text);
    if (frame["time"].is_null()) continue;
    ++timed;
    EXPECT_EQ(frame["time_source"], "burned_in_clock") << text;
    // Frame 150 + i of the film shows second (150 + i) / 15 after 04:00:00 local, 03:00:00 UTC.
    const int second = (150 + frame["index"].get<int>()) / 15;
    char expected[32];
    std::snprintf(expected, sizeof expected, "2019-12-26T03:00:%02dZ", second);
    EXPECT_EQ(frame["time"], expected) << text;
  }
  EXPECT_EQ(count, 250u);
  EXPECT_GE(timed * 10, count * 8) << timed;
  // Without the zone the clock says nothing of the time of day.
  c["cameras"][0].erase("osd");
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  ASSERT_EQ(auditWithFrames().exitCode, 0);
  EXPECT_EQ(test::readBytes(dir_.file("fr.jsonl")).find("burned_in_clock"), std::string::npos);
  c["cameras"][0]["osd"] = {{"utc_offset", "CET"}};
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  auto bad = test::camtrace("audit --case " + quote(dir_.file("case.json")), dir_);
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("utc_offset"), std::string::npos) << bad.err;
}

// export writes one CSV row per finding and one Timesketch line per finding with a time of day, each
// joining back by case and finding id; it never writes over its input.
TEST_F(CliContract, ExportsFindingsAsCsvAndTimesketch) {
  const auto findings = auditForExport();
  ASSERT_EQ(findings.size(), 2u);

  auto csv = test::camtrace("export " + quote(dir_.file("f.json")) + " --format csv", dir_);
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("case_id,finding_id,type,session,capture,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("contract," + findings[0]["id"].get<std::string>() +
                         ",foreign_frames,s-0,cap/spliced.mp4"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find("," + findings[1]["id"].get<std::string>() + ","), std::string::npos) << csv.out;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 3);

  auto timeline = test::camtrace(
      "export " + quote(dir_.file("f.json")) + " --format timesketch -o " + quote(dir_.file("t.jsonl")),
      dir_);
  ASSERT_EQ(timeline.exitCode, 0) << timeline.err;
  std::istringstream lines(test::readBytes(dir_.file("t.jsonl")));
  std::string text;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, text)) records.push_back(nlohmann::json::parse(text));
  ASSERT_EQ(records.size(), 1u);  // the spliced session's finding; the stills' has no time
  EXPECT_EQ(records[0]["finding_id"], findings[0]["id"]);
  EXPECT_EQ(records[0]["case_id"], "contract");
  EXPECT_EQ(records[0]["datetime"], findings[0]["time"]);
  EXPECT_TRUE(records[0]["message"].is_string());
  EXPECT_NE(records[0]["timestamp_desc"].get<std::string>().find("manifest_start_time"), std::string::npos);

  EXPECT_EQ(
      test::camtrace(
          "export " + quote(dir_.file("f.json")) + " --format csv -o " + quote(dir_.file("f.json")), dir_)
          .exitCode,
      2);
  EXPECT_EQ(test::camtrace("export " + quote(dir_.file("f.json")) + " --format pdf", dir_).exitCode, 2);
}

// OCSF Detection Finding and ECS: every finding, timed or not, with the fields each format requires, and the
// case and finding ids to join back. SOURCE_DATE_EPOCH fixes the export's own time.
TEST_F(CliContract, ExportsFindingsAsOcsfAndEcs) {
  const auto findings = auditForExport();
  ASSERT_EQ(findings.size(), 2u);
  auto records = [&](const std::string& format) {
    auto run = test::camtrace("export " + quote(dir_.file("f.json")) + " --format " + format, dir_,
                              "SOURCE_DATE_EPOCH=1700000000");
    EXPECT_EQ(run.exitCode, 0) << run.err;
    std::vector<nlohmann::json> out;
    std::istringstream lines(run.out);
    std::string line;
    while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
    return out;
  };
  const auto ocsf = records("ocsf");
  ASSERT_EQ(ocsf.size(), findings.size());
  for (size_t i = 0; i < ocsf.size(); ++i) {
    const auto& r = ocsf[i];
    // OCSF 1.1 base event and Detection Finding requirements.
    EXPECT_EQ(r["class_uid"], 2004);
    EXPECT_EQ(r["category_uid"], 2);
    EXPECT_EQ(r["activity_id"], 1);
    EXPECT_EQ(r["type_uid"], 200401);  // class_uid * 100 + activity_id
    EXPECT_TRUE(r["severity_id"] == 2 || r["severity_id"] == 4) << r.dump();
    EXPECT_EQ(r["time"], 1700000000000LL);
    EXPECT_TRUE(r["metadata"]["version"].is_string());
    EXPECT_EQ(r["metadata"]["product"]["name"], "camtrace");
    EXPECT_EQ(r["finding_info"]["uid"], findings[i]["id"]);
    EXPECT_TRUE(r["finding_info"]["title"].is_string());
    EXPECT_EQ(r["metadata"]["correlation_uid"], "contract");
    EXPECT_EQ(r["unmapped"]["case_id"], "contract");
    EXPECT_EQ(r["unmapped"]["finding_id"], findings[i]["id"]);
  }
  // The timed finding's time of day is its start_time (1577329200 s: 2019-12-26T03:00:00Z, and later frames).
  EXPECT_GE(ocsf[0]["start_time"].get<int64_t>(), 1577329200000LL);
  EXPECT_FALSE(ocsf[1].contains("start_time"));

  const auto ecs = records("ecs");
  ASSERT_EQ(ecs.size(), findings.size());
  const std::set<std::string> kinds = {"alert", "enrichment",     "event", "metric",
                                       "state", "pipeline_error", "signal"};
  for (size_t i = 0; i < ecs.size(); ++i) {
    const auto& d = ecs[i];
    EXPECT_TRUE(d["@timestamp"].is_string());
    EXPECT_TRUE(d["ecs"]["version"].is_string());
    EXPECT_TRUE(kinds.count(d["event"]["kind"].get<std::string>()));
    EXPECT_EQ(d["event"]["category"], nlohmann::json::array({"session"}));
    EXPECT_EQ(d["event"]["type"], nlohmann::json::array({"info"}));  // allowed for the session category
    EXPECT_EQ(d["event"]["id"], findings[i]["id"]);
    EXPECT_EQ(d["event"]["created"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(d["labels"]["case_id"], "contract");
    EXPECT_EQ(d["camtrace"]["finding_id"], findings[i]["id"]);
    EXPECT_TRUE(d["message"].is_string());
  }
  EXPECT_EQ(ecs[0]["@timestamp"], findings[0]["time"]);
  EXPECT_EQ(ecs[1]["@timestamp"], "2023-11-14T22:13:20Z");  // untimed: when the export ran
  EXPECT_EQ(records("ocsf"), ocsf);  // the same bytes again with the same SOURCE_DATE_EPOCH
}

TEST_F(CliContract, EveryCommandTeachesWithHelp) {
  for (const std::string command : {"", "audit ", "enroll ", "probe ", "simulate ", "verify ", "export ",
                                    "extract ", "report ", "merge ", "incident "}) {
    auto run = test::camtrace(command + "--help", dir_);
    EXPECT_EQ(run.exitCode, 0) << command;
    EXPECT_NE(run.out.find("xample"), std::string::npos) << command << run.out;
  }
  EXPECT_EQ(test::camtrace("audit --no-such-flag", dir_).exitCode, 2);
  writeCase({"cap/clean.ts"});
  auto badOption = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " --analyzer-option damage.nope=1", dir_);
  EXPECT_EQ(badOption.exitCode, 2);
  EXPECT_NE(badOption.err.find("damage has no option nope"), std::string::npos) << badOption.err;
  EXPECT_EQ(test::camtrace("", dir_).exitCode, 2);
}

}  // namespace
}  // namespace camtrace
