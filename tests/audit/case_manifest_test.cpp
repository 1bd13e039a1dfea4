#include <gtest/gtest.h>

#include "audit/case_manifest.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

const char* kValid = R"({
  "case_id": "inc-2019-12-26",
  "cameras": [{"id": "cam-A", "references": ["ref/a.mp4"]}, {"id": "cam-B"}],
  "sessions": [{"id": "s-001", "camera": "cam-A", "viewer": "user-17", "captures": ["cap/s-001.ts"]}],
  "logs": [{"path": "logs/cache.jsonl", "format": "jsonl"}]
})";

TEST(CaseManifest, ParsesTheDesignExample) {
  auto m = parseManifest(kValid, "case.json", "/evidence");
  EXPECT_EQ(m.caseId, "inc-2019-12-26");
  ASSERT_EQ(m.cameras.size(), 2u);
  EXPECT_EQ(m.cameras[0].references, std::vector<std::string>{"ref/a.mp4"});
  EXPECT_TRUE(m.cameras[1].references.empty());
  ASSERT_EQ(m.sessions.size(), 1u);
  EXPECT_EQ(m.sessions[0].viewer, "user-17");
  EXPECT_EQ(m.resolve("cap/s-001.ts"), "/evidence/cap/s-001.ts");
  EXPECT_EQ(m.resolve("/abs/x.ts"), "/abs/x.ts");
  EXPECT_EQ(m.logs.at(0).format, "jsonl");
}

struct BadManifest {
  const char* name;
  std::string json;
  const char* message;
};

// A valid case with one log, written `entry`.
std::string withLog(const std::string& entry) {
  return R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[{"id":"s","camera":"a","captures":["c"]}],"logs":[)" +
         entry + "]}";
}

class CaseManifestErrors : public ::testing::TestWithParam<BadManifest> {};

