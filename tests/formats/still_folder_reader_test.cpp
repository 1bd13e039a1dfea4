#include <gtest/gtest.h>

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
    files.push_back(std::filesystem::path(frame.provenance.file).filename().string());
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
  ASSERT_EQ(reader->warnings().size(), 1u);
  EXPECT_NE(reader->warnings()[0].find("0002.jpg"), std::string::npos);
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
