// Serving logs, blast radius and sharded runs, end to end: a simulated incident with logs in every format,
// audited by the real binary, checked against the simulator's ground truth.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace {
namespace {

using nlohmann::json;
using test::quote;

class IncidentLogs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    caseFile_ = dir_->file("case/case.json");
    auto sim = test::camtrace("simulate --out " + quote(dir_->file("case")) +
                                  " --seed 31 --sessions 6 --seconds 4 --log-sessions 40",
                              *dir_);
    ASSERT_EQ(sim.exitCode, 0) << sim.err;
    auto audit =
        test::camtrace("audit --case " + quote(caseFile_) + " -o " + quote(dir_->file("full.json")), *dir_);
    ASSERT_EQ(audit.exitCode, 1) << audit.err;
    full_ = test::readBytes(dir_->file("full.json"));
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string shard(int index, int count, const test::TempDir& scratch) {
    const std::string out =
        scratch.file("shard-" + std::to_string(index) + "-" + std::to_string(count) + ".json");
    auto run = test::camtrace("audit --case " + quote(caseFile_) + " --shard " + std::to_string(index) + "/" +
                                  std::to_string(count) + " -o " + quote(out) + " --threads 1",
                              scratch);
    EXPECT_EQ(run.exitCode, 0) << run.err;  // a shard step that wrote its result succeeded
    return out;
  }

  static std::string merge(const std::vector<std::string>& parts, const std::string& out,
                           const test::TempDir& scratch) {
    std::string args = "merge";
    for (const auto& p : parts) args.append(" ").append(quote(p));  // not " " + string: GCC bug 105651 at -O3
    auto run = test::camtrace(args + " -o " + quote(out), scratch);
    EXPECT_LE(run.exitCode, 1) << run.err;
    return out;
  }

  static test::TempDir* dir_;
  static std::string caseFile_;
  static std::string full_;
};

test::TempDir* IncidentLogs::dir_ = nullptr;
std::string IncidentLogs::caseFile_;
std::string IncidentLogs::full_;

