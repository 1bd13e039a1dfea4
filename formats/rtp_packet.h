#pragma once
// Bytes on the wire, from link layer to RTP: pure parsers, no I/O (libpcap supplies the frames).

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace camtrace {

// A UDP datagram or TCP segment lifted out of a captured link-layer frame.
struct TransportPayload {
  bool tcp = false;
  std::string source;  // "ip:port" (IPv6 in brackets)
  std::string destination;
  uint32_t tcpSequence = 0;  // TCP: sequence number of the first payload byte
  bool tcpSyn = false;
  const uint8_t* payload = nullptr;
  size_t size = 0;
  // When the packet that carried it was captured (the pcap record's time, seconds since 1970); NaN until
  // the capture reader sets it.
  double time = std::numeric_limits<double>::quiet_NaN();
};

// Parses Ethernet (with VLAN tags), Linux cooked SLL and SLL2, BSD loopback and raw IP frames carrying
// IPv4 or IPv6 and UDP or TCP. Returns nothing for anything else (ARP, ICMP, IP fragments).
std::optional<TransportPayload> parseTransport(int linkType, const uint8_t* frame, size_t size);

// An RTP packet (RFC 3550 section 5.1); the payload excludes CSRCs, header extension and padding.
struct RtpPacket {
  uint8_t payloadType = 0;
  bool marker = false;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  const uint8_t* payload = nullptr;
  size_t size = 0;
};

// Returns nothing for what is not RTP version 2, for RTCP (payload types 72-76 with the marker bit, i.e.
// packet types 200-204), and for lengths that do not add up.
std::optional<RtpPacket> parseRtp(const uint8_t* data, size_t size);

}  // namespace camtrace
