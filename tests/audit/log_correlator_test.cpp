#include <gtest/gtest.h>

#include <cmath>

#include "audit/case_manifest.h"
#include "audit/log_audit.h"
#include "audit/log_correlator.h"
#include "audit/log_events.h"
#include "audit/shard_plan.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

CaseManifest twoCameras() {
  CaseManifest m;
  m.caseId = "c";
  m.cameras = {{"cam-A", {}, {}}, {"cam-B", {}, {}}};
  m.sessions = {{"s-1", "cam-A", "user-1", {"cap/s-1.ts"}, std::nullopt},
                {"s-2", "cam-B", "user-2", {"cap/s-2.ts"}, std::nullopt}};
  m.logs = {{"l.jsonl", "jsonl", "", {}, {}, {}, ""}};
  return m;
}

LogEvent served(const std::string& session, const std::string& object, const std::string& owner,
                double time) {
  LogEvent e;
  e.session = session;
  e.object = object;
  e.objectCamera = owner;
  e.time = time;
  e.line = static_cast<int64_t>(time);
  return e;
}

TEST(LogCorrelator, ReportsObjectsOfAnotherCameraPerSessionAndOwner) {
  const CaseManifest m = twoCameras();
  LogCorrelator correlator(m, nullptr);
  correlator.add(served("s-1", "t/cam-A/1.jpg", "cam-A", 100));
  correlator.add(served("s-1", "t/cam-B/7.jpg", "cam-B", 101));
  correlator.add(served("s-1", "t/cam-B/8.jpg", "cam-B", 160));
  correlator.add(served("s-2", "t/cam-B/9.jpg", "cam-B", 102));
  LogEvent claimedByLog = served("l-9", "t/cam-A/2.jpg", "cam-A", 103);
  claimedByLog.camera = "cam-B";  // a session only the log knows: its own camera comes from the log
  claimedByLog.viewer = "v-9";
  correlator.add(claimedByLog);
  LogEvent noOwner = served("s-1", "t/x", "", 104);
  EXPECT_EQ(correlator.add(noOwner), LogCorrelator::Outcome::NoOwner);
  LogEvent noCamera = served("l-10", "t/cam-A/3.jpg", "cam-A", 105);  // unknown session, log names no camera
  EXPECT_EQ(correlator.add(noCamera), LogCorrelator::Outcome::NoCamera);
  auto findings = correlator.finish();
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].session, "l-9");
  EXPECT_EQ(findings[0].claimedCamera, "cam-B");
  EXPECT_EQ(findings[0].attributedCamera, "cam-A");
  EXPECT_EQ(findings[1].session, "s-1");
  EXPECT_EQ(findings[1].attributedCamera, "cam-B");
  const DeliveryEvidence& e = findings[1].deliveryEvidence();
  EXPECT_EQ(e.events, 2);
  EXPECT_EQ(e.viewers, std::vector<std::string>{"user-1"});  // from the manifest
  EXPECT_EQ(e.firstTime, "1970-01-01T00:01:41Z");
  EXPECT_EQ(e.minutes.size(), 2u);
  EXPECT_FALSE(e.viewersDisplayed);  // this log cannot tell
}

TEST(LogCorrelator, TheManifestsCameraBeatsTheLogsClaim) {
  const CaseManifest m = twoCameras();
  LogCorrelator correlator(m, nullptr);
  LogEvent e = served("s-1", "t/cam-A/1.jpg", "cam-A", 1);
  e.camera = "cam-B";  // the log says the session asked for cam-B; the case says it is cam-A's
  correlator.add(e);
  EXPECT_TRUE(correlator.finish().empty());
}

