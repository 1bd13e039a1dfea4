#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "formats/capture_reader.h"
#include "formats/media_error.h"
#include "formats/still_folder_reader.h"
#include "formats/video_writer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

TEST(StillFolderReader, FramesFollowByteWiseNameOrder) {
  test::TempDir dir;
  auto pictures = test::renderScene(9, 3);
  // Byte-wise order: "B.png" < "a.jpg" < "b10.jpg" < "b2.jpg" (uppercase sorts first; no natural sort).
  writeStill(dir.file("b2.jpg"), pictures[0]);
  writeStill(dir.file("a.jpg"), pictures[1]);
  writeStill(dir.file("B.png"), pictures[2]);
  writeStill(dir.file("b10.jpg"), pictures[0]);
  test::writeBytes(dir.file("notes.txt"), "not a still");
  auto reader = openCapture(dir.path().string());
  std::vector<std::string> files;
  DecodedFrame frame;
  while (reader->next(frame)) {
    EXPECT_EQ(frame.index, static_cast<int64_t>(files.size()));
    EXPECT_FALSE(frame.unreadable);
    files.push_back(std::filesystem::path(frame.provenance.file.str()).filename().string());
  }
  EXPECT_EQ(files, (std::vector<std::string>{"B.png", "a.jpg", "b10.jpg", "b2.jpg"}));
  EXPECT_EQ(reader->info().container, "stills");
}

TEST(StillFolderReader, UnreadableStillKeepsItsIndexAndIsReported) {
  test::TempDir dir;
  auto pictures = test::renderScene(9, 2);
  writeStill(dir.file("0001.jpg"), pictures[0]);
  test::writeBytes(dir.file("0002.jpg"), "\xff\xd8 truncated jpeg");
  writeStill(dir.file("0003.jpg"), pictures[1]);
  auto reader = openCapture(dir.path().string());
  std::vector<bool> unreadable;
  DecodedFrame frame;
  while (reader->next(frame)) unreadable.push_back(frame.unreadable);
  EXPECT_EQ(unreadable, (std::vector<bool>{false, true, false}));
  ASSERT_EQ(reader->unreadParts().size(), 1u);
  EXPECT_NE(reader->unreadParts()[0].find("0002.jpg"), std::string::npos);
}

// Stills decoded ahead on several threads come out in name order, the same pictures, the same unreadable
// one, and the same notes, as on one; a reader dropped halfway waits for what it started.
TEST(StillFolderReader, StillsDecodedAheadOnThreadsAreTheSameInTheSameOrder) {
  test::TempDir dir;
  const auto pictures = test::renderScene(12, 24);
  for (size_t i = 0; i < pictures.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%04zu.jpg", i);
    writeStill(dir.file(name), pictures[i]);
  }
  test::writeBytes(dir.file("0007.jpg"), "\xff\xd8 not a picture");
  auto readAll = [&dir](int threads, std::vector<std::string>* notes) {
    StillFolderReader reader(dir.path().string(), threads);
    std::vector<DecodedFrame> frames;
    DecodedFrame frame;
    while (reader.next(frame)) frames.push_back(std::move(frame));
    *notes = reader.unreadParts();
    return frames;
  };
  std::vector<std::string> singleNotes, threadedNotes;
  const auto single = readAll(1, &singleNotes);
  ASSERT_EQ(single.size(), pictures.size());
  EXPECT_TRUE(single[7].unreadable);
  for (int threads : {2, 5, 64}) {
    const auto threaded = readAll(threads, &threadedNotes);
    ASSERT_EQ(threaded.size(), single.size()) << threads;
    EXPECT_EQ(threadedNotes, singleNotes);
    for (size_t i = 0; i < single.size(); ++i) {
      EXPECT_EQ(threaded[i].index, single[i].index);
      EXPECT_EQ(threaded[i].provenance.file, single[i].provenance.file);
      EXPECT_EQ(threaded[i].unreadable, single[i].unreadable);
      EXPECT_EQ(threaded[i].luma, single[i].luma) << threads << " threads, still " << i;
    }
  }
  StillFolderReader abandoned(dir.path().string(), 8);
  DecodedFrame frame;
  ASSERT_TRUE(abandoned.next(frame));
}

