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
  const char* json;
  const char* message;
};

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
        BadManifest{"UnknownTopKey", R"({"case_id":"x","cameras":[],"sessions":[],"extra":1})", "unknown key \"extra\""},
        BadManifest{"UnknownCameraKey", R"({"case_id":"x","cameras":[{"id":"a","refs":[]}],"sessions":[]})",
                    "cameras[0]: unknown key \"refs\""},
        BadManifest{"MissingCaseId", R"({"cameras":[],"sessions":[]})", "missing \"case_id\""},
        BadManifest{"EmptySessions", R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[]})", "nothing to audit"},
        BadManifest{"UnknownCamera",
                    R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[{"id":"s","camera":"b","captures":["c"]}]})",
                    "camera \"b\" is not in \"cameras\""},
        BadManifest{"DuplicateCamera", R"({"case_id":"x","cameras":[{"id":"a"},{"id":"a"}],"sessions":[]})",
                    "duplicate camera id"},
        BadManifest{"CapturesNotArray",
                    R"({"case_id":"x","cameras":[{"id":"a"}],"sessions":[{"id":"s","camera":"a","captures":"c"}]})",
                    "must be an array"},
        BadManifest{"NumberForString", R"({"case_id":7,"cameras":[],"sessions":[]})", "non-empty string"}),
    [](const auto& info) { return std::string(info.param.name); });

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