TEST_P(CaseManifestErrors, AreRejectedWithAClearMessage) {
  try {
    parseManifest(GetParam().json, "case.json", "");
    FAIL() << "accepted";
  } catch (const ManifestError& e) {
    EXPECT_EQ(e.input(), "case.json");
    EXPECT_NE(std::string(e.what()).find(GetParam().message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CaseManifestErrors,
    ::testing::Values(
        BadManifest{"NotJson", "{", "not valid JSON"},
        // Found by fuzz_manifest: nlohmann reports number overflow as out_of_range, not parse_error.
        BadManifest{"NumberOverflow", "12666666266e66666", "not valid JSON"},
        BadManifest{"UnknownTopKey", R"({"case_id":"x","cameras":[],"sessions":[],"extra":1})",
                    "unknown key \"extra\""},
        BadManifest{"UnknownCameraKey", R"({"case_id":"x","cameras":[{"id":"a","refs":[]}],"sessions":[]})",
                    "cameras[0]: unknown key \"refs\""},
        BadManifest{"MissingCaseId", R"({"cameras":[],"sessions":[]})", "missing \"case_id\""},
        BadManifest{"OsdDateOrder",
                    R"({"case_id":"x","cameras":[{"id":"a","osd":{"date":"DDMMYY"}}],"sessions":[]})",
                    "cameras[0].osd: \"date\" must be \"YMD\", \"DMY\" or \"MDY\", not \"DDMMYY\""},
        BadManifest{"OsdHours",
                    R"({"case_id":"x","cameras":[{"id":"a","osd":{"hours":"12"}}],"sessions":[]})",
                    "cameras[0].osd: \"hours\" must be 12 or 24"},
        BadManifest{"OsdKey", R"({"case_id":"x","cameras":[{"id":"a","osd":{"zone":"CET"}}],"sessions":[]})",
                    "cameras[0].osd: unknown key \"zone\""},
        BadManifest{"EmptySessions", R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[]})",
                    "nothing to audit"},
        BadManifest{
            "UnknownCamera",
            R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[{"id":"s","camera":"b","captures":["c"]}]})",
            "camera \"b\" is not in \"cameras\""},
        BadManifest{"DuplicateCamera", R"({"case_id":"x","cameras":[{"id":"a"},{"id":"a"}],"sessions":[]})",
                    "duplicate camera id"},
        BadManifest{
            "CapturesNotArray",
            R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[{"id":"s","camera":"a","captures":"c"}]})",
            "must be an array"},
        BadManifest{"NumberForString", R"({"case_id":7,"cameras":[],"sessions":[]})", "non-empty string"},
        BadManifest{"UnknownLogFormat", withLog(R"({"path":"l","format":"syslog"})"),
                    "logs[0]: unknown log format \"syslog\""},
        BadManifest{"UnknownEventField",
                    withLog(R"({"path":"l","format":"jsonl","fields":{"user_agent":"ua"}})"),
                    "logs[0].fields: unknown key \"user_agent\""},
        BadManifest{"BadPattern", withLog(R"({"path":"l","format":"jsonl","object_camera_pattern":"(["})"),
                    "logs[0]"},
        BadManifest{"PatternWithLookahead",
                    withLog(R"({"path":"l","format":"jsonl","object_camera_pattern":"^/t/(?=cam)([^/]+)/"})"),
                    "\"object_camera_pattern\" is not a regular expression in RE2 syntax"},
        BadManifest{
            "PatternWithoutAGroup",
            withLog(R"({"path":"l","format":"jsonl","fields":{"camera":{"field":"k","pattern":"^/t/"}}})"),
            "\"pattern\" has no group"},
        BadManifest{
            "BadScale",
            withLog(
                R"({"path":"l","format":"nginx","fields":{"rtt_ms":{"field":"request_time","scale":-1}}})"),
            "positive number"},
        BadManifest{"NamedLogTimezone",
                    withLog(R"({"path":"l","format":"jsonl","timezone":"Europe/Berlin"})"),
                    "logs[0].timezone: \"Europe/Berlin\" is not a UTC offset"},
        BadManifest{"AdjacentLogFields", withLog(R"({"path":"l","format":"nginx","log_format":"$a$b"})"),
                    "nothing between them"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CaseManifest, LogsMapTheirFieldsOrTakeTheFormatsDefaults) {
  auto m = parseManifest(
      withLog(
          R"({"path":"edge.log","format":"nginx","log_format":"$remote_user [$time_local] \"$request\" $upstream_cache_status",
             "fields":{"time":"time_local","session":{"field":"args","query":"sid"},"rtt_ms":{"field":"request_time","scale":1000},
                       "object":"uri"},
             "object_camera_pattern":"^/thumbs/([^/]+)/", "displayed_events":["open"]},
            {"path":"a.log","format":"apache"})"),
      "case.json", "");
  ASSERT_EQ(m.logs.size(), 2u);
  const LogSpec& nginx = m.logs[0];
  EXPECT_EQ(nginx.fields.at("session").field, "args");
  EXPECT_EQ(nginx.fields.at("session").query, "sid");
  EXPECT_EQ(nginx.fields.at("rtt_ms").scale, 1000);
  EXPECT_EQ(nginx.objectCameraPattern, "^/thumbs/([^/]+)/");
  EXPECT_EQ(nginx.displayedEvents, std::vector<std::string>{"open"});
  EXPECT_EQ(m.logs[1].fields.at("time").field, "%t");
  EXPECT_EQ(m.logs[1].fields.at("object").field, "%U");
}

TEST(CaseManifest, ACamerasClockHintIsRead) {
  auto m = parseManifest(R"({"case_id":"x","cameras":[{"id":"a","osd":{"date":"DMY","hours":12}},{"id":"b"}],
                            "sessions":[{"id":"s","camera":"a","captures":["s.ts"]}]})",
                         "case.json", "");
  EXPECT_EQ(m.cameras[0].osd.date, OsdDateOrder::DMY);
  EXPECT_EQ(m.cameras[0].osd.hours, 12);
  EXPECT_EQ(m.cameras[1].osd.date, OsdDateOrder::None);
  EXPECT_EQ(m.cameras[1].osd.hours, 0);
}

TEST(CaseManifest, MissingFileIsAManifestError) {
  EXPECT_THROW(loadManifest("/nonexistent/case.json"), ManifestError);
}

TEST(CaseManifest, LoadResolvesAgainstTheManifestFolder) {
  test::TempDir dir;
  test::writeBytes(dir.file("case.json"), kValid);
  auto m = loadManifest(dir.file("case.json"));
  EXPECT_EQ(m.resolve("ref/a.mp4"), (dir.path() / "ref/a.mp4").string());
}

}  // namespace
}  // namespace camtrace
