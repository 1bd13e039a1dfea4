// camtrace runs on the only copy of an incident's evidence: no output path may harm an input, outputs are
// whole or absent, special files never hang a run, and damage is never reported as success.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "formats/input_digest.h"
#include "formats/video_writer.h"
#include "tests/e2e/cli_runner.h"
#include "tests/support/rtp_capture_writer.h"

extern char** environ;

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

// A case with every kind of input an output path can meet: a reference, an MP4 capture, an HLS playlist
// and its segment, a glob of stills, a capture named like a temporary ("f.json.partial"), and a log.
class EvidenceSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* d : {"ref", "cap", "cap/hls", "cap/thumbs", "logs", "out"})
      fs::create_directories(dir_.path() / d);
    const auto a = test::renderScene(80, 60), b = test::renderScene(81, 30);
    test::writeVideo(dir_.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 30));
    test::writeVideo(dir_.file("ref/b.mp4"), b);
    test::writeVideo(dir_.file("cap/s-001.mp4"), std::vector<YuvImage>(a.begin() + 30, a.end()));
    test::writeVideo(dir_.file("cap/hls/seg0.ts"), std::vector<YuvImage>(a.begin() + 30, a.begin() + 45));
    test::writeBytes(dir_.file("cap/hls/index.m3u8"),
                     "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\nseg0.ts\n#EXT-X-ENDLIST\n");
    for (int i = 0; i < 3; ++i)
      writeStill(dir_.file("cap/thumbs/a" + std::to_string(i) + ".jpg"), a[static_cast<size_t>(40 + i)]);
    test::writeVideo(dir_.file("out/p.ts"), std::vector<YuvImage>(a.begin() + 30, a.begin() + 40));
    fs::rename(dir_.file("out/p.ts"), dir_.file("out/f.json.partial"));
    test::writeBytes(
        dir_.file("logs/edge-1.jsonl"),
        R"({"time":"2019-12-26T10:00:00Z","session":"s-001","camera":"cam-A","object":"thumbs/cam-A/1.jpg"})"
        "\n");
    nlohmann::json c;
    c["case_id"] = "safety";
    c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                    {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
    c["sessions"] = {{{"id", "s-001"}, {"camera", "cam-A"}, {"captures", {"cap/s-001.mp4"}}},
                     {{"id", "s-002"}, {"camera", "cam-A"}, {"captures", {"cap/hls/index.m3u8"}}},
                     {{"id", "s-003"}, {"camera", "cam-A"}, {"captures", {"cap/thumbs/a*.jpg"}}},
                     {{"id", "s-004"}, {"camera", "cam-A"}, {"captures", {"out/f.json.partial"}}}};
    c["logs"] = {{{"path", "logs/edge-1.jsonl"}, {"format", "jsonl"}}};
    test::writeBytes(dir_.file("case.json"), c.dump(2));
    fs::create_symlink(dir_.file("cap/s-001.mp4"), dir_.file("link-to-capture.json"));
    fs::create_hard_link(dir_.file("logs/edge-1.jsonl"), dir_.file("hardlink-to-log.json"));
    fs::create_symlink(dir_.file("cap/thumbs"), dir_.file("thumbs-link"));
  }

  // Every regular file under the case folder and its SHA-256.
  std::map<std::string, std::string> digests() const {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_.path())) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && !e.is_symlink() && name != ".stdout" && name != ".stderr") {
        out[fs::relative(e.path(), dir_.path()).string()] = digestFile(e.path().string(), name).sha256;
      }
    }
    return out;
  }

  std::string caseArg() const { return "audit --case " + quote(dir_.file("case.json")); }

  test::TempDir dir_;
};