TEST_F(IncidentLogs, DeliveriesAndBlastRadiusMatchGroundTruth) {
  const json truth = json::parse(test::readBytes(dir_->file("case/truth.json")));
  const json manifest = json::parse(test::readBytes(caseFile_));
  const json report = json::parse(full_);

  // Every cross-camera delivery the simulator made, and nothing else, with its events and cache nodes.
  std::map<std::pair<std::string, std::string>, json> expected;
  for (const auto& d : truth["logs"]["deliveries"]) expected[{d["session"], d["owner"]}] = d;
  std::map<std::pair<std::string, std::string>, json> found;
  for (const auto& f : report["findings"])
    if (f["type"] == "cross_camera_delivery") found[{f["session"], f["attributed_camera"]}] = f;
  ASSERT_EQ(found.size(), expected.size());
  std::set<std::string> served, displayed, deliverySessions;
  std::map<std::string, int64_t> nodes;
  for (const auto& [key, d] : expected) {
    ASSERT_TRUE(found.count(key)) << key.first << " " << key.second;
    const json& f = found[key];
    EXPECT_EQ(f["claimed_camera"], d["claimed_camera"]);
    EXPECT_EQ(f["evidence"]["events"], d["events"]);
    EXPECT_EQ(f["evidence"]["cache_nodes"], d["nodes"]);
    EXPECT_EQ(f["evidence"]["viewers"], json::array({d["viewer"]}));
    if (d["displayed"].is_null())
      EXPECT_TRUE(f["evidence"]["viewers_displayed"].is_null());
    else
      EXPECT_EQ(f["evidence"]["viewers_displayed"].size(), d["displayed"].get<bool>() ? 1u : 0u);
    served.insert(d["viewer"].get<std::string>());
    if (d["displayed"] == true) displayed.insert(d["viewer"].get<std::string>());
    deliverySessions.insert(key.first);
    for (const auto& [node, n] : d["nodes"].items()) nodes[node] += n.get<int64_t>();
  }
  // Owners found three ways: a JSON field, the nginx URI pattern, the origin TSV for opaque CSV keys.
  std::set<std::string> ownerFrom;
  for (const auto& [key, f] : found)
    for (const auto& how : f["evidence"]["owner_from"]) ownerFrom.insert(how.get<std::string>());
  EXPECT_EQ(ownerFrom, (std::set<std::string>{"log field or object key", "origin log"}));

  // Viewers whose captures show foreign frames were served and shown them.
  std::map<std::string, std::string> viewerOf;
  for (const auto& s : manifest["sessions"]) viewerOf[s["id"]] = s["viewer"];
  std::set<std::string> framesSessions;
  for (const auto& s : truth["sessions"])
    for (const auto& camera : s["frames"])
      if (camera != s["camera"]) framesSessions.insert(s["id"].get<std::string>());
  for (const auto& s : framesSessions) {
    served.insert(viewerOf[s]);
    displayed.insert(viewerOf[s]);
  }
  std::set<std::string> affected = framesSessions;
  affected.insert(deliverySessions.begin(), deliverySessions.end());

  const json& summary = report["summary"];
  const json& blast = summary["blast_radius"];
  EXPECT_EQ(summary["sessions_affected"], affected.size());
  EXPECT_EQ(blast["sessions_with_foreign_frames"], framesSessions.size());
  EXPECT_EQ(blast["sessions_with_cross_camera_delivery"], deliverySessions.size());
  EXPECT_EQ(blast["viewers_served"], served.size());
  EXPECT_EQ(blast["viewers_displayed"], displayed.size());
  EXPECT_EQ(summary["viewers_affected"].size(), served.size());
  for (const auto& n : blast["cache_nodes"]) EXPECT_EQ(n["events"], nodes[n["node"]]) << n.dump();
  EXPECT_EQ(blast["cache_nodes"][0]["node"], "edge-stale-2");  // the stale node leads
  // Deliveries happened on poor networks: their median RTT is far above the case's.
  EXPECT_GT(blast["network"]["delivery_rtt_ms_median"].get<double>(),
            5 * blast["network"]["case_rtt_ms_median"].get<double>());
  EXPECT_FALSE(blast["timeline"]["buckets"].empty());

  // Each log's damaged line is counted, not fatal; every other line could be judged (or is an origin record).
  for (const auto& log : report["logs"]) {
    const int expectedBad = truth["logs"]["malformed_lines"].value(log["path"].get<std::string>(), 0);
    EXPECT_EQ(log["malformed_lines"], expectedBad) << log.dump();
    EXPECT_EQ(log["events_judged"].get<int64_t>() + log["origin_records"].get<int64_t>(),
              log["events"].get<int64_t>())
        << log.dump();
    EXPECT_EQ(log["objects_without_owner"], 0);
  }
  EXPECT_TRUE(report["errors"].empty()) << report["errors"].dump();
  // Foreign frames name the deliveries that brought them, where the logs have them.
  int tied = 0;
  for (const auto& f : report["findings"])
    tied += f["type"] == "foreign_frames" && f["evidence"].contains("delivery");
  EXPECT_GT(tied, 0);
  EXPECT_EQ(test::validateSchema("findings.schema.json", dir_->file("full.json"), false), 0);

  auto view = test::camtrace("incident " + quote(dir_->file("full.json")), *dir_);
  EXPECT_EQ(view.exitCode, 0) << view.err;
  EXPECT_NE(view.out.find("By cache node"), std::string::npos) << view.out;
  EXPECT_NE(view.out.find("edge-stale-2"), std::string::npos);
  EXPECT_NE(view.out.find(std::to_string(served.size()) + " served foreign images"), std::string::npos)
      << view.out;
  auto asJson = test::camtrace("incident --json " + quote(dir_->file("full.json")), *dir_);
  EXPECT_EQ(json::parse(asJson.out), blast);
}

TEST_F(IncidentLogs, ShardsMergeToTheUnshardedBytesInAnyGroupingAndOrder) {
  test::TempDir scratch;
  for (int count : {2, 3, 5}) {
    std::vector<std::string> shards;
    for (int i = 0; i < count; ++i) shards.push_back(shard(i, count, scratch));
    const std::string tag = std::to_string(count);
    // All at once, in reverse order.
    std::vector<std::string> reversed(shards.rbegin(), shards.rend());
    EXPECT_TRUE(test::readBytes(merge(reversed, scratch.file("all-" + tag), scratch)) == full_)
        << count << " shards";
    // Left-nested pairs from the back, and a right-nested fold: partial merges are themselves mergeable.
    std::string left = shards.back();
    for (int i = count - 2; i >= 0; --i)
      left = merge({shards[static_cast<size_t>(i)], left}, scratch.file("l" + tag + "-" + std::to_string(i)),
                   scratch);
    EXPECT_TRUE(test::readBytes(left) == full_) << count << " shards, folded";
    if (count >= 3) {
      const std::string ab = merge({shards[2], shards[0]}, scratch.file("ab" + tag), scratch);
      // Partial merges are themselves the same bytes in either order.
      EXPECT_TRUE(test::readBytes(merge({shards[0], shards[2]}, scratch.file("ba" + tag), scratch)) ==
                  test::readBytes(ab));
      std::vector<std::string> rest = {ab};
      for (int i = 1; i < count; ++i)
        if (i != 2) rest.push_back(shards[static_cast<size_t>(i)]);
      EXPECT_TRUE(test::readBytes(merge(rest, scratch.file("g" + tag), scratch)) == full_)
          << count << " shards, grouped";
    }
  }
}

