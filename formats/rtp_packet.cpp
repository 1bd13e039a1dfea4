#include "rtp_packet.h"

#include <arpa/inet.h>

#include <cstdio>

namespace camtrace {
namespace {

uint16_t be16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
uint32_t be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

std::optional<TransportPayload> parseTcpPayload(const uint8_t* p, size_t size, const std::string& srcIp,
                                                const std::string& dstIp) {
  if (size < 20) return std::nullopt;
  const size_t headerLength = static_cast<size_t>(p[12] >> 4) * 4;
  if (headerLength < 20 || headerLength > size) return std::nullopt;
  TransportPayload t;
  t.tcp = true;
  t.source = srcIp + ":" + std::to_string(be16(p));
  t.destination = dstIp + ":" + std::to_string(be16(p + 2));
  t.tcpSequence = be32(p + 4);
  t.tcpSyn = (p[13] & 0x02) != 0;
  t.payload = p + headerLength;
  t.size = size - headerLength;
  return t;
}

std::optional<TransportPayload> parseUdpPayload(const uint8_t* p, size_t size, const std::string& srcIp,
                                                const std::string& dstIp) {
  if (size < 8) return std::nullopt;
  const uint16_t length = be16(p + 4);
  if (length < 8) return std::nullopt;
  TransportPayload d;
  d.source = srcIp + ":" + std::to_string(be16(p));
  d.destination = dstIp + ":" + std::to_string(be16(p + 2));
  d.payload = p + 8;
  d.size =
      std::min<size_t>(size - 8, length - 8u);  // the capture may hold Ethernet padding beyond UDP's length
  return d;
}

std::optional<TransportPayload> parseIp(const uint8_t* p, size_t size) {
  if (size < 1) return std::nullopt;
  const int version = p[0] >> 4;
  char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
  if (version == 4) {
    if (size < 20) return std::nullopt;
    const size_t headerLength = static_cast<size_t>(p[0] & 0x0f) * 4;
    const size_t total = be16(p + 2);
    const uint16_t fragment = be16(p + 6);
    if (headerLength < 20 || headerLength > size || (p[9] != 17 && p[9] != 6)) return std::nullopt;
    if ((fragment & 0x1fff) != 0 || (fragment & 0x2000) != 0) return std::nullopt;  // fragments: not handled
    inet_ntop(AF_INET, p + 12, src, sizeof src);
    inet_ntop(AF_INET, p + 16, dst, sizeof dst);
    const size_t end = total >= headerLength && total <= size ? total : size;
    if (p[9] == 6) return parseTcpPayload(p + headerLength, end - headerLength, src, dst);
    return parseUdpPayload(p + headerLength, end - headerLength, src, dst);
  }
  if (version == 6) {
    if (size < 40) return std::nullopt;
    uint8_t next = p[6];
    size_t offset = 40;
    // Hop-by-hop, routing and destination options headers may precede UDP.
    while ((next == 0 || next == 43 || next == 60) && offset + 8 <= size) {
      next = p[offset];
      offset += (static_cast<size_t>(p[offset + 1]) + 1) * 8;
    }
    if ((next != 17 && next != 6) || offset > size) return std::nullopt;
    inet_ntop(AF_INET6, p + 8, src, sizeof src);
    inet_ntop(AF_INET6, p + 24, dst, sizeof dst);
    const size_t payload = be16(p + 4);
    const size_t end = 40 + payload <= size ? 40 + payload : size;
    if (offset > end) return std::nullopt;  // extension headers longer than the packet says it is
    const std::string from = std::string("[") + src + "]", to = std::string("[") + dst + "]";
    if (next == 6) return parseTcpPayload(p + offset, end - offset, from, to);
    return parseUdpPayload(p + offset, end - offset, from, to);
  }
  return std::nullopt;
}

}  // namespace

std::optional<TransportPayload> parseTransport(int linkType, const uint8_t* frame, size_t size) {
  switch (linkType) {
    case 1: {  // Ethernet
      size_t offset = 12;
      if (size < 14) return std::nullopt;
      uint16_t type = be16(frame + offset);
      while ((type == 0x8100 || type == 0x88a8) && offset + 6 <= size) {  // VLAN / QinQ tags
        offset += 4;
        type = be16(frame + offset);
      }
      if (type != 0x0800 && type != 0x86dd) return std::nullopt;
      return parseIp(frame + offset + 2, size - offset - 2);
    }
    case 113:  // Linux cooked capture v1: protocol at bytes 14-15
      if (size < 16) return std::nullopt;
      if (be16(frame + 14) != 0x0800 && be16(frame + 14) != 0x86dd) return std::nullopt;
      return parseIp(frame + 16, size - 16);
    case 276:  // Linux cooked capture v2: protocol at bytes 0-1
      if (size < 20) return std::nullopt;
      if (be16(frame) != 0x0800 && be16(frame) != 0x86dd) return std::nullopt;
      return parseIp(frame + 20, size - 20);
    case 0:  // BSD loopback: 4-byte address family in host order
      if (size < 4) return std::nullopt;
      return parseIp(frame + 4, size - 4);
    case 12:
    case 14:
    case 101:  // raw IP
      return parseIp(frame, size);
    default:
      return std::nullopt;
  }
}

std::optional<RtpPacket> parseRtp(const uint8_t* p, size_t size) {
  if (size < 12 || (p[0] >> 6) != 2) return std::nullopt;
  const int packetType = p[1];
  if (packetType >= 200 && packetType <= 204) return std::nullopt;  // RTCP sent to the same port
  RtpPacket r;
  r.marker = (p[1] & 0x80) != 0;
  r.payloadType = p[1] & 0x7f;
  r.sequence = be16(p + 2);
  r.timestamp = be32(p + 4);
  r.ssrc = be32(p + 8);
  size_t offset = 12 + static_cast<size_t>(p[0] & 0x0f) * 4;
  if (offset > size) return std::nullopt;
  if (p[0] & 0x10) {  // header extension
    if (offset + 4 > size) return std::nullopt;
    offset += 4 + static_cast<size_t>(be16(p + offset + 2)) * 4;
    if (offset > size) return std::nullopt;
  }
  size_t end = size;
  if (p[0] & 0x20) {  // padding: the last byte counts the padding bytes
    const size_t padding = p[size - 1];
    if (padding == 0 || padding > end - offset) return std::nullopt;
    end -= padding;
  }
  r.payload = p + offset;
  r.size = end - offset;
  return r;
}

}  // namespace camtrace
