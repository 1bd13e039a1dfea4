#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "formats/capture_reader.h"
#include "formats/container_reader.h"
#include "formats/media_error.h"
#include "formats/video_writer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

using test::TempDir;

struct Format {
  std::string extension;
  std::string codec;
  std::string decoded;  // codec name camtrace reports
};

class ContainerFormats : public ::testing::TestWithParam<Format> {};

TEST_P(ContainerFormats, DecodesEveryFrameInPresentationOrderWithProvenance) {
  TempDir dir;
  const std::string path = dir.file("clip" + GetParam().extension);
  auto pictures = test::renderScene(3, 40);
  test::writeVideo(path, pictures, 15, GetParam().codec);
  EXPECT_EQ(openCapture(path)->info().codec, GetParam().decoded);
  auto frames = test::decodeAll(path);
  ASSERT_EQ(frames.size(), pictures.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].index, static_cast<int64_t>(i));
    EXPECT_EQ(frames[i].width, 160);
    EXPECT_EQ(frames[i].height, 96);
    EXPECT_FALSE(frames[i].decodeDamaged());
    EXPECT_EQ(frames[i].provenance.file, path);
    // Lossy coding keeps each picture close to its source: mean absolute luma error of a few levels.
    double error = 0;
    for (size_t k = 0; k < frames[i].luma.size(); ++k)
      error += std::abs(frames[i].luma[k] - pictures[i].y[k]);
    EXPECT_LT(error / static_cast<double>(frames[i].luma.size()), 6.0) << "frame " << i;
    if (GetParam().extension != ".h264" && GetParam().extension != ".hevc" && i > 0) {
      EXPECT_GT(frames[i].pts, frames[i - 1].pts);
    }
  }
  EXPECT_TRUE(frames[0].keyframe);
  EXPECT_GE(frames[1].provenance.packetPosition, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Containers, ContainerFormats,
    ::testing::Values(Format{".mp4", "libx264", "h264"}, Format{".ts", "libx264", "h264"},
                      Format{".mkv", "libx264", "h264"}, Format{".h264", "libx264", "h264"},
                      Format{".flv", "libx264", "h264"}, Format{".hevc", "libx265", "hevc"},
                      Format{".mkv", "libx265", "hevc"}, Format{".avi", "mjpeg", "mjpeg"}),
    [](const auto& info) { return info.param.extension.substr(1) + "_" + info.param.decoded; });

TEST(ContainerReader, MissingFileNamesTheInput) {
  try {
    ContainerReader reader("/nonexistent/cap.mp4");
    FAIL() << "expected MediaError";
  } catch (const MediaError& e) {
    EXPECT_EQ(e.input(), "/nonexistent/cap.mp4");
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
  }
}

TEST(ContainerReader, EmptyAndGarbageFilesAreRejectedWithTheirName) {
  TempDir dir;
  test::writeBytes(dir.file("empty.mp4"), "");
  std::string garbage;
  for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919) % 251);
  test::writeBytes(dir.file("garbage.mp4"), garbage);
  EXPECT_THROW(ContainerReader(dir.file("empty.mp4")), MediaError);
  try {
    ContainerReader reader(dir.file("garbage.mp4"));
    DecodedFrame frame;
    while (reader.next(frame)) {
    }
    FAIL() << "garbage decoded without complaint";
  } catch (const MediaError& e) {
    EXPECT_EQ(e.input(), dir.file("garbage.mp4"));
  }
}

TEST(ContainerReader, TruncatedMp4WithoutIndexFailsClearly) {
  TempDir dir;
  test::writeVideo(dir.file("whole.mp4"), test::renderScene(4, 30));
  std::string bytes = test::readBytes(dir.file("whole.mp4"));
  // The MP4 index (moov) is written last: cutting the file loses it.
  test::writeBytes(dir.file("cut.mp4"), bytes.substr(0, bytes.size() * 2 / 3));
  EXPECT_THROW(ContainerReader(dir.file("cut.mp4")), MediaError);
}

TEST(ContainerReader, TruncatedTransportStreamKeepsTheFramesBeforeTheCut) {
  TempDir dir;
  test::writeVideo(dir.file("whole.ts"), test::renderScene(4, 60));
  std::string bytes = test::readBytes(dir.file("whole.ts"));
  test::writeBytes(dir.file("cut.ts"), bytes.substr(0, bytes.size() / 2 + 101));
  auto frames = test::decodeAll(dir.file("cut.ts"));
  EXPECT_GT(frames.size(), 15u);
  EXPECT_LT(frames.size(), 60u);
}

