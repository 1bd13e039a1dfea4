#include <gtest/gtest.h>

#include <cmath>

#include "formats/capture_reader.h"
#include "formats/media_error.h"
#include "formats/pcap_rtp_reader.h"
#include "formats/video_writer.h"
#include "tests/support/rtp_capture_writer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

using test::Link;

class RtpCaptures : public ::testing::Test {
 protected:
  void SetUp() override {
    pictures_ = test::renderScene(300, 45, 320, 192);
    units_ = test::encodeAccessUnits(pictures_);
    packets_ = test::packetizeH264(units_, 0x1a2b3c4d, 96, 65500);  // the sequence wraps past 65535
  }
  std::vector<YuvImage> pictures_;
  std::vector<std::vector<uint8_t>> units_;
  std::vector<test::RtpOut> packets_;
};

struct LinkCase {
  const char* name;
  int type;
  bool ipv6;
  bool pcapng;
};

class RtpLinks : public RtpCaptures, public ::testing::WithParamInterface<LinkCase> {};

TEST_P(RtpLinks, DecodesEveryPictureWithRtpProvenance) {
  test::TempDir dir;
  const std::string path = dir.file(GetParam().pcapng ? "cap.pcapng" : "cap.pcap");
  auto frames = test::frame(packets_, Link{GetParam().type, GetParam().ipv6});
  if (GetParam().pcapng) {
    test::writePcapng(path, GetParam().type, frames);
  } else {
    test::writePcap(path, GetParam().type, frames);
  }
  auto streams = scanRtpStreams(path);
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].ssrc, 0x1a2b3c4du);
  EXPECT_EQ(streams[0].codec, "h264");
  EXPECT_EQ(streams[0].lost, 0);
  EXPECT_EQ(streams[0].capture, path + "#ssrc=0x1a2b3c4d");
  auto decoded = test::decodeAll(streams[0].capture);
  ASSERT_EQ(decoded.size(), pictures_.size());
  int64_t lastPacket = 0;
  for (size_t i = 0; i < decoded.size(); ++i) {
    EXPECT_FALSE(decoded[i].decodeDamaged()) << i;
    EXPECT_TRUE(decoded[i].provenance.rtp);
    EXPECT_EQ(decoded[i].provenance.ssrc, 0x1a2b3c4du);
    EXPECT_GE(decoded[i].provenance.lastSequence, decoded[i].provenance.firstSequence);
    EXPECT_GT(decoded[i].provenance.lastPacketNumber, 0);
    lastPacket = std::max(lastPacket, decoded[i].provenance.lastPacketNumber);
    double error = 0;
    for (size_t k = 0; k < decoded[i].luma.size(); ++k)
      error += std::abs(decoded[i].luma[k] - pictures_[i].y[k]);
    EXPECT_LT(error / static_cast<double>(decoded[i].luma.size()), 6.0) << i;
    // Its time of day: the RTP clock since the first picture, from that picture's first packet
    // (test::writePcap stamps packet 0 at 2019-12-26 03:00:00 UTC).
    if (!GetParam().pcapng) {
      EXPECT_NEAR(decoded[i].provenance.captureTime, 1577329200 + decoded[i].pts, 1e-6) << i;
    }
  }
  EXPECT_EQ(lastPacket, static_cast<int64_t>(packets_.size()));
  // Without an SSRC the only H.264 stream is taken.
  EXPECT_EQ(test::decodeAll(path).size(), pictures_.size());
}

