#pragma once
// Packet captures made on the spot: pictures encoded with libx264, packetized to RTP per RFC 6184 (single
// NAL units, STAP-A for parameter sets, FU-A above the MTU), wrapped in UDP/IP and a link layer, written
// with libpcap (pcap) or by hand (pcapng, which libpcap cannot write).

#include <cstdint>
#include <string>
#include <vector>

#include "formats/yuv_image.h"

namespace camtrace::test {

struct RtpOut {
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  bool marker = false;
  std::vector<uint8_t> bytes;  // the whole RTP packet
};

// H.264 (or, with codec "libx265", H.265) access units (Annex B) of the pictures, in decode order.
std::vector<std::vector<uint8_t>> encodeAccessUnits(const std::vector<YuvImage>& pictures, int fps = 15,
                                                    const std::string& codec = "libx264");

// RTP packets for the access units; timestamps step by 90000 / fps.
std::vector<RtpOut> packetizeH264(const std::vector<std::vector<uint8_t>>& units, uint32_t ssrc,
                                  uint8_t payloadType, uint16_t firstSequence = 1000, int fps = 15,
                                  size_t mtu = 1200);

// RTP packets for H.265 access units (RFC 7798): single NAL units, FU above the MTU.
std::vector<RtpOut> packetizeH265(const std::vector<std::vector<uint8_t>>& units, uint32_t ssrc,
                                  uint8_t payloadType, uint16_t firstSequence = 1000, int fps = 15,
                                  size_t mtu = 1200);

// RTP/JPEG packets (RFC 2435, type 1, Q 255 with the quantization tables in-band) for baseline 4:2:0
// JPEGs with the standard Huffman tables, one picture per timestamp.
std::vector<RtpOut> packetizeJpeg(const std::vector<std::string>& jpegs, uint32_t ssrc,
                                  uint16_t firstSequence = 1000, int fps = 15, size_t mtu = 1000);

struct Link {
  int type = 1;  // 1 Ethernet, 113 Linux SLL, 276 Linux SLL2, 101 raw IP
  bool ipv6 = false;
  uint16_t sourcePort = 5004;
  uint16_t destinationPort = 5006;
};

// Whole link-layer frames carrying the packets.
std::vector<std::vector<uint8_t>> frame(const std::vector<RtpOut>& packets, const Link& link);

// An RTSP server's side of a TCP connection: a DESCRIBE answer with SDP, then every RTP packet interleaved
// on channel 0 (RFC 2326 section 10.12) with an RTCP packet on channel 1 now and then, cut into TCP
// segments of `segment` bytes in Ethernet/IPv4 frames. Segment `repeat` is sent twice (a retransmission).
std::vector<std::vector<uint8_t>> rtspInterleaved(const std::vector<RtpOut>& packets, const std::string& sdp,
                                                  size_t segment, size_t repeat);

void writePcap(const std::string& path, int linkType, const std::vector<std::vector<uint8_t>>& frames);
void writePcapng(const std::string& path, int linkType, const std::vector<std::vector<uint8_t>>& frames);

}  // namespace camtrace::test