TEST_F(EvidenceSafety, NoOutputPathCanOverwriteAnInput) {
  const auto before = digests();
  const std::vector<std::string> targets = {"case.json",
                                            "cap/s-001.mp4",
                                            "ref/a.mp4",
                                            "cap/hls/seg0.ts",
                                            "cap/hls/index.m3u8",
                                            "cap/thumbs/a1.jpg",
                                            "cap/thumbs/new.json",
                                            "logs/edge-1.jsonl",
                                            "out/f.json.partial",
                                            "link-to-capture.json",
                                            "hardlink-to-log.json",
                                            "thumbs-link/new.json"};
  for (const auto& target : targets) {
    for (const std::string option : {"-o", "--frames"}) {
      const std::string other =
          option == "-o" ? " --frames " + quote(dir_.file("fr.jsonl")) : " -o " + quote(dir_.file("f2.json"));
      auto run = test::camtrace(caseArg() + " " + option + " " + quote(dir_.file(target)) + other, dir_);
      EXPECT_EQ(run.exitCode, 2) << option << " " << target << ": " << run.err;
      EXPECT_NE(run.err.find(target.substr(target.rfind('/') + 1)), std::string::npos) << run.err;
    }
  }
  auto probe = test::camtrace(
      "probe " + quote(dir_.file("cap/s-001.mp4")) + " -o " + quote(dir_.file("cap/s-001.mp4")), dir_);
  EXPECT_EQ(probe.exitCode, 2) << probe.err;
  probe = test::camtrace(
      "probe " + quote(dir_.file("cap/hls/index.m3u8")) + " -o " + quote(dir_.file("cap/hls/seg0.ts")), dir_);
  EXPECT_EQ(probe.exitCode, 2) << probe.err;
  probe = test::camtrace(
      "probe " + quote(dir_.file("cap/s-001.mp4")) + " -o " + quote(dir_.file("link-to-capture.json")), dir_);
  EXPECT_EQ(probe.exitCode, 2) << probe.err;
  auto enroll = test::camtrace(
      "enroll --camera cam-A " + quote(dir_.file("ref/a.mp4")) + " -o " + quote(dir_.file("ref/a.mp4")),
      dir_);
  EXPECT_EQ(enroll.exitCode, 2) << enroll.err;
  enroll = test::camtrace("enroll --camera cam-A " + quote(dir_.file("cap/thumbs")) + " -o " +
                              quote(dir_.file("cap/thumbs/p.json")),
                          dir_);
  EXPECT_EQ(enroll.exitCode, 2) << enroll.err;
  EXPECT_EQ(digests(), before);

  // Shards: merge must not write onto one of them.
  ASSERT_EQ(test::camtrace(caseArg() + " --shard 0/2 -o " + quote(dir_.file("shard-0.json")), dir_).exitCode,
            0);
  ASSERT_EQ(test::camtrace(caseArg() + " --shard 1/2 -o " + quote(dir_.file("shard-1.json")), dir_).exitCode,
            0);
  fs::create_hard_link(dir_.file("shard-1.json"), dir_.file("shard-1-link.json"));
  const auto shards = digests();
  for (const std::string target : {"shard-0.json", "shard-1-link.json"}) {
    auto merge = test::camtrace("merge " + quote(dir_.file("shard-0.json")) + " " +
                                    quote(dir_.file("shard-1.json")) + " -o " + quote(dir_.file(target)),
                                dir_);
    EXPECT_EQ(merge.exitCode, 2) << target << ": " << merge.err;
  }
  EXPECT_EQ(digests(), shards);
}

// The folder a capture, reference, segment or log lies in is evidence too: nothing new is written into
// it or below it. Beside the manifest (the responder's own file) is fine.
TEST_F(EvidenceSafety, NothingIsWrittenIntoAFolderThatHoldsEvidence) {
  const auto before = digests();
  for (const std::string target : {"cap/findings.json", "ref/findings.json", "cap/hls/new/f.json",
                                   "logs/findings.json", "out/findings.json"}) {
    fs::create_directories(fs::path(dir_.file(target)).parent_path());
    auto run = test::camtrace(caseArg() + " -o " + quote(dir_.file(target)), dir_);
    EXPECT_EQ(run.exitCode, 2) << target << ": " << run.err;
    EXPECT_NE(run.err.find("refusing to write inside evidence folder"), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(dir_.file(target))) << target;
  }
  auto probe = test::camtrace(
      "probe " + quote(dir_.file("cap/s-001.mp4")) + " -o " + quote(dir_.file("cap/probe.json")), dir_);
  EXPECT_EQ(probe.exitCode, 2) << probe.err;
  auto enroll = test::camtrace(
      "enroll --camera cam-A " + quote(dir_.file("ref/a.mp4")) + " -o " + quote(dir_.file("ref/a.json")),
      dir_);
  EXPECT_EQ(enroll.exitCode, 2) << enroll.err;
  fs::remove_all(dir_.file("cap/hls/new"));
  EXPECT_EQ(digests(), before);
  auto beside = test::camtrace(caseArg() + " -o " + quote(dir_.file("findings.json")), dir_);
  EXPECT_LE(beside.exitCode, 3) << beside.err;
  EXPECT_NE(beside.exitCode, 2) << beside.err;
  EXPECT_TRUE(fs::exists(dir_.file("findings.json")));
}