TEST(StillFolderReader, EmptyFolderIsAnError) {
  test::TempDir dir;
  try {
    openCapture(dir.path().string());
    FAIL();
  } catch (const MediaError& e) {
    EXPECT_EQ(e.input(), dir.path().string());
    EXPECT_NE(std::string(e.what()).find("no JPEG or PNG"), std::string::npos);
  }
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

// Inserts a segment right after the JPEG's SOI marker.
std::string withSegment(const std::string& jpeg, int marker, const std::string& body) {
  const size_t length = body.size() + 2;
  std::string segment{'\xff', static_cast<char>(marker), static_cast<char>(length >> 8),
                      static_cast<char>(length & 0xff)};
  return jpeg.substr(0, 2) + segment + body + jpeg.substr(2);
}

// An EXIF APP1 body with one IFD0 entry, DateTime (0x0132), in little-endian TIFF.
std::string exifDateTime(const std::string& when) {
  std::string tiff("II\x2a\x00\x08\x00\x00\x00", 8);
  tiff += std::string("\x01\x00", 2);                          // one entry
  tiff += std::string("\x32\x01\x02\x00\x14\x00\x00\x00", 8);  // tag 0x0132, ASCII, count 20
  tiff += std::string("\x1a\x00\x00\x00", 4);                  // value at offset 26
  tiff += std::string("\x00\x00\x00\x00", 4);                  // no next IFD
  tiff += when + std::string(1, '\0');
  return std::string("Exif\0\0", 6) + tiff;
}

// An EXIF APP1 body with DateTimeOriginal (0x9003) and OffsetTimeOriginal (0x9011) in the Exif sub-IFD,
// as cameras since EXIF 2.31 write them.
std::string exifDateTimeOriginal(const std::string& when, const std::string& offset) {
  auto u16 = [](int v) { return std::string{static_cast<char>(v & 0xff), static_cast<char>(v >> 8 & 0xff)}; };
  auto u32 = [&](int v) { return u16(v & 0xffff) + u16(v >> 16); };
  std::string tiff("II\x2a\x00\x08\x00\x00\x00", 8);
  tiff += u16(1) + u16(0x8769) + u16(4) + u32(1) + u32(26) + u32(0);  // IFD0: the Exif IFD at 26
  const int data = 26 + 2 + 2 * 12 + 4;
  tiff += u16(2) + u16(0x9003) + u16(2) + u32(20) + u32(data);
  tiff += u16(0x9011) + u16(2) + u32(static_cast<int>(offset.size()) + 1) + u32(data + 20) + u32(0);
  tiff += when + std::string(1, '\0') + offset + std::string(1, '\0');
  return std::string("Exif\0\0", 6) + tiff;
}

TEST(StillFolderReader, AnExifOffsetPlacesTheStillsTime) {
  test::TempDir dir;
  writeStill(dir.file("plain.jpg"), test::renderScene(14, 1)[0]);
  std::filesystem::create_directories(dir.path() / "s");
  const std::string plain = test::readBytes(dir.file("plain.jpg"));
  test::writeBytes(dir.file("s/1.jpg"),
                   withSegment(plain, 0xe1, exifDateTimeOriginal("2019:12:26 04:14:07", "+01:00")));
  test::writeBytes(dir.file("s/2.jpg"),
                   withSegment(plain, 0xe1, exifDateTimeOriginal("2019:12:25 22:14:07", "-05:00")));
  auto reader = openCapture(dir.file("s"));
  DecodedFrame frame;
  std::vector<double> times;
  while (reader->next(frame)) times.push_back(frame.pts);
  EXPECT_EQ(times, (std::vector<double>{1577330047.0, 1577330047.0}));  // both 2019-12-26 03:14:07 UTC
}

TEST(StillFolderReader, ExifAndCommentTimestampsBecomeFrameTimes) {
  test::TempDir dir;
  auto pictures = test::renderScene(12, 3);
  for (int i = 0; i < 3; ++i)
    writeStill(dir.file("plain" + std::to_string(i) + ".jpg"), pictures[static_cast<size_t>(i)]);
  const std::string plain = test::readBytes(dir.file("plain0.jpg"));
  std::filesystem::create_directories(dir.path() / "s");
  test::writeBytes(dir.file("s/1.jpg"), withSegment(plain, 0xe1, exifDateTime("2019:12:26 03:14:07")));
  test::writeBytes(dir.file("s/2.jpg"), withSegment(test::readBytes(dir.file("plain1.jpg")), 0xfe,
                                                    "cam-A 2019-12-26T03:14:09 UTC+1"));
  test::writeBytes(dir.file("s/3.jpg"), test::readBytes(dir.file("plain2.jpg")));
  auto reader = openCapture(dir.file("s"));
  std::vector<double> times;
  DecodedFrame frame;
  while (reader->next(frame)) {
    EXPECT_FALSE(frame.unreadable);
    times.push_back(frame.pts);
  }
  ASSERT_EQ(times.size(), 3u);
  EXPECT_DOUBLE_EQ(times[0], 1577330047.0);  // 2019-12-26 03:14:07 UTC
  EXPECT_DOUBLE_EQ(times[1], 1577330049.0);
  EXPECT_TRUE(std::isnan(times[2]));
}

}  // namespace
}  // namespace camtrace

namespace camtrace {
namespace {

TEST(StillFolderReader, GlobSelectsStillsByName) {
  test::TempDir dir;
  auto pictures = test::renderScene(13, 2);
  writeStill(dir.file("cam-A_0002.jpg"), pictures[0]);
  writeStill(dir.file("cam-A_0001.jpg"), pictures[1]);
  writeStill(dir.file("cam-B_0001.jpg"), pictures[1]);
  auto reader = openCapture(dir.file("cam-A_*.jpg"));
  std::vector<std::string> names;
  DecodedFrame frame;
  while (reader->next(frame))
    names.push_back(std::filesystem::path(frame.provenance.file.str()).filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"cam-A_0001.jpg", "cam-A_0002.jpg"}));
  EXPECT_THROW(openCapture(dir.file("cam-Z_*.jpg")), MediaError);
}

}  // namespace
}  // namespace camtrace
