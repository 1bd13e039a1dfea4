#include <gtest/gtest.h>

#include "formats/input_digest.h"
#include "formats/media_error.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

TEST(InputDigest, MatchesKnownSha256Vectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(InputDigest, HashesFilesAndFoldersWithoutChangingThem) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "stills" / "sub");
  test::writeBytes(dir.file("stills/b.jpg"), "abc");
  test::writeBytes(dir.file("stills/a.jpg"), "");
  test::writeBytes(dir.file("stills/sub/c.png"), "abc");
  auto before = std::filesystem::last_write_time(dir.file("stills/b.jpg"));
  auto digests = digestInput(dir.file("stills"), "cap/stills");
  ASSERT_EQ(digests.size(), 3u);
  EXPECT_EQ(digests[0].path, "cap/stills/a.jpg");
  EXPECT_EQ(digests[1].path, "cap/stills/b.jpg");
  EXPECT_EQ(digests[1].bytes, 3u);
  EXPECT_EQ(digests[1].sha256, sha256Hex("abc"));
  EXPECT_EQ(digests[2].path, "cap/stills/sub/c.png");
  EXPECT_EQ(std::filesystem::last_write_time(dir.file("stills/b.jpg")), before);
  EXPECT_THROW(digestFile(dir.file("missing"), "missing"), MediaError);
}

}  // namespace
}  // namespace camtrace