// export and merge read no evidence, but write from findings that name it: an export once replaced the
// case manifest it was pointed at, and a merge too.
TEST_F(EvidenceSafety, ExportAndMergeNeverWriteOntoOrIntoTheEvidenceTheirFindingsName) {
  ASSERT_LE(test::camtrace(caseArg() + " -o " + quote(dir_.file("findings.json")), dir_).exitCode, 1);
  for (const char* shard : {"0", "1"}) {
    ASSERT_LE(test::camtrace(caseArg() + " --shard " + shard + "/2 -o " +
                                 quote(dir_.file(std::string("shard-") + shard + ".json")),
                             dir_)
                  .exitCode,
              1);
  }
  const auto before = digests();
  for (const std::string target : {"case.json", "cap/s-001.mp4", "logs/edge-1.jsonl", "cap/hls/seg0.ts",
                                   "cap/export.csv", "ref/x.csv"}) {
    auto run = test::camtrace(
        "export --format csv " + quote(dir_.file("findings.json")) + " -o " + quote(dir_.file(target)), dir_);
    EXPECT_EQ(run.exitCode, 2) << "export onto " << target << ": " << run.err;
    run = test::camtrace("merge " + quote(dir_.file("shard-0.json")) + " " +
                             quote(dir_.file("shard-1.json")) + " -o " + quote(dir_.file(target)),
                         dir_);
    EXPECT_EQ(run.exitCode, 2) << "merge onto " << target << ": " << run.err;
    EXPECT_NE(run.err.find("refusing"), std::string::npos) << run.err;
  }
  // Findings whose manifest is not found from here (the audit ran elsewhere, its --case relative): the
  // evidence is known by its bytes.
  auto moved = nlohmann::json::parse(test::readBytes(dir_.file("findings.json")));
  for (auto& arg : moved["tool"]["argv"])
    if (arg == dir_.file("case.json")) arg = "elsewhere/case.json";
  test::writeBytes(dir_.file("moved.json"), moved.dump());
  for (const std::string target : {"case.json", "cap/s-001.mp4", "logs/edge-1.jsonl"}) {
    auto run = test::camtrace(
        "export --format ecs " + quote(dir_.file("moved.json")) + " -o " + quote(dir_.file(target)), dir_);
    EXPECT_EQ(run.exitCode, 2) << "export onto " << target << ": " << run.err;
    EXPECT_NE(run.err.find("holds the bytes of the audited input"), std::string::npos) << run.err;
  }
  fs::remove(dir_.file("moved.json"));
  EXPECT_EQ(digests(), before);
  // Beside the manifest, as the audit writes.
  EXPECT_EQ(test::camtrace("export --format csv " + quote(dir_.file("findings.json")) + " -o " +
                               quote(dir_.file("f.csv")),
                           dir_)
                .exitCode,
            0);
  EXPECT_LE(test::camtrace("merge " + quote(dir_.file("shard-0.json")) + " " +
                               quote(dir_.file("shard-1.json")) + " -o " + quote(dir_.file("merged.json")),
                           dir_)
                .exitCode,
            1);
}

TEST_F(EvidenceSafety, BothOutputsOnOneFileAreRefusedBeforeAnyWork) {
  for (const std::string second : {"same.json", "same-link.json"}) {
    if (second == "same-link.json") {
      test::writeBytes(dir_.file("same.json"), "old");
      fs::create_symlink(dir_.file("same.json"), dir_.file("same-link.json"));
    }
    auto run = test::camtrace(
        caseArg() + " -o " + quote(dir_.file("same.json")) + " --frames " + quote(dir_.file(second)), dir_);
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_NE(run.err.find("give each output its own path"), std::string::npos) << run.err;
  }
  EXPECT_EQ(test::readBytes(dir_.file("same.json")), "old");
}

TEST_F(EvidenceSafety, AMissingOutputFolderIsFoundBeforeDecoding) {
  auto run = test::camtrace(caseArg() + " -o " + quote(dir_.file("no/such/folder/f.json")), dir_);
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_NE(run.err.find("does not exist"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("profiled"), std::string::npos);
}

TEST_F(EvidenceSafety, FindingsNameTheFramesWrittenWithThemAndLeaveNoTemporary) {
  auto run = test::camtrace(
      caseArg() + " -o " + quote(dir_.file("f.json")) + " --frames " + quote(dir_.file("fr.jsonl")), dir_);
  ASSERT_LE(run.exitCode, 3) << run.err;
  const auto findings = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  EXPECT_EQ(findings["frames_sha256"], sha256Hex(test::readBytes(dir_.file("fr.jsonl"))));
  EXPECT_EQ(test::validateSchema("findings.schema.json", dir_.file("f.json"), false), 0);
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
    EXPECT_NE(e.path().filename().string().rfind(".f.json", 0), 0u) << e.path();
  }
  // The HLS segment is evidence, hashed like every other input.
  bool segment = false;
  for (const auto& input : findings["inputs"]) segment = segment || input["path"] == "cap/hls/seg0.ts";
  EXPECT_TRUE(segment) << findings["inputs"].dump();
}

