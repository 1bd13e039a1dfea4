// The report page as a function of findings.json: every affected session named, hostile text escaped,
// pictures inline.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/html_report.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

// The golden findings.json with a copy of its first finding as `id` in session `session`.
ojson goldenWithOneMore(const std::string& id, const std::string& session) {
  ojson f =
      ojson::parse(test::readBytes(std::string(CAMTRACE_SOURCE_DIR) + "/tests/golden/findings_small.json"));
  ojson more = f["findings"][0];
  more["id"] = id;
  more["session"] = session;
  f["findings"].push_back(more);
  return f;
}

TEST(HtmlReport, Base64IsRfc4648) {
  auto b64 = [](const std::string& s) { return base64(std::vector<uint8_t>(s.begin(), s.end())); };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64({0xff, 0xfe, 0x00}), "//4A");
}

TEST(HtmlReport, NamesEverySessionAndEscapesWhatTheEvidenceWrote) {
  // Session ids and log objects come from the evidence: a hostile one is text, never markup.
  const ojson f = goldenWithOneMore("feedfacefeedface", "<script>alert(1)</script>");
  ReportInputs inputs;
  inputs.findingsName = "findings.json";
  inputs.byFinding["feedfacefeedface"].flagged = {"data:image/jpeg;base64,Zm9v", "cap/x.ts frame 2"};
  const std::string page = renderHtmlReport(f, inputs);
  for (const auto& finding : f["findings"]) {
    if (finding["session"] == "<script>alert(1)</script>") continue;
    EXPECT_NE(page.find("Session " + finding["session"].get<std::string>()), std::string::npos);
  }
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("Session &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("id=\"session-_script_alert_1___script_\""), std::string::npos);
  EXPECT_NE(page.find("src=\"data:image/jpeg;base64,Zm9v\""), std::string::npos);
  EXPECT_EQ(renderHtmlReport(f, inputs), page);
}

TEST(HtmlReport, AFindingThatMirrorsACamerasSceneSaysWhose) {
  ojson f = goldenWithOneMore("feedfacefeedface", "s-mirror");
  ojson& more = f["findings"].back();
  more["attributed_camera"] = nullptr;
  more["evidence"].erase("attributed_camera");
  more["evidence"]["mirror_image_of"] = {
      {"camera", "cam-<b>"}, {"frames", 30}, {"lowest_robust_structure", 0.8812}};
  const std::string page = renderHtmlReport(f, ReportInputs{});
  EXPECT_NE(
      page.find("<th>mirror image of cam-&lt;b&gt;</th><td>30 frame(s) match its scene mirrored left to "
                "right (robust structure 0.8812 at least)"),
      std::string::npos);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

// Past the sessions shown in full, each finding is one table row, its session still named and anchored:
// a large incident's page stays a few MB (a 10,005-finding, 4,350-session findings.json gave 4.8 MB with
// the default 200).
TEST(HtmlReport, SessionsPastTheDetailLimitAreOneRowPerFinding) {
  const ojson f = goldenWithOneMore("0000000000000002", "s-2");
  ReportInputs inputs;
  inputs.detailLimit = 1;
  const std::string page = renderHtmlReport(f, inputs);
  EXPECT_NE(page.find("<section id=\"session-" + f["findings"][0]["session"].get<std::string>() + "\""),
            std::string::npos);
  EXPECT_EQ(page.find("<section id=\"session-s-2\""), std::string::npos);
  EXPECT_NE(page.find("<tr id=\"session-s-2\"><td>s-2</td>"), std::string::npos);
  EXPECT_NE(page.find("1 more affected sessions"), std::string::npos);
}

}  // namespace
}  // namespace camtrace