TEST(ContainerReader, CorruptedPacketsAreFlaggedNotDropped) {
  TempDir dir;
  auto pictures = test::renderScene(5, 60);
  test::writeVideo(dir.file("clean.ts"), pictures);
  std::string bytes = test::readBytes(dir.file("clean.ts"));
  // Overwrite payload bytes of TS packets in the second half (keep the 4-byte TS headers intact, so the
  // demuxer still finds the stream and the damage lands inside the H.264 data).
  for (size_t p = bytes.size() / 2 / 188; p < bytes.size() / 188 - 20; p += 9) {
    for (size_t k = p * 188 + 40; k < p * 188 + 188; ++k) bytes[k] = static_cast<char>(k * 31);
  }
  test::writeBytes(dir.file("damaged.ts"), bytes);
  auto frames = test::decodeAll(dir.file("damaged.ts"));
  ASSERT_GT(frames.size(), 30u);
  size_t damaged = 0;
  for (const auto& f : frames) damaged += f.decodeDamaged() || f.referenceDamaged;
  EXPECT_GT(damaged, 0u);
  EXPECT_FALSE(frames[0].decodeDamaged());
}

// FFmpeg's frame threads give a clean stream's pictures bit for bit; a damaged stream read on several threads
// owns up to it, so that the audit reads it again on one.
TEST(ContainerReader, FrameThreadsGiveACleanStreamsPicturesAndOwnUpToDamage) {
  TempDir dir;
  test::writeVideo(dir.file("clean.mp4"), test::renderScene(6, 90));
  auto readAll = [](const std::string& path, int threads, bool* damaged) {
    ContainerReader reader(path, threads);
    std::vector<DecodedFrame> frames;
    DecodedFrame frame;
    while (reader.next(frame)) frames.push_back(std::move(frame));
    *damaged = reader.threadedDecodeDamaged();
    return frames;
  };
  // H.265 too, and a transport stream whose second half comes from another encoder setup (another SPS,
  // another reference count: the stream signature changes where the splice is, on any thread count).
  test::writeVideo(dir.file("clean.mkv"), test::renderScene(7, 60), 15, "libx265");
  test::writeVideo(dir.file("a.h264"), test::renderScene(8, 45));
  {
    auto moreRefs = test::settingsFor(test::renderScene(9, 1));
    moreRefs.preset = "slower";  // 8 reference frames in its SPS where veryfast declares 4
    VideoFileWriter writer(dir.file("b.h264"), moreRefs);
    for (const auto& picture : test::renderScene(9, 45)) writer.write(picture);
  }
  test::writeBytes(dir.file("spliced.h264"),
                   test::readBytes(dir.file("a.h264")) + test::readBytes(dir.file("b.h264")));
  bool damaged = true;
  for (const char* name : {"clean.mp4", "clean.mkv", "spliced.h264"}) {
    SCOPED_TRACE(name);
    const auto single = readAll(dir.file(name), 1, &damaged);
    EXPECT_FALSE(damaged);
    std::set<std::string> signatures;
    for (const auto& f : single) signatures.insert(f.streamSignature);
    EXPECT_EQ(signatures.size(), std::string(name) == "spliced.h264" ? 2u : 1u);
    for (int threads : {2, 3, 8}) {
      const auto threaded = readAll(dir.file(name), threads, &damaged);
      EXPECT_FALSE(damaged) << threads;
      ASSERT_EQ(threaded.size(), single.size()) << threads;
      for (size_t i = 0; i < single.size(); ++i) {
        EXPECT_EQ(threaded[i].luma, single[i].luma) << threads << " threads, frame " << i;
        EXPECT_TRUE(threaded[i].pts == single[i].pts ||
                    (std::isnan(threaded[i].pts) && std::isnan(single[i].pts)));
        EXPECT_EQ(threaded[i].keyframe, single[i].keyframe);
        EXPECT_EQ(threaded[i].streamSignature, single[i].streamSignature)
            << threads << " threads, frame " << i;
        EXPECT_EQ(threaded[i].provenance.packetPosition, single[i].provenance.packetPosition);
      }
    }
  }
  test::writeVideo(dir.file("clean.ts"), test::renderScene(5, 60));
  std::string bytes = test::readBytes(dir.file("clean.ts"));
  for (size_t p = bytes.size() / 2 / 188; p < bytes.size() / 188 - 20; p += 9) {
    for (size_t k = p * 188 + 40; k < p * 188 + 188; ++k) bytes[k] = static_cast<char>(k * 31);
  }
  test::writeBytes(dir.file("damaged.ts"), bytes);
  readAll(dir.file("damaged.ts"), 1, &damaged);
  EXPECT_FALSE(damaged) << "one thread is the reading that stands";
  readAll(dir.file("damaged.ts"), 4, &damaged);
  EXPECT_TRUE(damaged);
}

