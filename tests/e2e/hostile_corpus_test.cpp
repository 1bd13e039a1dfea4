// A corpus of broken and hostile inputs, made on the spot, audited in one case beside one good capture:
// every bad input is named with a reason, the good one is still audited, exit code 3, nothing crashes,
// nothing hangs, nothing is written next to the evidence.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/video_writer.h"
#include "tests/e2e/cli_runner.h"
#include "tests/support/rtp_capture_writer.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;
using test::quote;

TEST(HostileCorpus, EveryBadInputIsNamedAndTheGoodOneIsStillAudited) {
  test::TempDir dir;
  for (const char* sub : {"ref", "bad", "bad/stills-huge", "bad/hls", "good"})
    fs::create_directories(dir.path() / sub);
  auto a = test::renderScene(400, 60);
  test::writeVideo(dir.file("ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 20));
  test::writeVideo(dir.file("good/a.ts"), std::vector<YuvImage>(a.begin() + 20, a.end()));

  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 2654435761u) >> 13);
  test::writeBytes(dir.file("bad/zero.ts"), "");
  test::writeBytes(dir.file("bad/garbage.mkv"), garbage);
  test::writeBytes(dir.file("bad/wrong-extension.mp4"), "\x89PNG\r\n\x1a\n" + garbage);
  // A pcap header followed by garbage, and a valid pcap with no RTP in it.
  test::writeBytes(dir.file("bad/garbage.pcap"),
                   std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8) + garbage);
  std::vector<test::RtpOut> junk(30);
  for (auto& j : junk) j.bytes = {0x11, 0x22, 0x33, 0x44};
  test::writePcap(dir.file("bad/no-rtp.pcap"), 1, test::frame(junk, test::Link{}));
  // Playlists: one that includes itself, one that escapes its folder, one that points at the network.
  test::writeBytes(dir.file("bad/hls/loop.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=9\nloop.m3u8\n");
  test::writeBytes(dir.file("bad/hls/escape.m3u8"), "#EXTM3U\n#EXTINF:2,\n../../good/a.ts\n");
  test::writeBytes(dir.file("bad/hls/remote.m3u8"), "#EXTM3U\n#EXTINF:2,\nhttps://cdn.example/a.ts\n");
  // A PNG claiming 65535 x 65535 pixels.
  std::string ihdr("\x00\x00\x00\x0dIHDR\x00\x00\xff\xff\x00\x00\xff\xff\x08\x00\x00\x00\x00\x00\x00\x00\x00",
                   25);
  test::writeBytes(dir.file("bad/stills-huge/0001.png"), std::string("\x89PNG\r\n\x1a\n", 8) + ihdr);

  // Logs: binary garbage as JSON Lines, a 2 MiB line and a 300,000-character URI (std::regex overflowed its
  // stack on such a value) in an nginx log, and a log that is not there.
  test::writeBytes(dir.file("bad/garbage.jsonl"), garbage + "\n" + garbage);
  test::writeBytes(dir.file("bad/access.log"),
                   std::string(2 << 20, 'x') + "\n1.2.3.4 - - [26/Dec/2019:10:00:00 +0000] \"GET /t/" +
                       std::string(300000, 'a') + "/1.jpg?session=s-9 HTTP/1.1\" 200 5 \"-\" \"-\"\n");

  const std::vector<std::string> bad = {
      "bad/zero.ts",         "bad/garbage.mkv",     "bad/wrong-extension.mp4",
      "bad/garbage.pcap",    "bad/no-rtp.pcap",     "bad/hls/loop.m3u8",
      "bad/hls/escape.m3u8", "bad/hls/remote.m3u8", "bad/missing.ts"};
  nlohmann::json c;
  c["case_id"] = "hostile";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}}};
  c["sessions"] = nlohmann::json::array();
  std::vector<std::string> all = bad;
  all.push_back("bad/stills-huge");
  all.push_back("good/a.ts");
  for (size_t i = 0; i < all.size(); ++i)
    c["sessions"].push_back({{"id", "s-" + std::to_string(i)}, {"camera", "cam-A"}, {"captures", {all[i]}}});
  c["logs"] = {{{"path", "bad/garbage.jsonl"}, {"format", "jsonl"}},
               {{"path", "bad/access.log"}, {"format", "nginx"}, {"object_camera_pattern", "^/t/([^/]+)/"}},
               {{"path", "bad/missing.log"}, {"format", "csv"}}};
  test::writeBytes(dir.file("case.json"), c.dump(2));
  const auto before =
      std::distance(fs::recursive_directory_iterator(dir.path() / "bad"), fs::recursive_directory_iterator{});

  auto run = test::camtrace(
      "audit --case " + quote(dir.file("case.json")) + " -o " + quote(dir.file("f.json")), dir);
  EXPECT_EQ(run.exitCode, 3) << run.err;
  auto report = nlohmann::json::parse(test::readBytes(dir.file("f.json")));
  std::set<std::string> named;
  for (const auto& e : report["errors"]) {
    named.insert(e["input"]);
    EXPECT_FALSE(e["message"].get<std::string>().empty());
  }
  for (const auto& input : bad)
    EXPECT_TRUE(named.count(input)) << input << " not reported; errors: " << report["errors"].dump(1);
  EXPECT_TRUE(named.count("bad/missing.log"));
  // Unreadable lines are counted, not fatal.
  ASSERT_EQ(report["logs"].size(), 2u);
  EXPECT_GE(report["logs"][0]["malformed_lines"], 2);  // the garbage holds newlines of its own
  EXPECT_EQ(report["logs"][0]["events"], 0);
  EXPECT_EQ(report["logs"][1]["malformed_lines"], 1);  // the 2 MiB line
  EXPECT_EQ(report["logs"][1]["events"], 1);
  // The good capture's 40 frames, and the stills folder's one unreadable (corrupt) still; the PNG bytes
  // behind an .mp4 name are opened as what they are and give no picture.
  EXPECT_GE(report["summary"]["sessions_audited"], 2);
  EXPECT_EQ(report["summary"]["frames_audited"], 41);
  EXPECT_EQ(
      std::distance(fs::recursive_directory_iterator(dir.path() / "bad"), fs::recursive_directory_iterator{}),
      before);
  EXPECT_EQ(test::validateSchema("findings.schema.json", dir.file("f.json"), false), 0);
}

}  // namespace
}  // namespace camtrace