TEST_F(EvidenceSafety, ADiskFullIsNamedAndLeavesTheOldFile) {
  auto full = test::camtrace(caseArg() + " -o /dev/full", dir_);
  EXPECT_EQ(full.exitCode, 2) << full.err;
  EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;

  const std::string mount = dir_.file("small");
  fs::create_directories(mount);
  if (std::system(("mount -t tmpfs -o size=16k tmpfs " + quote(mount) + " 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (not root, or no privilege): /dev/full case only";
  }
  test::writeBytes(mount + "/f.json", "old");
  auto run = test::camtrace(caseArg() + " -o " + quote(mount + "/f.json") + " --frames " +
                                quote(mount + "/fr.jsonl") + " --explain",
                            dir_);
  const std::string left = test::readBytes(mount + "/f.json");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(mount)) names.push_back(e.path().filename().string());
  std::system(("umount " + quote(mount)).c_str());
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
  EXPECT_EQ(left, "old");
  EXPECT_EQ(names, std::vector<std::string>{"f.json"});
}

// SIGKILL at random points of an audit: each output is the old complete file or the new complete one.
TEST_F(EvidenceSafety, AKilledAuditLeavesWholeFilesAndNoTemporary) {
  const std::string findings = dir_.file("f.json"), frames = dir_.file("fr.jsonl");
  const std::string args =
      caseArg() + " -o " + quote(findings) + " --frames " + quote(frames) + " --explain --provenance";
  const auto start = std::chrono::steady_clock::now();
  ASSERT_LE(test::camtrace(args, dir_).exitCode, 3);
  const auto full = std::chrono::steady_clock::now() - start;
  const std::string newFindings = test::readBytes(findings), newFrames = test::readBytes(frames);
  std::mt19937 random(20191226);
  const auto limit = std::chrono::duration_cast<std::chrono::microseconds>(full).count() * 12 / 10;
  std::vector<std::string> argv = {
      CAMTRACE_BINARY, "-q",       "audit", "--case",    dir_.file("case.json"), "-o",
      findings,        "--frames", frames,  "--explain", "--provenance"};
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  for (int round = 0; round < 20; ++round) {
    test::writeBytes(findings, "old findings");
    test::writeBytes(frames, "old frames");
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, CAMTRACE_BINARY, nullptr, nullptr, raw.data(), environ), 0);
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<long>(0, limit)(random)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    const std::string f = test::readBytes(findings), fr = test::readBytes(frames);
    EXPECT_TRUE(f == "old findings" || f == newFindings) << "round " << round << ": findings are a mix";
    EXPECT_TRUE(fr == "old frames" || fr == newFrames) << "round " << round << ": frames are a mix";
    if (f == newFindings) {
      EXPECT_EQ(fr, newFrames) << "findings are written last";
    }
    // Only the killed run's own named temporary may be left (a kill between naming it and renaming it);
    // the next write removes it.
    for (const auto& e : fs::directory_iterator(dir_.path())) {
      const std::string name = e.path().filename().string();
      if (name.find(".partial") == std::string::npos && name.rfind(".f", 0) != 0) continue;
      EXPECT_NE(name.find("." + std::to_string(pid) + "."), std::string::npos) << "temporary left: " << name;
    }
  }
  ASSERT_LE(test::camtrace(args, dir_).exitCode, 3);
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name.find(".partial") == std::string::npos && name.rfind(".f", 0) != 0)
        << "temporary left after the next run: " << name;
  }
}

TEST_F(EvidenceSafety, ATemporaryLeftByAKilledRunIsRemovedByTheNextWrite) {
  // A run killed between naming its finished temporary and renaming it leaves ".f.json.<pid>.<n>.partial":
  // the next write of f.json removes it once its process is gone, and nothing else.
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  waitpid(child, nullptr, 0);
  const std::string dead = ".f.json." + std::to_string(child) + ".0.partial";
  const std::string alive = ".f.json." + std::to_string(getpid()) + ".0.partial";
  const std::vector<std::string> kept = {alive, ".f.json." + std::to_string(child) + ".x.partial",
                                         ".g.json." + std::to_string(child) + ".0.partial",
                                         "f.json.9.0.partial"};
  for (const auto& name : kept) test::writeBytes(dir_.file(name), "not ours to remove");
  test::writeBytes(dir_.file(dead), "half a findings.json");
  ASSERT_LE(test::camtrace(caseArg() + " -o " + quote(dir_.file("f.json")), dir_).exitCode, 3);
  EXPECT_FALSE(fs::exists(dir_.file(dead)));
  for (const auto& name : kept) EXPECT_EQ(test::readBytes(dir_.file(name)), "not ours to remove") << name;
}