INSTANTIATE_TEST_SUITE_P(Links, RtpLinks,
                         ::testing::Values(LinkCase{"EthernetIpv4Pcap", 1, false, false},
                                           LinkCase{"SllIpv4Pcap", 113, false, false},
                                           LinkCase{"Sll2Ipv6Pcapng", 276, true, true},
                                           LinkCase{"RawIpv6Pcap", 12, true, false},
                                           LinkCase{"EthernetIpv4Pcapng", 1, false, true}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(RtpCaptures, H265StreamsAreRecognisedAndDecoded) {
  test::TempDir dir;
  auto units = test::encodeAccessUnits(pictures_, 15, "libx265");
  auto packets = test::packetizeH265(units, 0x265265, 98);
  // Lose one fragment in the middle: the stream still decodes, that picture comes out damaged.
  size_t victim = packets.size() / 2;
  while (packets[victim].marker) ++victim;
  packets.erase(packets.begin() + static_cast<long>(victim));
  test::writePcapng(dir.file("hevc.pcapng"), 1, test::frame(packets, Link{}));
  auto streams = scanRtpStreams(dir.file("hevc.pcapng"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].codec, "h265");
  EXPECT_EQ(streams[0].lost, 1);
  auto reader = openCapture(dir.file("hevc.pcapng"));
  EXPECT_EQ(reader->info().codec, "h265");
  DecodedFrame frame;
  size_t count = 0, damaged = 0;
  while (reader->next(frame)) {
    ++count;
    damaged += frame.decodeDamaged() || frame.referenceDamaged;
  }
  EXPECT_GE(count, pictures_.size() - 1);
  EXPECT_GE(damaged, 1u);
}

TEST_F(RtpCaptures, RtspInterleavedOverTcpIsReassembledAndDecoded) {
  test::TempDir dir;
  const std::string sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";
  test::writePcap(dir.file("rtsp.pcap"), 1, test::rtspInterleaved(packets_, sdp, 1000, 5));
  auto streams = scanRtpStreams(dir.file("rtsp.pcap"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].codec, "h264");
  EXPECT_EQ(streams[0].source, "10.0.0.1:554");
  EXPECT_EQ(streams[0].lost, 0);
  EXPECT_EQ(streams[0].duplicates, 0);  // the retransmitted TCP segment is not a duplicate RTP packet
  // A payload-type map given by the user outranks both the SDP and the payloads' look.
  EXPECT_EQ(scanRtpStreams(dir.file("rtsp.pcap"), {{96, "h265"}}).at(0).codec, "h265");
  auto decoded = test::decodeAll(dir.file("rtsp.pcap"));
  ASSERT_EQ(decoded.size(), pictures_.size());
  for (const auto& f : decoded) {
    EXPECT_FALSE(f.decodeDamaged());
    EXPECT_GT(f.provenance.firstPacketNumber, 0);
    // Its time of day as over UDP: the RTP clock since the first picture, from the capture time of the
    // TCP segment that brought that picture's first packet (test::writePcap stamps packet n at
    // 2019-12-26 03:00:00 UTC + n / 100 s).
    ASSERT_FALSE(std::isnan(f.provenance.captureTime));
    EXPECT_NEAR(f.provenance.captureTime - decoded.front().provenance.captureTime,
                f.pts - decoded.front().pts, 1e-6);
  }
  EXPECT_GE(decoded.front().provenance.captureTime, 1577329200.0);
  EXPECT_LT(decoded.front().provenance.captureTime, 1577329200.0 + 0.01 * (packets_.size() + 10));
}

TEST_F(RtpCaptures, JpegOverRtpIsRebuiltAndDecoded) {
  test::TempDir dir;
  std::vector<std::string> jpegs;
  for (size_t i = 0; i < 12; ++i) {
    writeStill(dir.file("still.jpg"), pictures_[i]);
    jpegs.push_back(test::readBytes(dir.file("still.jpg")));
  }
  auto packets = test::packetizeJpeg(jpegs, 0x1234abcd);
  test::writePcap(dir.file("mjpeg.pcap"), 1, test::frame(packets, Link{}));
  auto streams = scanRtpStreams(dir.file("mjpeg.pcap"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].codec, "jpeg");
  auto decoded = test::decodeAll(dir.file("mjpeg.pcap"));
  ASSERT_EQ(decoded.size(), jpegs.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    EXPECT_FALSE(decoded[i].decodeDamaged()) << i;
    ASSERT_EQ(decoded[i].luma.size(), pictures_[i].y.size());
    double error = 0;
    for (size_t k = 0; k < decoded[i].luma.size(); ++k)
      error += std::abs(decoded[i].luma[k] - pictures_[i].y[k]);
    EXPECT_LT(error / static_cast<double>(decoded[i].luma.size()), 4.0) << i;
  }
  // A lost fragment leaves a hole in the scan: that picture is flagged, the others are not.
  size_t victim = 1;
  while (packets[victim].marker || packets[victim - 1].marker) ++victim;
  packets.erase(packets.begin() + static_cast<long>(victim));
  test::writePcap(dir.file("lossy.pcap"), 1, test::frame(packets, Link{}));
  auto lossy = test::decodeAll(dir.file("lossy.pcap"));
  size_t flagged = 0;
  for (const auto& f : lossy) flagged += f.decodeDamaged();
  EXPECT_GE(flagged, 1u);
  EXPECT_LE(flagged, 2u);
}

TEST_F(RtpCaptures, LostPacketsAreCountedAndTheirPicturesFlagged) {
  test::TempDir dir;
  auto packets = packets_;
  // Lose a packet in the middle of a picture.
  size_t victim = packets.size() / 2;
  while (packets[victim].marker) ++victim;
  packets.erase(packets.begin() + static_cast<long>(victim));
  test::writePcap(dir.file("lossy.pcap"), 1, test::frame(packets, Link{}));
  auto reader = openCapture(dir.file("lossy.pcap"));
  DecodedFrame frame;
  size_t damaged = 0, count = 0;
  while (reader->next(frame)) {
    ++count;
    damaged += frame.decodeDamaged() || frame.referenceDamaged;
  }
  EXPECT_GE(count, pictures_.size() - 1);
  EXPECT_GE(damaged, 1u);
  ASSERT_EQ(reader->warnings().size(), 1u);
  EXPECT_NE(reader->warnings()[0].find("1 packet(s) lost"), std::string::npos) << reader->warnings()[0];
}

TEST_F(RtpCaptures, ReorderedAndDuplicatedPacketsDecodeCleanly) {
  test::TempDir dir;
  auto packets = packets_;
  std::swap(packets[10], packets[11]);
  packets.insert(packets.begin() + 20, packets[19]);
  test::writePcap(dir.file("shuffled.pcap"), 1, test::frame(packets, Link{}));
  auto streams = scanRtpStreams(dir.file("shuffled.pcap"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].duplicates, 1);
  EXPECT_EQ(streams[0].reordered, 1);
  EXPECT_EQ(streams[0].lost, 0);
  auto decoded = test::decodeAll(dir.file("shuffled.pcap"));
  ASSERT_EQ(decoded.size(), pictures_.size());
  for (const auto& f : decoded) EXPECT_FALSE(f.decodeDamaged());
}

TEST_F(RtpCaptures, SeveralStreamsMustBeNamed) {
  test::TempDir dir;
  auto first = test::frame(packets_, Link{1, false, 5004, 5006});
  auto second = test::frame(test::packetizeH264(units_, 0x00c0ffee, 97), Link{1, false, 6004, 6006});
  first.insert(first.end(), second.begin(), second.end());
  test::writePcap(dir.file("two.pcap"), 1, first);
  try {
    openCapture(dir.file("two.pcap"));
    FAIL();
  } catch (const MediaError& e) {
    EXPECT_NE(std::string(e.what()).find("#ssrc=0x00c0ffee"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::decodeAll(dir.file("two.pcap") + "#ssrc=0x00c0ffee").size(), pictures_.size());
  EXPECT_THROW(openCapture(dir.file("two.pcap") + "#ssrc=0x99"), MediaError);
  EXPECT_THROW(openCapture(dir.file("two.pcap") + "#ssrc=banana"), MediaError);
}

TEST_F(RtpCaptures, AbsurdSequenceJumpsAndNoRtpAreHandled) {
  test::TempDir dir;
  auto packets = packets_;
  // Halfway, the sequence jumps by 30000: counted as loss, decoded without hanging.
  for (size_t i = packets.size() / 2; i < packets.size(); ++i) {
    const uint16_t seq = static_cast<uint16_t>(packets[i].sequence + 30000);
    packets[i].bytes[2] = static_cast<uint8_t>(seq >> 8);
    packets[i].bytes[3] = static_cast<uint8_t>(seq);
  }
  test::writePcap(dir.file("jump.pcap"), 1, test::frame(packets, Link{}));
  auto streams = scanRtpStreams(dir.file("jump.pcap"));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].lost, 30000);
  EXPECT_GT(test::decodeAll(dir.file("jump.pcap")).size(), pictures_.size() / 2);

  std::vector<test::RtpOut> junk(20);
  for (auto& j : junk) j.bytes = {0x01, 0x02, 0x03};  // not RTP
  test::writePcap(dir.file("nortp.pcap"), 1, test::frame(junk, Link{}));
  EXPECT_TRUE(scanRtpStreams(dir.file("nortp.pcap")).empty());
  EXPECT_THROW(openCapture(dir.file("nortp.pcap")), MediaError);
  std::string bytes = test::readBytes(dir.file("jump.pcap"));
  test::writeBytes(dir.file("cut.pcap"), bytes.substr(0, bytes.size() * 2 / 3 + 7));
  // A truncated capture yields what it holds, and says it was cut.
  auto reader = openCapture(dir.file("cut.pcap"));
  DecodedFrame frame;
  size_t count = 0;
  while (reader->next(frame)) ++count;
  EXPECT_GT(count, 0u);
  bool said = false;
  for (const auto& w : reader->unreadParts()) said = said || w.find("truncated") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace camtrace
