#include <gtest/gtest.h>

#include <vector>

#include "formats/rtp_h264_depacketizer.h"
#include "formats/rtp_packet.h"

namespace camtrace {
namespace {

TEST(RtpPacket, ParsesHeaderExtensionPaddingAndCsrcs) {
  // V=2, P=1, X=1, CC=1; M=1, PT=96; seq 0x1234; ts 0x01020304; ssrc 0xdeadbeef; one CSRC; a one-word
  // extension; payload "ab"; two bytes of padding.
  std::vector<uint8_t> p = {0xb1, 0xe0, 0x12, 0x34, 1,    2,    3, 4, 0xde, 0xad, 0xbe, 0xef, 9, 9,
                            9,    9,    0xbe, 0xde, 0x00, 0x01, 7, 7, 7,    7,    'a',  'b',  0, 2};
  auto r = parseRtp(p.data(), p.size());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->marker);
  EXPECT_EQ(r->payloadType, 96);
  EXPECT_EQ(r->sequence, 0x1234);
  EXPECT_EQ(r->timestamp, 0x01020304u);
  EXPECT_EQ(r->ssrc, 0xdeadbeefu);
  ASSERT_EQ(r->size, 2u);
  EXPECT_EQ(r->payload[0], 'a');
  p[0] = 0x40;  // version 1
  EXPECT_FALSE(parseRtp(p.data(), p.size()));
  std::vector<uint8_t> rtcp = {0x80, 200, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_FALSE(parseRtp(rtcp.data(), rtcp.size()));
}

TEST(RtpPacket, Ipv6ExtensionHeadersLongerThanThePacketAreRejected) {
  // Found by fuzz_rtp: a hop-by-hop header claiming more bytes than the IPv6 payload length left an
  // unsigned underflow and a read past the frame.
  std::vector<uint8_t> frame(60, 0);
  frame[0] = 0x60;
  frame[5] = 8;    // payload length 8
  frame[6] = 0;    // next header: hop-by-hop
  frame[40] = 17;  // then UDP
  frame[41] = 1;   // hop-by-hop length: 16 bytes, beyond the 8 the payload length allows
  EXPECT_FALSE(parseTransport(101, frame.data(), frame.size()));
}

TEST(RtpH264Depacketizer, RebuildsFragmentsAndMarksLoss) {
  RtpH264Depacketizer d;
  const uint8_t single[] = {0x65, 1, 2, 3};
  const uint8_t fuStart[] = {0x7c, 0x85, 10, 11};
  const uint8_t fuEnd[] = {0x7c, 0x45, 12};
  d.push(single, sizeof single, false);
  d.push(fuStart, sizeof fuStart, false);
  d.push(fuEnd, sizeof fuEnd, false);
  bool damaged = true;
  auto au = d.take(damaged);
  EXPECT_FALSE(damaged);
  EXPECT_EQ(au, (std::vector<uint8_t>{0, 0, 0, 1, 0x65, 1, 2, 3, 0, 0, 0, 1, 0x65, 10, 11, 12}));
  d.push(fuEnd, sizeof fuEnd, true);  // the start was lost
  au = d.take(damaged);
  EXPECT_TRUE(damaged);
  EXPECT_TRUE(au.empty());
}

}  // namespace
}  // namespace camtrace