TEST_F(EvidenceSafety, SpecialFilesAreRefusedNotReadForever) {
  ASSERT_EQ(mkfifo(dir_.file("cap/fifo.mp4").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", dir_.file("ref/zero.mp4"));
  ASSERT_EQ(mkfifo(dir_.file("logs/fifo.jsonl").c_str(), 0600), 0);
  nlohmann::json c = nlohmann::json::parse(test::readBytes(dir_.file("case.json")));
  c["cameras"][1]["references"].push_back("ref/zero.mp4");
  c["sessions"].push_back({{"id", "s-fifo"}, {"camera", "cam-A"}, {"captures", {"cap/fifo.mp4"}}});
  c["logs"].push_back({{"path", "logs/fifo.jsonl"}, {"format", "jsonl"}});
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  auto run = test::camtrace(caseArg() + " -o " + quote(dir_.file("f.json")), dir_, "", 120);
  ASSERT_EQ(run.exitCode, 3) << run.err;
  const auto findings = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  std::map<std::string, std::string> errors;
  for (const auto& e : findings["errors"]) errors[e["input"]] = e["message"];
  for (const std::string input : {"cap/fifo.mp4", "ref/zero.mp4", "logs/fifo.jsonl"}) {
    ASSERT_TRUE(errors.count(input)) << input << " not named: " << findings["errors"].dump();
    EXPECT_NE(errors[input].find("not a regular file"), std::string::npos) << errors[input];
  }
  EXPECT_GT(findings["summary"]["frames_audited"].get<int>(), 0);

  // A FIFO named like a still, in a folder of stills: that still is unreadable and named, the others audited.
  ASSERT_EQ(mkfifo(dir_.file("cap/thumbs/a3.jpg").c_str(), 0600), 0);
  auto stills = test::camtrace("audit " + quote(dir_.file("cap/thumbs")) + " --camera cam-A --reference " +
                                   quote(dir_.file("ref/a.mp4")) + " -o " + quote(dir_.file("st.json")),
                               dir_, "", 120);
  EXPECT_EQ(stills.exitCode, 3) << stills.err;
  EXPECT_NE(stills.err.find("a3.jpg: is a FIFO"), std::string::npos) << stills.err;
  EXPECT_EQ(nlohmann::json::parse(test::readBytes(dir_.file("st.json")))["summary"]["frames_audited"], 4);

  auto single =
      test::camtrace("audit " + quote(dir_.file("cap/fifo.mp4")) + " " + quote(dir_.file("cap/s-001.mp4")) +
                         " --camera cam-A --reference /dev/zero",
                     dir_, "", 120);
  EXPECT_EQ(single.exitCode, 3) << single.err;
  auto probe = test::camtrace("probe " + quote(dir_.file("cap/fifo.mp4")), dir_, "", 60);
  EXPECT_EQ(probe.exitCode, 2) << probe.err;
  EXPECT_NE(probe.err.find("FIFO"), std::string::npos) << probe.err;
  auto merge = test::camtrace("merge " + quote(dir_.file("cap/fifo.mp4")), dir_, "", 60);
  EXPECT_EQ(merge.exitCode, 2) << merge.err;
}

TEST_F(EvidenceSafety, ReferencesBelongToTheSingleCaptureForm) {
  auto run = test::camtrace(caseArg() + " --reference " + quote(dir_.file("ref/b.mp4")), dir_);
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_NE(run.err.find("--reference"), std::string::npos) << run.err;
}

// Evidence weaker than it could be is said on stderr and in findings.json "warnings", without failing.
TEST_F(EvidenceSafety, DegradedEvidenceIsSaid) {
  nlohmann::json c = nlohmann::json::parse(test::readBytes(dir_.file("case.json")));
  c["logs"][0]["fields"] = {
      {"time", "time"}, {"session", "sessionid"}, {"camera", "camera"}, {"object", "object"}};
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  ASSERT_EQ(test::camtrace("enroll --camera cam-B " + quote(dir_.file("ref/b.mp4")) + " -o " +
                               quote(dir_.file("b.json")),
                           dir_)
                .exitCode,
            0);
  c["cameras"][1]["references"] = {"b.json"};
  test::writeBytes(dir_.file("case.json"), c.dump(2));
  auto run = test::camtrace(caseArg() + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_LE(run.exitCode, 1) << run.err;
  const auto f = nlohmann::json::parse(test::readBytes(dir_.file("f.json")));
  std::map<std::string, std::string> warnings;
  for (const auto& w : f["warnings"]) warnings[w["input"]] = w["message"];
  ASSERT_TRUE(warnings.count("logs/edge-1.jsonl")) << f["warnings"].dump();
  EXPECT_NE(warnings["logs/edge-1.jsonl"].find("\"sessionid\", which 0 of 1 events have"), std::string::npos)
      << warnings["logs/edge-1.jsonl"];
  ASSERT_TRUE(warnings.count("b.json")) << f["warnings"].dump();
  EXPECT_NE(warnings["b.json"].find("sensor-noise"), std::string::npos);
  EXPECT_NE(run.err.find("sessionid"), std::string::npos) << run.err;

  // Stills a shell expanded from an unquoted glob: each its own session, and said so.
  auto stills = test::camtrace("audit " + quote(dir_.file("cap/thumbs/a0.jpg")) + " " +
                                   quote(dir_.file("cap/thumbs/a1.jpg")) + " --camera cam-A --reference " +
                                   quote(dir_.file("ref/a.mp4")),
                               dir_);
  EXPECT_LE(stills.exitCode, 1) << stills.err;
  EXPECT_NE(stills.err.find("quote it"), std::string::npos) << stills.err;
}

TEST_F(EvidenceSafety, ShardsMergeWhateverTheCasePathSpelling) {
  ASSERT_EQ(test::camtrace(caseArg() + " --shard 0/2 -o " + quote(dir_.file("s0.json")), dir_).exitCode, 0);
  const std::string other = dir_.file("cap/../case.json");
  ASSERT_EQ(
      test::camtrace("audit --case " + quote(other) + " --shard 1/2 -o " + quote(dir_.file("s1.json")), dir_)
          .exitCode,
      0);
  auto merged = test::camtrace("merge " + quote(dir_.file("s1.json")) + " " + quote(dir_.file("s0.json")) +
                                   " -o " + quote(dir_.file("m.json")),
                               dir_);
  EXPECT_LE(merged.exitCode, 3) << merged.err;
  EXPECT_NE(merged.exitCode, 2) << merged.err;
  // Other arguments are refused with the argument named.
  ASSERT_EQ(test::camtrace(caseArg() + " --shard 1/2 --analyzer-option damage.seam_levels=7 -o " +
                               quote(dir_.file("s1x.json")),
                           dir_)
                .exitCode,
            0);
  auto refused =
      test::camtrace("merge " + quote(dir_.file("s0.json")) + " " + quote(dir_.file("s1x.json")), dir_);
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("--analyzer-option"), std::string::npos) << refused.err;
}

// Two audits writing one -o at once: each writes its own temporary, so the file is one of them, whole.
TEST_F(EvidenceSafety, ConcurrentWritersNeverMixAFile) {
  const std::string target = dir_.file("f.json");
  const std::string base = quote(CAMTRACE_BINARY) + " -q " + caseArg() + " -o " + quote(target);
  const std::string both = "(" + base + " & " + base + " --analyzer-option damage.seam_levels=7 & wait)";
  for (int round = 0; round < 3; ++round) {
    ASSERT_EQ(std::system(both.c_str()), 0);
    const auto f = nlohmann::json::parse(test::readBytes(target));  // throws on a mix
    EXPECT_EQ(f["case_id"], "safety");
  }
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    EXPECT_EQ(e.path().filename().string().rfind(".f.json", 0), std::string::npos)
        << "temporary left: " << e.path();
  }
}

// Exit 3 means some input could not be read; damage the evidence carries is said, not a failed audit.
class ExitCodes : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "ref");
    fs::create_directories(dir_.path() / "cap");
    scene_ = test::renderScene(90, 120);
    test::writeVideo(dir_.file("ref/a.mp4"), std::vector<YuvImage>(scene_.begin(), scene_.begin() + 30));
    test::writeVideo(dir_.file("cap/clean.mp4"),
                     std::vector<YuvImage>(scene_.begin() + 30, scene_.begin() + 60));
  }

  // `capture` beside a clean one: the rest of the work is audited, so an unreadable part reads as exit 3.
  test::Run auditOne(const std::string& capture) {
    return test::camtrace("audit " + quote(dir_.file("cap/clean.mp4")) + " " + quote(dir_.file(capture)) +
                              " --camera cam-A --reference " + quote(dir_.file("ref/a.mp4")) + " -o " +
                              quote(dir_.file("f.json")),
                          dir_);
  }

  nlohmann::json findings() const { return nlohmann::json::parse(test::readBytes(dir_.file("f.json"))); }

  test::TempDir dir_;
  std::vector<YuvImage> scene_;
};

