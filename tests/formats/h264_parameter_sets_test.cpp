#include "formats/h264_parameter_sets.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

// An encoder's SPS, found in an Annex-B stream and in the same bytes behind 4-byte lengths, read as FFmpeg
// reads it (x264 veryfast at this size: High profile, 4 reference frames counted in the SPS).
TEST(H264ParameterSets, ReadsTheEncodersSequenceInBothLayouts) {
  test::TempDir dir;
  test::writeVideo(dir.file("a.h264"), test::renderScene(3, 3));
  const std::string bytes = test::readBytes(dir.file("a.h264"));
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto annexB = h264Sequence(data, bytes.size(), 0);
  ASSERT_TRUE(annexB.has_value());
  EXPECT_EQ(annexB->profile, 100);
  EXPECT_GT(annexB->level, 0);
  EXPECT_EQ(annexB->referenceFrames, 4);
  // The first NAL unit (the SPS x264 writes first) behind a length instead of a start code.
  size_t start = bytes.find(std::string("\0\0\1", 3)) + 3, end = bytes.find(std::string("\0\0\1", 3), start);
  while (end > start && bytes[end - 1] == 0) --end;
  std::vector<uint8_t> prefixed = {0, 0, static_cast<uint8_t>((end - start) >> 8),
                                   static_cast<uint8_t>(end - start)};
  prefixed.insert(prefixed.end(), data + start, data + end);
  const auto lengthPrefixed = h264Sequence(prefixed.data(), prefixed.size(), 4);
  ASSERT_TRUE(lengthPrefixed.has_value());
  EXPECT_EQ(lengthPrefixed->referenceFrames, annexB->referenceFrames);
  EXPECT_EQ(lengthPrefixed->level, annexB->level);
  // Cut short anywhere inside, the SPS reads as none rather than as something else.
  for (size_t cut = 5; cut + 1 < prefixed.size(); ++cut) {
    std::vector<uint8_t> shorter(prefixed.begin(), prefixed.begin() + static_cast<long>(cut));
    shorter[2] = static_cast<uint8_t>((cut - 4) >> 8);
    shorter[3] = static_cast<uint8_t>(cut - 4);
    const auto read = h264Sequence(shorter.data(), shorter.size(), 4);
    if (read) {
      EXPECT_EQ(read->referenceFrames, annexB->referenceFrames) << cut;
    }
  }
}

// Hostile bytes: lengths past the end, endless Exp-Golomb zeros, start codes everywhere. Nothing is read
// past the buffer (the sanitizer build holds it to that) and nothing throws.
TEST(H264ParameterSets, GarbageReadsAsNoSequence) {
  std::mt19937 random(17);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> bytes(random() % 64);
    for (auto& b : bytes) b = static_cast<uint8_t>(random() % 4 == 0 ? 0 : random());
    if (bytes.size() > 4 && round % 2) {
      bytes[0] = 0, bytes[1] = 0, bytes[2] = 1, bytes[3] = 0x67;  // an SPS header, garbage after it
    }
    for (int lengthSize : {0, 1, 2, 4})
      static_cast<void>(h264Sequence(bytes.data(), bytes.size(), lengthSize));
    int lengthSize = -1;
    static_cast<void>(h264SequenceInExtradata(bytes.data(), bytes.size(), &lengthSize));
    EXPECT_GE(lengthSize, 0);
  }
  const std::vector<uint8_t> zeros(100, 0);
  EXPECT_FALSE(h264Sequence(zeros.data(), zeros.size(), 0).has_value());
  EXPECT_FALSE(h264Sequence(nullptr, 0, 4).has_value());
}

}  // namespace
}  // namespace camtrace