TEST_F(IncidentLogs, ShardIndexComesFromKubernetesOrSlurm) {
  test::TempDir scratch;
  const std::string expected = test::readBytes(shard(1, 3, scratch));
  auto k8s =
      test::camtrace("audit --case " + quote(caseFile_) + " --shard auto/3 -o " + quote(scratch.file("k")),
                     scratch, "JOB_COMPLETION_INDEX=1");
  EXPECT_EQ(k8s.exitCode, 0) << k8s.err;
  EXPECT_TRUE(test::readBytes(scratch.file("k")) == expected);
  auto slurm =
      test::camtrace("audit --case " + quote(caseFile_) + " --shard auto -o " + quote(scratch.file("s")),
                     scratch, "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3");
  EXPECT_EQ(slurm.exitCode, 0) << slurm.err;
  EXPECT_TRUE(test::readBytes(scratch.file("s")) == expected);
  auto none = test::camtrace(
      "audit --case " + quote(caseFile_) + " --shard auto -o " + quote(scratch.file("n")), scratch);
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_NE(none.err.find("JOB_COMPLETION_INDEX"), std::string::npos) << none.err;
  EXPECT_EQ(test::camtrace("audit --case " + quote(caseFile_) + " --shard 3/3", scratch).exitCode, 2);
}

TEST_F(IncidentLogs, RunsUnderGnuParallel) {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "GNU parallel is not installed";
  test::TempDir scratch;
  const std::string command = "cd " + quote(scratch.path().string()) + " && parallel --halt now,fail=1 " +
                              quote(CAMTRACE_BINARY) + " audit -q --case " + quote(caseFile_) +
                              " --shard {}/4 -o shard-{}.json ::: 0 1 2 3 && " + quote(CAMTRACE_BINARY) +
                              " merge shard-*.json -o findings.json";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);  // findings present
  EXPECT_TRUE(test::readBytes(scratch.file("findings.json")) == full_);
}

TEST_F(IncidentLogs, MergeRefusesPartsThatDoNotBelongTogether) {
  test::TempDir scratch;
  const std::string a = shard(0, 2, scratch), b = shard(1, 2, scratch), c = shard(0, 3, scratch);
  auto twice = test::camtrace("merge " + quote(a) + " " + quote(a), scratch);
  EXPECT_EQ(twice.exitCode, 2);
  EXPECT_NE(twice.err.find("given twice"), std::string::npos) << twice.err;
  auto split = test::camtrace("merge " + quote(a) + " " + quote(c), scratch);
  EXPECT_EQ(split.exitCode, 2);
  EXPECT_NE(split.err.find("different splits"), std::string::npos) << split.err;
  auto findings = test::camtrace("merge " + quote(dir_->file("full.json")), scratch);
  EXPECT_EQ(findings.exitCode, 2);
  EXPECT_NE(findings.err.find("is a findings.json"), std::string::npos) << findings.err;
  // Evidence that changed between shard runs is caught by its digest.
  json tampered = json::parse(test::readBytes(b));
  tampered["inputs"][0]["sha256"] = std::string(64, '0');
  {
    std::ofstream out(scratch.file("tampered.json"));
    out << tampered.dump(2);
  }
  auto changed = test::camtrace("merge " + quote(a) + " " + quote(scratch.file("tampered.json")), scratch);
  EXPECT_EQ(changed.exitCode, 2);
  EXPECT_NE(changed.err.find("evidence changed"), std::string::npos) << changed.err;
  // Half the shards: a shard result to merge further, said on stderr.
  auto half = test::camtrace("merge " + quote(a) + " -o " + quote(scratch.file("half.json")), scratch);
  EXPECT_LE(half.exitCode, 1);
  EXPECT_NE(half.err.find("missing"), std::string::npos) << half.err;
  EXPECT_EQ(json::parse(test::readBytes(scratch.file("half.json")))["schema"], "camtrace.shard/1");
}

}  // namespace
}  // namespace camtrace