TEST_F(ExitCodes, TruncatedTransportStreamAndMatroskaArePartial) {
  const std::vector<YuvImage> pictures(scene_.begin() + 30, scene_.end());
  for (const std::string name : {"cap/t.ts", "cap/t.mkv", "cap/t.mp4"}) {
    test::writeVideo(dir_.file(name), pictures);
    const std::string whole = test::readBytes(dir_.file(name));
    auto clean = auditOne(name);
    EXPECT_EQ(clean.exitCode, 0) << name << ": " << clean.err;
    test::writeBytes(dir_.file(name), whole.substr(0, whole.size() * 14 / 100));
    auto cut = auditOne(name);
    EXPECT_EQ(cut.exitCode, 3) << name << ": " << cut.err;
    const auto f = findings();
    ASSERT_FALSE(f["errors"].empty()) << name;
    const std::string message = f["errors"][0]["message"];
    EXPECT_TRUE(message.find("truncated") != std::string::npos ||
                message.find("not a readable") != std::string::npos)
        << message;
  }
}

TEST_F(ExitCodes, ACaptureOfNothingButDamageIsPartial) {
  test::writeVideo(dir_.file("cap/flipped.mp4"), std::vector<YuvImage>(scene_.begin() + 30, scene_.end()));
  std::string bytes = test::readBytes(dir_.file("cap/flipped.mp4"));
  // Flip a byte in seven of the coded pictures (the mdat box), leaving the index readable.
  const size_t mdat = bytes.find("mdat");
  ASSERT_NE(mdat, std::string::npos);
  const size_t moov = bytes.find("moov", mdat);
  ASSERT_NE(moov, std::string::npos);
  for (size_t i = mdat + 64; i + 8 < moov; i += 7) bytes[i] = static_cast<char>(~bytes[i]);
  test::writeBytes(dir_.file("cap/flipped.mp4"), bytes);
  auto run = auditOne("cap/flipped.mp4");
  EXPECT_EQ(run.exitCode, 3) << run.err;
  const auto errors = findings()["errors"];
  ASSERT_EQ(errors.size(), 1u) << errors.dump();
  const std::string message = errors[0]["message"];
  EXPECT_TRUE(message.find("nothing in it could be judged") != std::string::npos ||
              message.find("no picture") != std::string::npos)
      << message;
}

