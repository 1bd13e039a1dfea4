#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "formats/capture_reader.h"
#include "formats/hls_playlist.h"
#include "formats/media_error.h"
#include "formats/video_writer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

namespace fs = std::filesystem;

void writeHls(const std::string& playlist, const std::vector<YuvImage>& pictures, const std::string& segmentType) {
  EncoderSettings settings;
  settings.width = pictures.front().width;
  settings.height = pictures.front().height;
  settings.fps = 15;
  settings.gop = 15;
  settings.muxerOptions = {{"hls_time", "1"}, {"hls_list_size", "0"}, {"hls_segment_type", segmentType},
                           {"hls_playlist_type", "vod"}};
  VideoFileWriter writer(playlist, settings);
  for (const auto& p : pictures) writer.write(p);
  writer.close();
}

class HlsSegments : public ::testing::TestWithParam<std::string> {};

TEST_P(HlsSegments, FramesCarryTheirSegmentAndMediaSequence) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "hls");
  const std::string playlist = dir.file("hls/live.m3u8");
  writeHls(playlist, test::renderScene(90, 60), GetParam());
  auto reader = openCapture(playlist);
  EXPECT_EQ(reader->info().container, "hls");
  DecodedFrame frame;
  int64_t count = 0, lastSequence = -1;
  std::set<std::string> segments;
  while (reader->next(frame)) {
    EXPECT_EQ(frame.index, count++);
    EXPECT_FALSE(frame.provenance.segment.empty());
    EXPECT_GE(frame.provenance.mediaSequence, lastSequence);
    lastSequence = frame.provenance.mediaSequence;
    segments.insert(frame.provenance.segment);
    EXPECT_FALSE(frame.decodeDamaged());
  }
  EXPECT_EQ(count, 60);
  EXPECT_GE(segments.size(), 3u);
  EXPECT_TRUE(reader->warnings().empty()) << reader->warnings().front();
}

INSTANTIATE_TEST_SUITE_P(SegmentTypes, HlsSegments, ::testing::Values("mpegts", "fmp4"));

struct HostilePlaylist {
  const char* name;
  const char* text;
  const char* message;
};

class HostilePlaylists : public ::testing::TestWithParam<HostilePlaylist> {};

TEST_P(HostilePlaylists, AreRefusedWithAClearMessage) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "case");
  test::writeBytes(dir.file("case/seg0.ts"), "not really a segment");
  test::writeBytes(dir.file("secret.ts"), "outside");
  const std::string path = dir.file("case/p.m3u8");
  test::writeBytes(path, GetParam().text);
  try {
    openCapture(path);
    FAIL() << "accepted";
  } catch (const MediaError& e) {
    EXPECT_EQ(e.input(), path);
    EXPECT_NE(std::string(e.what()).find(GetParam().message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostilePlaylists,
    ::testing::Values(
        HostilePlaylist{"Remote", "#EXTM3U\n#EXTINF:2,\nhttp://cdn.example/seg0.ts\n", "remote resource"},
        HostilePlaylist{"Escapes", "#EXTM3U\n#EXTINF:2,\n../secret.ts\n", "outside the playlist's folder"},
        HostilePlaylist{"Absolute", "#EXTM3U\n#EXTINF:2,\n/etc/passwd\n", "absolute path"},
        HostilePlaylist{"IncludesItself", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\np.m3u8\n", "includes itself"},
        HostilePlaylist{"SegmentIsPlaylist", "#EXTM3U\n#EXTINF:2,\nother.m3u8\n", "as a media segment"},
        HostilePlaylist{"Empty", "#EXTM3U\n#EXT-X-ENDLIST\n", "no segments"},
        HostilePlaylist{"Encrypted", "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\nseg0.ts\n", "encrypted"},
        HostilePlaylist{"NotAPlaylist", "#EXTINF:2,\nseg0.ts\n", "no #EXTM3U"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HlsReader, MissingSegmentIsReportedAndTheRestIsRead) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "hls");
  const std::string playlist = dir.file("hls/live.m3u8");
  writeHls(playlist, test::renderScene(91, 60), "mpegts");
  const auto segment = readHlsPlaylist(playlist).segments.at(1);
  fs::remove(segment.path);
  auto reader = openCapture(playlist);
  DecodedFrame frame;
  int64_t count = 0;
  while (reader->next(frame)) ++count;
  EXPECT_GT(count, 20);
  EXPECT_LT(count, 60);
  ASSERT_FALSE(reader->unreadParts().empty());
  EXPECT_NE(reader->unreadParts().front().find(segment.uri), std::string::npos);
  EXPECT_TRUE(reader->warnings().empty());
}

TEST(HlsReader, MediaFileNamedLikeAPlaylistContentIsNotFollowedByFFmpeg) {
  test::TempDir dir;
  // A "video" whose bytes are a playlist pointing at a remote URL: routed to the playlist reader, refused.
  test::writeBytes(dir.file("evil.mp4"), "#EXTM3U\n#EXTINF:2,\nhttp://attacker.example/x.ts\n");
  EXPECT_THROW(openCapture(dir.file("evil.mp4")), MediaError);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

TEST(HlsReader, OverlongSegmentNameIsReportedNotFatal) {
  // Found by fuzz_capture: a 300-byte segment name made std::filesystem throw ENAMETOOLONG out of the reader.
  test::TempDir dir;
  test::writeBytes(dir.file("p.m3u8"), "#EXTM3U\n#EXTINF:2,\nE" + std::string(300, '\xfb') + "\n");
  auto reader = openCapture(dir.file("p.m3u8"));
  DecodedFrame frame;
  EXPECT_FALSE(reader->next(frame));
  ASSERT_EQ(reader->unreadParts().size(), 1u);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

TEST(HlsReader, MasterPlaylistIsFollowedToItsHighestBandwidthVariant) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "high");
  EncoderSettings settings;
  auto pictures = test::renderScene(92, 30);
  settings.width = pictures[0].width;
  settings.height = pictures[0].height;
  settings.gop = 15;
  settings.muxerOptions = {{"hls_time", "1"}, {"hls_list_size", "0"}, {"hls_playlist_type", "vod"}};
  {
    VideoFileWriter writer(dir.file("high/index.m3u8"), settings);
    for (const auto& p : pictures) writer.write(p);
    writer.close();
  }
  // The low variant does not exist: choosing it would fail.
  test::writeBytes(dir.file("master.m3u8"),
                   "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=200000\nlow/index.m3u8\n"
                   "#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=160x96\nhigh/index.m3u8\n");
  auto reader = openCapture(dir.file("master.m3u8"));
  DecodedFrame frame;
  int count = 0;
  while (reader->next(frame)) ++count;
  EXPECT_EQ(count, 30);
  EXPECT_TRUE(reader->warnings().empty());
}

}  // namespace
}  // namespace camtrace
