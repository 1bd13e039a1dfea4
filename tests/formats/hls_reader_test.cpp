#include <gtest/gtest.h>

#include <cmath>
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

// `flags`: FFmpeg's hls_flags ("single_file+program_date_time"), none when empty.
void writeHls(const std::string& playlist, const std::vector<YuvImage>& pictures,
              const std::string& segmentType, const std::string& flags = "") {
  EncoderSettings settings;
  settings.width = pictures.front().width;
  settings.height = pictures.front().height;
  settings.fps = 15;
  settings.gop = 15;
  settings.muxerOptions = {{"hls_time", "1"},
                           {"hls_list_size", "0"},
                           {"hls_segment_type", segmentType},
                           {"hls_playlist_type", "vod"}};
  if (!flags.empty()) settings.muxerOptions["hls_flags"] = flags;
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
        HostilePlaylist{"IncludesItself", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\np.m3u8\n",
                        "includes itself"},
        HostilePlaylist{"SegmentIsPlaylist", "#EXTM3U\n#EXTINF:2,\nother.m3u8\n", "as a media segment"},
        HostilePlaylist{"Empty", "#EXTM3U\n#EXT-X-ENDLIST\n", "no segments"},
        HostilePlaylist{"Encrypted", "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\nseg0.ts\n",
                        "encrypted"},
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

namespace camtrace {
namespace {

// One .ts file cut into EXT-X-BYTERANGE segments, with EXT-X-PROGRAM-DATE-TIME (FFmpeg's hls muxer,
// single_file and program_date_time flags): each frame is decoded once, at its place in the file.
TEST(HlsReader, ByteRangeSegmentsAreDecodedOnceWithTheirTimeOfDay) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "hls");
  const std::string playlist = dir.file("hls/single.m3u8");
  writeHls(playlist, test::renderScene(91, 60), "mpegts", "single_file+program_date_time");
  const auto parsed = readHlsPlaylist(playlist);
  ASSERT_GT(parsed.segments.size(), 2u);
  EXPECT_GE(parsed.segments[1].offset, 0);
  EXPECT_EQ(parsed.segments[0].path, parsed.segments[1].path);  // one file

  auto reader = openCapture(playlist);
  DecodedFrame frame;
  int64_t count = 0, lastPosition = -1;
  double lastTime = 0;
  std::set<int64_t> positions;  // B-pictures: presentation order is not file order
  while (reader->next(frame)) {
    ++count;
    positions.insert(frame.provenance.packetPosition);
    lastPosition = std::max(lastPosition, frame.provenance.packetPosition);
    ASSERT_FALSE(std::isnan(frame.provenance.programDateTime));
    EXPECT_GT(frame.provenance.programDateTime, 1.5e9);
    EXPECT_GE(frame.provenance.programDateTime, lastTime);
    lastTime = frame.provenance.programDateTime;
  }
  EXPECT_EQ(count, 60);
  EXPECT_EQ(positions.size(), 60u);  // each picture once, from its own bytes of the file
  EXPECT_TRUE(reader->unreadParts().empty()) << reader->unreadParts().front();
  EXPECT_LT(lastPosition, static_cast<int64_t>(fs::file_size(parsed.segments[0].path)));
}

TEST(HlsReader, GapsAreCountedAndDiscontinuitiesMarked) {
  test::TempDir dir;
  const auto pictures = test::renderScene(92, 30);
  test::writeVideo(dir.file("a.ts"), std::vector<YuvImage>(pictures.begin(), pictures.begin() + 15));
  test::writeVideo(dir.file("b.ts"), std::vector<YuvImage>(pictures.begin() + 15, pictures.end()));
  test::writeBytes(
      dir.file("p.m3u8"),
      "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-PROGRAM-DATE-TIME:2019-12-26T10:00:00.000Z\n#EXTINF:1.0,\na."
      "ts\n"
      "#EXT-X-GAP\n#EXTINF:1.0,\nmissing.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.0,\nb.ts\n#EXT-X-ENDLIST\n");
  auto reader = openCapture(dir.file("p.m3u8"));
  DecodedFrame frame;
  std::vector<int64_t> discontinuities;
  int64_t count = 0;
  while (reader->next(frame)) {
    if (frame.provenance.discontinuity) discontinuities.push_back(frame.index);
    if (frame.index == 0) {
      EXPECT_DOUBLE_EQ(frame.provenance.programDateTime, 1577354400.0);
    }
    if (frame.index >= 15) {
      EXPECT_TRUE(std::isnan(frame.provenance.programDateTime));  // the time does not carry across a splice
    }
    ++count;
  }
  EXPECT_EQ(count, 30);
  EXPECT_EQ(discontinuities, std::vector<int64_t>{15});
  EXPECT_TRUE(reader->unreadParts().empty());
  ASSERT_EQ(reader->warnings().size(), 1u);
  EXPECT_NE(reader->warnings()[0].find("EXT-X-GAP"), std::string::npos);
}

// A hostile playlist of 200,000 missing segments: bounded work and a bounded report.
TEST(HlsReader, AHugePlaylistOfMissingSegmentsIsBounded) {
  test::TempDir dir;
  std::string text = "#EXTM3U\n";
  for (int i = 0; i < 200000; ++i) text += "#EXTINF:1,\ns" + std::to_string(i) + ".ts\n";
  test::writeBytes(dir.file("p.m3u8"), text);
  auto reader = openCapture(dir.file("p.m3u8"));
  DecodedFrame frame;
  EXPECT_FALSE(reader->next(frame));
  const auto unread = reader->unreadParts();
  ASSERT_EQ(unread.size(), CappedNotes::kKept + 1);
  EXPECT_NE(unread.front().find("the 113600 after the first 86400 are not read"), std::string::npos)
      << unread.front();
  EXPECT_NE(unread.back().find("more like these"), std::string::npos) << unread.back();
}

}  // namespace
}  // namespace camtrace