// A reference is evidence as a capture is: what could not be read of it makes the audit partial, the damage
// it carries is a warning naming it. Before, a reference playlist missing a segment exited 0 in silence.
TEST_F(ExitCodes, AReferenceMissingAPartIsPartial) {
  fs::create_directories(dir_.path() / "ref/hls");
  test::writeVideo(dir_.file("ref/hls/seg0.ts"), std::vector<YuvImage>(scene_.begin(), scene_.begin() + 15));
  test::writeVideo(dir_.file("ref/hls/seg1.ts"),
                   std::vector<YuvImage>(scene_.begin() + 15, scene_.begin() + 30));
  test::writeBytes(dir_.file("ref/hls/index.m3u8"),
                   "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:0.5,\nseg0.ts\n#EXTINF:0.5,\nseg1.ts\n"
                   "#EXTINF:0.5,\nseg2.ts\n#EXT-X-ENDLIST\n");
  auto run = test::camtrace("audit " + quote(dir_.file("cap/clean.mp4")) + " --camera cam-A --reference " +
                                quote(dir_.file("ref/hls/index.m3u8")) + " -o " + quote(dir_.file("f.json")),
                            dir_);
  EXPECT_EQ(run.exitCode, 3) << run.err;
  const auto errors = findings()["errors"];
  ASSERT_EQ(errors.size(), 1u) << errors.dump();
  EXPECT_NE(errors[0]["input"].get<std::string>().find("index.m3u8"), std::string::npos) << errors.dump();
  EXPECT_NE(errors[0]["message"].get<std::string>().find("seg2.ts"), std::string::npos) << errors.dump();
}

TEST_F(ExitCodes, AReferencesDamageIsAWarningNamingIt) {
  std::string bytes = test::readBytes(dir_.file("ref/a.mp4"));
  const size_t mdat = bytes.find("mdat");
  ASSERT_NE(mdat, std::string::npos);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] = static_cast<char>(~bytes[i]);
  test::writeBytes(dir_.file("ref/a.mp4"), bytes);
  auto run = test::camtrace("audit " + quote(dir_.file("cap/clean.mp4")) + " --camera cam-A --reference " +
                                quote(dir_.file("ref/a.mp4")) + " -o " + quote(dir_.file("f.json")),
                            dir_);
  EXPECT_LE(run.exitCode, 1) << run.err;
  const auto f = findings();
  EXPECT_TRUE(f["errors"].empty()) << f["errors"].dump();
  bool named = false;
  for (const auto& w : f["warnings"])
    named |= w["input"].get<std::string>().find("a.mp4") != std::string::npos &&
             w["message"].get<std::string>().find("pictures damaged") != std::string::npos;
  EXPECT_TRUE(named) << f["warnings"].dump();
}

TEST_F(ExitCodes, RtpPacketLossIsAWarningNotAPartialAudit) {
  const std::vector<YuvImage> pictures(scene_.begin() + 30, scene_.begin() + 90);
  auto packets = test::packetizeH264(test::encodeAccessUnits(pictures), 0x1a2b3c4d, 96);
  size_t victim = packets.size() / 2;
  while (packets[victim].marker) ++victim;
  packets.erase(packets.begin() + static_cast<long>(victim));
  test::writePcap(dir_.file("cap/lossy.pcap"), 1, test::frame(packets, test::Link{}));
  auto run = test::camtrace("audit " + quote(dir_.file("cap/lossy.pcap")) + " --camera cam-A --reference " +
                                quote(dir_.file("ref/a.mp4")) + " --rtp-map 96=h264 -o " +
                                quote(dir_.file("f.json")),
                            dir_);
  EXPECT_EQ(run.exitCode, 0) << run.err;
  const auto f = findings();
  EXPECT_TRUE(f["errors"].empty()) << f["errors"].dump();
  ASSERT_EQ(f["warnings"].size(), 1u) << f["warnings"].dump();
  EXPECT_NE(f["warnings"][0]["message"].get<std::string>().find("1 packet(s) lost"), std::string::npos);
  EXPECT_GT(f["summary"]["frames_corrupt"].get<int>(), 0);
}

TEST_F(ExitCodes, NothingAuditedIsTwo) {
  test::writeBytes(dir_.file("cap/empty.h264"), std::string(4096, '\0'));
  auto run = test::camtrace(
      "audit " + quote(dir_.file("cap/empty.h264")) + " --camera cam-A -o " + quote(dir_.file("f.json")),
      dir_);
  EXPECT_EQ(run.exitCode, 2) << run.err;
}