// Damage the transport cannot see (noise in the middle of two P-pictures' packets, as simulate makes it):
// only the decoder can tell, and a frame thread may hand a concealed picture out before it is flagged.
// Every threaded reading must still own up to the damage, or the audit would keep that reading's pictures.
TEST(ContainerReader, EveryThreadedReadingOfAConcealedLossOwnsUpToIt) {
  TempDir dir;
  const auto pictures = test::renderScene(11, 60, 320, 192);
  {
    int damaged = 0;
    auto hook = [&damaged](AVPacket& packet, int64_t number) {
      if (number > 15 && damaged < 2 && packet.size > 200 && (packet.flags & AV_PKT_FLAG_KEY) == 0) {
        for (int i = packet.size * 3 / 10; i < packet.size * 7 / 10; ++i)
          packet.data[i] = static_cast<uint8_t>(i * 131 + number);
        ++damaged;
      }
      return true;
    };
    VideoFileWriter writer(dir.file("lossy.ts"), test::settingsFor(pictures), hook);
    for (const auto& picture : pictures) writer.write(picture);
  }
  size_t damagedFrames = 0;
  for (const auto& frame : test::decodeAll(dir.file("lossy.ts"))) damagedFrames += frame.decodeDamaged();
  ASSERT_GT(damagedFrames, 0u) << "one thread sees the damage";
  int clean = 0;
  for (int run = 0; run < 24; ++run) {
    ContainerReader reader(dir.file("lossy.ts"), 2);
    DecodedFrame frame;
    while (reader.next(frame)) {
    }
    ASSERT_TRUE(reader.warnings().empty()) << "the transport saw no loss";
    clean += !reader.threadedDecodeDamaged();
  }
  EXPECT_EQ(clean, 0) << "threaded readings of 24 that looked clean";
}

// A lent luma plane is the copied one, pixel for pixel, and stays the frame's own while the decoder goes
// on: every frame of a capture held to the end, on one decoder thread and on several, H.264 and H.265.
TEST(ContainerReader, ALentLumaPlaneIsTheCopiedOneAndOutlivesTheDecoder) {
  TempDir dir;
  test::writeVideo(dir.file("a.mp4"), test::renderScene(12, 40, 176, 100));
  test::writeVideo(dir.file("b.mkv"), test::renderScene(13, 30, 176, 100), 15, "libx265");
  for (const char* name : {"a.mp4", "b.mkv"}) {
    for (int threads : {1, 3}) {
      SCOPED_TRACE(std::string(name) + ", threads " + std::to_string(threads));
      const auto copied = test::decodeAll(dir.file(name));
      CaptureOptions options;
      options.decodeThreads = threads;
      options.borrowLuma = true;
      std::vector<DecodedFrame> lent;
      {
        auto reader = openCapture(dir.file(name), options);
        DecodedFrame frame;
        while (reader->next(frame)) lent.push_back(std::move(frame));
      }
      ASSERT_EQ(lent.size(), copied.size());
      for (size_t i = 0; i < lent.size(); ++i) {
        EXPECT_TRUE(lent[i].luma.empty()) << "frame " << i << " was copied";
        const GrayView view = lent[i].lumaView();
        ASSERT_NE(view.data, nullptr);
        EXPECT_GE(view.stride, view.width);
        bool same = view.width == copied[i].width && view.height == copied[i].height;
        for (int y = 0; same && y < view.height; ++y)
          same = std::equal(view.data + static_cast<ptrdiff_t>(y) * view.stride,
                            view.data + static_cast<ptrdiff_t>(y) * view.stride + view.width,
                            copied[i].luma.begin() + static_cast<ptrdiff_t>(y) * copied[i].width);
        EXPECT_TRUE(same) << "frame " << i;
      }
    }
  }
}

