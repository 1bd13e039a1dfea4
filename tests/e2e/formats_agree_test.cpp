// The same spliced content through every capture form must give the same verdicts, with exact provenance.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/video_writer.h"
#include "tests/e2e/cli_runner.h"
#include "tests/support/rtp_capture_writer.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

TEST(FormatsAgree, SplicedContentGivesTheSameVerdictsInEveryForm) {
  test::TempDir dir;
  for (const char* sub : {"ref", "cap", "cap/hls-ts", "cap/hls-fmp4", "cap/stills"})
    fs::create_directories(dir.path() / sub);
  auto a = test::renderScene(200, 100);
  auto b = test::renderScene(201, 100);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 30));
  test::writeVideo(dir.file("ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 30));
  std::vector<YuvImage> session(a.begin() + 30, a.end());
  const std::set<int> foreign = {12, 40, 41, 42, 43, 44, 45};
  for (int i : foreign) session[static_cast<size_t>(i)] = b[static_cast<size_t>(30 + i)];

  std::vector<std::string> captures = {"cap/s.mp4",
                                       "cap/s.ts",
                                       "cap/s.mkv",
                                       "cap/hls-ts/s.m3u8",
                                       "cap/hls-fmp4/s.m3u8",
                                       "cap/stills",
                                       "cap/gw.pcapng#ssrc=0x0badcafe"};
  auto rtp = test::packetizeH264(test::encodeAccessUnits(session), 0x0badcafe, 96);
  auto noise = test::packetizeH264(test::encodeAccessUnits(std::vector<YuvImage>(b.begin(), b.begin() + 20)),
                                   0x00001111, 97);
  auto frames = test::frame(rtp, test::Link{276, true});
  auto other = test::frame(noise, test::Link{276, true, 7000, 7002});
  frames.insert(frames.begin() + 5, other.begin(), other.end());  // a second stream in the same capture
  test::writePcapng(dir.file("cap/gw.pcapng"), 276, frames);
  for (const std::string ext : {"mp4", "ts", "mkv"}) test::writeVideo(dir.file("cap/s." + ext), session);
  for (const std::string type : {"ts", "fmp4"}) {
    EncoderSettings settings;
    settings.width = session[0].width;
    settings.height = session[0].height;
    settings.gop = 15;
    settings.muxerOptions = {{"hls_time", "1"},
                             {"hls_list_size", "0"},
                             {"hls_playlist_type", "vod"},
                             {"hls_segment_type", type == "ts" ? "mpegts" : "fmp4"}};
    VideoFileWriter writer(dir.file("cap/hls-" + type + "/s.m3u8"), settings);
    for (const auto& p : session) writer.write(p);
    writer.close();
  }
  for (size_t i = 0; i < session.size(); ++i) {
    char name[48];
    std::snprintf(name, sizeof name, "cap/stills/%03zu.jpg", i);
    writeStill(dir.file(name), session[i]);
  }
  nlohmann::json c;
  c["case_id"] = "formats";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = nlohmann::json::array();
  for (size_t i = 0; i < captures.size(); ++i) {
    c["sessions"].push_back(
        {{"id", "s-" + std::to_string(i)}, {"camera", "cam-A"}, {"captures", {captures[i]}}});
  }
  test::writeBytes(dir.file("case.json"), c.dump(2));
  const std::string framesPath = dir.file("frames.jsonl");
  auto run =
      test::camtrace("audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("f.json")) +
                         " --frames " + quote(framesPath) + " --provenance",
                     dir);
  ASSERT_EQ(run.exitCode, 1) << run.err;
  EXPECT_EQ(test::validateSchema("frames.schema.json", framesPath, true), 0);

  std::map<std::string, std::set<int>> flagged;
  std::map<std::string, int> count;
  std::istringstream lines(test::readBytes(framesPath));
  std::string text;
  while (std::getline(lines, text)) {
    auto line = nlohmann::json::parse(text);
    const std::string capture = line["capture"];
    ++count[capture];
    if (line["verdict"] == "foreign") {
      flagged[capture].insert(line["index"].get<int>());
      EXPECT_EQ(line["attributed_camera"], "cam-B") << capture;
    } else {
      EXPECT_EQ(line["verdict"], "consistent") << capture << " #" << line["index"];
    }
    if (capture.find("hls") != std::string::npos) {
      EXPECT_TRUE(line["provenance"]["segment"].is_string()) << text;
      EXPECT_TRUE(line["provenance"]["media_sequence"].is_number()) << text;
    } else {
      EXPECT_TRUE(line["provenance"]["segment"].is_null()) << text;
    }
    if (capture.find("pcapng") != std::string::npos) {
      EXPECT_EQ(line["provenance"]["ssrc"], 0x0badcafe) << text;
      EXPECT_EQ(line["provenance"]["rtp_sequence"].size(), 2u) << text;
      // The capture's clock places the pictures: its first packet was captured at 03:00:00 UTC.
      EXPECT_EQ(line["time_source"], "pcap") << text;
      if (line["index"] == 0) {
        EXPECT_EQ(line["time"], "2019-12-26T03:00:00Z") << text;
      }
    } else if (capture.find("hls") == std::string::npos) {
      EXPECT_TRUE(line["time"].is_null()) << text;  // nothing in these files says when they were filmed
    }
  }
  for (const auto& capture : captures) {
    EXPECT_EQ(count[capture], 70) << capture;
    EXPECT_EQ(flagged[capture], std::set<int>(foreign.begin(), foreign.end())) << capture;
  }
  auto findings = nlohmann::json::parse(test::readBytes(dir.file("f.json")));
  bool sawSegment = false;
  for (const auto& f : findings["findings"]) {
    if (f["capture"] == "cap/hls-ts/s.m3u8" && f["first_index"] == 40) {
      sawSegment = f["evidence"]["provenance"].contains("first_segment");
    }
  }
  EXPECT_TRUE(sawSegment) << findings["findings"].dump(1);
  // The packet capture is hashed once, as a file.
  bool hashedCapture = false;
  for (const auto& input : findings["inputs"])
    hashedCapture = hashedCapture || input["path"] == "cap/gw.pcapng";
  EXPECT_TRUE(hashedCapture);
}

}  // namespace
}  // namespace camtrace