TEST_F(ExitCodes, ACaseOfLogsAloneIsAudited) {
  fs::create_directories(dir_.path() / "logs");
  test::writeBytes(
      dir_.file("logs/edge.jsonl"),
      R"({"time":"2019-12-26T10:00:00Z","session":"s-1","camera":"cam-A","object":"thumbs/cam-B/1.jpg"})"
      "\n"
      R"({"time":"2019-12-26T10:00:01Z","session":"s-2","camera":"cam-B","object":"thumbs/cam-B/2.jpg"})"
      "\n");
  test::writeBytes(dir_.file("case.json"),
                   R"({"case_id":"logs-only","cameras":[{"id":"cam-A"},{"id":"cam-B"}],
    "logs":[{"path":"logs/edge.jsonl","format":"jsonl","object_camera_pattern":"thumbs/([^/]+)/"}]})");
  auto run = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_EQ(run.exitCode, 1) << run.err;
  const auto f = findings();
  ASSERT_EQ(f["findings"].size(), 1u) << f.dump(1);
  EXPECT_EQ(f["findings"][0]["type"], "cross_camera_delivery");
  EXPECT_EQ(f["findings"][0]["session"], "s-1");
}

// A log written in local time without a zone, placed by its `timezone`.
TEST_F(ExitCodes, ALogsTimezonePlacesTimesWrittenWithoutAZone) {
  fs::create_directories(dir_.path() / "logs");
  test::writeBytes(
      dir_.file("logs/edge.jsonl"),
      R"({"time":"2019-12-26 11:01:02","session":"s-1","camera":"cam-A","object":"thumbs/cam-B/1.jpg"})"
      "\n");
  test::writeBytes(dir_.file("case.json"),
                   R"({"case_id":"local-time","cameras":[{"id":"cam-A"},{"id":"cam-B"}],
    "logs":[{"path":"logs/edge.jsonl","format":"jsonl","timezone":"+01:00",
             "object_camera_pattern":"thumbs/([^/]+)/"}]})");
  auto run = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_EQ(run.exitCode, 1) << run.err;
  const auto f = findings();
  ASSERT_EQ(f["findings"].size(), 1u) << f.dump(1);
  EXPECT_EQ(f["findings"][0]["time"], "2019-12-26T10:01:02Z");
}

// A CloudFront access log as the CDN writes it (W3C extended format, tab-separated, date and time in two
// columns): the time, object, cache status and edge come from its own field names; the session and camera
// from the query string the manifest maps.
TEST_F(ExitCodes, ACloudFrontLogIsReadWithItsOwnFieldNames) {
  fs::create_directories(dir_.path() / "logs");
  test::writeBytes(dir_.file("logs/E2ABC.2019-12-26-10.log"),
                   "#Version: 1.0\n"
                   "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs-uri-stem sc-status "
                   "cs-uri-query x-edge-result-type\n"
                   "2019-12-26\t10:01:02\tFRA2-C1\t5120\t192.0.2.7\tGET\t/thumbs/cam-B/1.jpg\t200\t"
                   "session=s-1&cam=cam-A\tHit\n"
                   "2019-12-26\t10:01:03\tFRA2-C1\t5120\t192.0.2.8\tGET\t/thumbs/cam-B/2.jpg\t200\t"
                   "session=s-2&cam=cam-B\tMiss\n");
  test::writeBytes(dir_.file("case.json"),
                   R"({"case_id":"cloudfront","cameras":[{"id":"cam-A"},{"id":"cam-B"}],
    "logs":[{"path":"logs/E2ABC.2019-12-26-10.log","format":"w3c","object_camera_pattern":"thumbs/([^/]+)/",
             "fields":{"time":"date_time","object":"cs-uri-stem","cache_status":"x-edge-result-type",
                       "node":"x-edge-location","viewer":"c-ip",
                       "session":{"field":"cs-uri-query","query":"session"},
                       "camera":{"field":"cs-uri-query","query":"cam"}}}]})");
  auto run = test::camtrace(
      "audit --case " + quote(dir_.file("case.json")) + " -o " + quote(dir_.file("f.json")), dir_);
  EXPECT_EQ(run.exitCode, 1) << run.err;
  const auto f = findings();
  ASSERT_EQ(f["findings"].size(), 1u) << f.dump(1);
  const auto& finding = f["findings"][0];
  EXPECT_EQ(finding["type"], "cross_camera_delivery");
  EXPECT_EQ(finding["session"], "s-1");
  EXPECT_EQ(finding["attributed_camera"], "cam-B");
  EXPECT_EQ(finding["time"], "2019-12-26T10:01:02Z");
  EXPECT_EQ(finding["evidence"]["cache_nodes"]["FRA2-C1"], 1) << finding.dump();
  EXPECT_EQ(f["logs"][0]["malformed_lines"], 0) << f["logs"].dump();
}

}  // namespace
}  // namespace camtrace