// A scene whose top-left quadrant's Cb is 60.
std::vector<YuvImage> colouredQuadrant(int count) {
  std::vector<YuvImage> pictures = test::renderScene(21, count, 176, 100);
  for (auto& p : pictures)
    for (int y = 0; y < p.chromaHeight() / 2; ++y)
      for (int x = 0; x < p.chromaWidth() / 2; ++x) p.u[static_cast<size_t>(y * p.chromaWidth() + x)] = 60;
  return pictures;
}

// The burned-in clock reads a coloured clock on the chroma (analyzers/osd_colour_key.h): each decoded
// picture carries its Cb and Cr planes at their own size, lent with the luma or copied beside it, the same
// either way; a still in JPEG carries them too, a grey PNG none.
TEST(ContainerReader, APicturesChromaComesWithItLentOrCopied) {
  TempDir dir;
  const auto pictures = colouredQuadrant(10);
  test::writeVideo(dir.file("a.mp4"), pictures);
  const auto copied = test::decodeAll(dir.file("a.mp4"));
  CaptureOptions options;
  options.borrowLuma = true;
  std::vector<DecodedFrame> lent;
  {
    auto reader = openCapture(dir.file("a.mp4"), options);
    DecodedFrame frame;
    while (reader->next(frame)) lent.push_back(std::move(frame));
  }
  ASSERT_EQ(lent.size(), copied.size());
  for (size_t i = 0; i < lent.size(); ++i) {
    const ChromaView a = lent[i].chromaView(), b = copied[i].chromaView();
    ASSERT_FALSE(a.empty());
    ASSERT_FALSE(b.empty());
    EXPECT_TRUE(lent[i].chroma.empty()) << "frame " << i << " was copied";
    EXPECT_EQ(a.cb.width, 88);
    EXPECT_EQ(a.cb.height, 50);
    EXPECT_EQ(b.cb.width, 88);
    EXPECT_NEAR(b.cb.at(10, 10), 60, 8);                           // the coloured quadrant
    EXPECT_NEAR(b.cb.at(70, 40), pictures[i].u[40 * 88 + 70], 8);  // the scene as drawn
    EXPECT_NEAR(b.cr.at(10, 10), pictures[i].v[10 * 88 + 10], 8);
    for (int y = 0; y < a.cb.height; ++y)
      for (int x = 0; x < a.cb.width; ++x) {
        ASSERT_EQ(a.cb.at(x, y), b.cb.at(x, y)) << "frame " << i;
        ASSERT_EQ(a.cr.at(x, y), b.cr.at(x, y)) << "frame " << i;
      }
  }
  // A copy of a frame views its own planes.
  const DecodedFrame kept = copied[0];
  EXPECT_EQ(kept.chromaView().cb.data, kept.chroma.data());

  std::filesystem::create_directories(dir.file("stills"));
  writeStill(dir.file("stills/1.jpg"), colouredQuadrant(1)[0]);
  const auto jpeg = test::decodeAll(dir.file("stills/1.jpg"));
  ASSERT_EQ(jpeg.size(), 1u);
  ASSERT_FALSE(jpeg[0].chromaView().empty());
  EXPECT_NEAR(jpeg[0].chromaView().cb.at(10, 10), 60, 10);
  writeStill(dir.file("stills/2.png"), colouredQuadrant(1)[0]);  // grey
  const auto png = test::decodeAll(dir.file("stills/2.png"));
  ASSERT_EQ(png.size(), 1u);
  EXPECT_TRUE(png[0].chromaView().empty());
}