TEST(LogCorrelator, OwnershipFromOriginLinesAndShardFilter) {
  const CaseManifest m = twoCameras();
  LogCorrelator correlator(m, [](const std::string& s) { return s == "s-1"; });
  LogEvent upload;
  upload.camera = "cam-B";
  upload.object = "o-77";
  correlator.addOwnership(upload);
  EXPECT_EQ(correlator.add(served("s-1", "o-77", "", 5)), LogCorrelator::Outcome::Judged);
  EXPECT_EQ(correlator.add(served("s-2", "o-77", "", 6)),
            LogCorrelator::Outcome::Judged);  // judged, not this shard's to record
  auto findings = correlator.finish();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].deliveryEvidence().ownerFrom, std::vector<std::string>{"origin log"});
}

TEST(LogCorrelator, KeyPatternsHideIdentifiersButKeepNames) {
  const std::vector<std::string> cams = {"cam-B", "front-door"};
  EXPECT_EQ(keyPattern("/v1/thumbs/cam-B/000123.jpg?sig=abc", cams), "/v1/thumbs/*/*.jpg");
  EXPECT_EQ(keyPattern("thumbs/front-door/latest.jpg", cams), "thumbs/*/latest.jpg");
  EXPECT_EQ(keyPattern("seg-17.ts", cams), "*.ts");
  EXPECT_EQ(keyPattern("o-9f3a2c", cams), "*");
  EXPECT_EQ(keyPattern("a/b.tar.gz", cams), "a/b.tar.gz");
}

TEST(ValueHistogram, KeepsThreeDigitsAndMergesExactly) {
  ValueHistogram a, b;
  for (double v : {41.23, 41.24, 1234.5, 0.0}) a.add(v);
  b.add(999999);
  b.add(-3);  // not a measure: ignored
  b.add(1e300);
  b.add(std::nan(""));
  a.add(1e-320);  // a denormal: counted as 0, not a NaN key
  EXPECT_EQ(a.counts.count(41.2), 1u);
  EXPECT_EQ(a.counts.at(41.2), 2);
  EXPECT_EQ(a.counts.count(1230), 1u);
  EXPECT_EQ(*a.median(), 41.2);
  a.merge(b);
  EXPECT_EQ(a.total(), 6);
  EXPECT_EQ(a.counts.count(1000000), 1u);
  EXPECT_FALSE(ValueHistogram().median());
}

TEST(ValueHistogram, FindsTheDecadeByTableAsLog10WouldAtEveryScale) {
  // The key of every value, from 1e-6 to 1e12 and at the edges of each decade, as the formula it replaced.
  std::vector<double> values;
  for (double v = 1e-6; v < 1e12; v *= 1.0173) values.push_back(v);
  for (double p = 1e-6; p <= 1e12; p *= 10)
    for (double v : {p, std::nextafter(p, 0.0), std::nextafter(p, 1e300), p * 0.9995, p * 0.99949})
      values.push_back(v);
  for (double v : values) {
    if (v < 1e-6 || v > 1e12) continue;  // 0 and not counted, as the test above has it
    ValueHistogram h;
    h.add(v);
    const double scale = std::pow(10.0, 2 - std::floor(std::log10(v)));
    ASSERT_EQ(h.counts.size(), 1u) << v;
    EXPECT_DOUBLE_EQ(h.counts.begin()->first, std::round(v * scale) / scale) << v;
  }
}

TEST(ShardPlan, ManifestSessionsRoundRobinLogSessionsByHash) {
  const CaseManifest m = twoCameras();
  const ShardPlan two(m, {0, 2}), one(m, {0, 1}), seven(m, {3, 7});
  EXPECT_EQ(two.shardOf("s-1"), 0);
  EXPECT_EQ(two.shardOf("s-2"), 1);
  EXPECT_TRUE(two.owns("s-1"));
  EXPECT_FALSE(two.owns("s-2"));
  EXPECT_TRUE(two.ownsPosition(0));
  EXPECT_FALSE(two.ownsPosition(1));
  EXPECT_EQ(one.shardOf("s-2"), 0);
  const int k = seven.shardOf("l-1234");
  EXPECT_GE(k, 0);
  EXPECT_LT(k, 7);
  EXPECT_EQ(seven.shardOf("l-1234"), k);
}