TEST(ContainerReader, HugeDeclaredDimensionsAreRefused) {
  TempDir dir;
  // A PNG whose header claims 60000 x 60000 pixels, with no data behind it.
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr("\x00\x00\x00\x0dIHDR\x00\x00\xea\x60\x00\x00\xea\x60\x08\x00\x00\x00\x00\x00\x00\x00\x00",
                   25);
  test::writeBytes(dir.file("huge.png"), png + ihdr);
  try {
    auto frames = test::decodeAll(dir.file("huge.png"));
    for (const auto& f : frames) EXPECT_TRUE(f.unreadable);
  } catch (const MediaError& e) {
    EXPECT_EQ(e.input(), dir.file("huge.png"));
  }
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

TEST(ContainerReader, TransportStreamContinuityErrorsAndTimestampJumpsAreReported) {
  test::TempDir dir;
  test::writeVideo(dir.file("clean.ts"), test::renderScene(6, 60));
  std::string bytes = test::readBytes(dir.file("clean.ts"));
  // Break the continuity counter of every 40th packet of the video PID (0x100, FFmpeg's first stream):
  // what a lost TS packet looks like to the demuxer.
  int broken = 0;
  std::string damaged = bytes;
  for (size_t off = 0; off + 188 <= damaged.size(); off += 188) {
    const int pid =
        (static_cast<uint8_t>(damaged[off + 1]) & 0x1f) << 8 | static_cast<uint8_t>(damaged[off + 2]);
    if (pid == 0x100 && (off / 188) % 40 == 20) {
      const auto b = static_cast<uint8_t>(damaged[off + 3]);
      damaged[off + 3] = static_cast<char>((b & 0xf0) | ((b + 7) & 0x0f));
      ++broken;
    }
  }
  ASSERT_GT(broken, 0);
  test::writeBytes(dir.file("cc.ts"), damaged);
  auto reader = openCapture(dir.file("cc.ts"));
  DecodedFrame frame;
  int flagged = 0;
  while (reader->next(frame)) flagged += frame.decodeDamaged();
  EXPECT_GT(flagged, 0);
  bool said = false;
  for (const auto& w : reader->warnings())
    said = said || w.find("marked corrupt by the demuxer") != std::string::npos;
  EXPECT_TRUE(said);

  // The same stream twice, back to back: the timestamps restart, a jump backwards.
  test::writeBytes(dir.file("twice.ts"), bytes + bytes);
  auto twice = openCapture(dir.file("twice.ts"));
  while (twice->next(frame)) {
  }
  said = false;
  for (const auto& w : twice->warnings()) said = said || w.find("timestamp jump") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

// Two encoder setups at one size and profile: the stream signature tells them apart by the reference
// frame count their SPS declares (the level may differ with it), GOP by GOP, so a GOP spliced in from
// another camera's stream shows.
TEST(ContainerReader, StreamSignatureNamesTheReferenceFrameCountOfEachGop) {
  test::TempDir dir;
  const auto pictures = test::renderScene(41, 30);
  EncoderSettings fast = test::settingsFor(pictures), careful = fast;
  careful.preset = "slower";  // x264: 5 reference frames where veryfast uses 1 (SPS counts B-pyramid too)
  for (const auto& [name, settings] : {std::pair{"fast.ts", fast}, std::pair{"careful.ts", careful}}) {
    VideoFileWriter writer(dir.file(name), settings);
    for (const auto& p : pictures) writer.write(p);
    writer.close();
  }
  const auto a = test::decodeAll(dir.file("fast.ts")), b = test::decodeAll(dir.file("careful.ts"));
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(a.front().streamSignature.str().substr(a.front().streamSignature.str().rfind('/') + 1), "4ref");
  EXPECT_EQ(b.front().streamSignature.str().substr(b.front().streamSignature.str().rfind('/') + 1), "8ref");
  EXPECT_EQ(a.front().streamSignature.str().rfind("h264/High/", 0), 0u) << a.front().streamSignature;
  EXPECT_EQ(b.front().streamSignature.str().rfind("h264/High/", 0), 0u) << b.front().streamSignature;
  // Byte-concatenated transport streams: the second camera's GOPs carry their own SPS.
  test::writeBytes(dir.file("spliced.h264"),
                   test::readBytes(dir.file("fast.ts")) + test::readBytes(dir.file("careful.ts")));
  const auto spliced = test::decodeAll(dir.file("spliced.h264"));
  ASSERT_GE(spliced.size(), a.size() + 1);
  EXPECT_EQ(spliced.front().streamSignature, a.front().streamSignature);
  EXPECT_EQ(spliced.back().streamSignature, b.back().streamSignature);
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

// The container's creation_time is when the recording began: the time of day of its first frame.
TEST(ContainerReader, ReadsTheCreationTimeTheMuxerWrote) {
  test::TempDir dir;
  const auto pictures = test::renderScene(9, 6);
  for (const std::string name : {"created.mp4", "created.mkv"}) {
    EncoderSettings settings = test::settingsFor(pictures);
    settings.metadata = {{"creation_time", "2019-12-26T03:00:00.000000Z"}};
    VideoFileWriter writer(dir.file(name), settings);
    for (const auto& p : pictures) writer.write(p);
    writer.close();
    EXPECT_EQ(openCapture(dir.file(name))->info().creationTime, 1577329200.0) << name;
  }
  test::writeVideo(dir.file("plain.mp4"), pictures);
  EXPECT_TRUE(std::isnan(openCapture(dir.file("plain.mp4"))->info().creationTime));
}

}  // namespace
}  // namespace camtrace