TEST(ShardPlan, ParsesExplicitAndEnvironmentSpecs) {
  auto none = [](const char*) -> const char* { return nullptr; };
  EXPECT_EQ(parseShardSpec("2/8", none).index, 2);
  EXPECT_EQ(parseShardSpec("2/8", none).count, 8);
  EXPECT_THROW(parseShardSpec("8/8", none), std::invalid_argument);
  EXPECT_THROW(parseShardSpec("x/8", none), std::invalid_argument);
  EXPECT_THROW(parseShardSpec("auto", none), std::invalid_argument);
  auto k8s = [](const char* name) -> const char* {
    return std::string(name) == "JOB_COMPLETION_INDEX" ? "5" : nullptr;
  };
  EXPECT_EQ(parseShardSpec("auto/6", k8s).index, 5);
  EXPECT_THROW(parseShardSpec("auto", k8s), std::invalid_argument);  // Kubernetes does not say the count
  auto slurm = [](const char* name) -> const char* {
    const std::string n = name;
    if (n == "SLURM_ARRAY_TASK_ID") return "4";
    if (n == "SLURM_ARRAY_TASK_MIN") return "1";
    if (n == "SLURM_ARRAY_TASK_COUNT") return "4";
    return nullptr;
  };
  EXPECT_EQ(parseShardSpec("auto", slurm).index, 3);
  EXPECT_EQ(parseShardSpec("auto", slurm).count, 4);
}

TEST(LogAudit, UnreadableLogIsAnErrorAndTheOthersAreRead) {
  test::TempDir dir;
  CaseManifest m = twoCameras();
  m.baseDir = dir.path().string();
  LogSpec spec;
  spec.format = "jsonl";
  spec.fields["session"].field = "sid";
  spec.fields["object"].field = "key";
  spec.fields["object_camera"].field = "owner";
  spec.path = "missing.jsonl";
  m.logs = {spec};
  spec.path = "ok.jsonl";
  m.logs.push_back(spec);
  test::writeBytes(dir.file("ok.jsonl"), "{\"sid\":\"s-2\",\"key\":\"k\",\"owner\":\"cam-A\"}\nnot json\n");
  AuditResult result;
  auditLogs(m, ShardPlan(m, ShardSpec{}), result);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].input, "missing.jsonl");
  ASSERT_EQ(result.logs.size(), 1u);
  EXPECT_EQ(result.logs[0].malformed, 1);
  EXPECT_EQ(result.logs[0].events, 1);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].attributedCamera, "cam-A");
}

TEST(LogEvents, HugeObjectKeysAreMatchedInLinearTime) {
  // std::regex recursed per character and overflowed the stack on a 100,000-character URI; RE2 reads it.
  test::TempDir dir;
  LogSpec spec;
  spec.path = "big.jsonl";
  spec.format = "jsonl";
  spec.fields["session"].field = "sid";
  spec.fields["object"].field = "key";
  spec.fields["camera"] = {"key", "", "^/t/([^/]+)/", 1};
  spec.objectCameraPattern = "^/t/([^/]+)/";
  const std::string huge = "/t/" + std::string(300000, 'a') + "/x.jpg";
  test::writeBytes(dir.file("big.jsonl"), "{\"sid\":\"s-1\",\"key\":\"" + huge +
                                              "\"}\n{\"sid\":\"s-1\",\"key\":\"/t/cam-B/1.jpg\"}\n");
  std::vector<LogEvent> events;
  readLogEvents(spec, 0, dir.file("big.jsonl"), [&](const LogEvent& e) { events.push_back(e); });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].objectCamera, std::string(300000, 'a'));
  EXPECT_EQ(events[0].camera, std::string(300000, 'a'));
  EXPECT_EQ(events[1].objectCamera, "cam-B");
  EXPECT_EQ(events[1].camera, "cam-B");
}

}  // namespace
}  // namespace camtrace
