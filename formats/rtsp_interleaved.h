#pragma once
// RTP carried inside RTSP connections (RFC 2326 section 10.12) and the bookkeeping RTP needs: pieces of the
// packet-capture reader, kept apart so that each file stays readable.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture_reader.h"
#include "rtp_packet.h"

namespace camtrace::rtp {

constexpr size_t kMaxTcpBytes = size_t{1} << 31;  // per RTSP connection direction held for reassembly

// Extends 16-bit sequence numbers (and 32-bit timestamps) across wrap-around, relative to the last value.
struct Unwrapper {
  bool started = false;
  int64_t last = 0;
  int64_t extend16(uint16_t value) {
    if (!started) {
      started = true;
      last = value;
      return last;
    }
    last += static_cast<int16_t>(static_cast<uint16_t>(value - static_cast<uint16_t>(last)));
    return last;
  }
  int64_t extend32(uint32_t value) {
    if (!started) {
      started = true;
      last = value;
      return last;
    }
    last += static_cast<int32_t>(value - static_cast<uint32_t>(last));
    return last;
  }
};

// The RTSP side of a capture: payload types named by SDP in DESCRIBE answers ("a=rtpmap:96 H264/90000").
inline void readSdp(const std::string& body, RtpMap& map) {
  size_t pos = 0;
  while ((pos = body.find("a=rtpmap:", pos)) != std::string::npos) {
    pos += 9;
    const size_t space = body.find(' ', pos);
    if (space == std::string::npos) break;
    try {
      const int pt = std::stoi(body.substr(pos, space - pos));
      std::string codec = body.substr(space + 1, body.find('/', space) - space - 1);
      std::transform(codec.begin(), codec.end(), codec.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      if (codec == "h264" || codec == "h265") map.emplace(pt, codec);
      if (codec == "jpeg") map.emplace(pt, "jpeg");
    } catch (const std::exception&) {
    }
  }
}

// One direction of a TCP connection, reassembled by sequence number. Retransmitted bytes are kept once;
// a hole ends the contiguous stream (what follows is resynchronised on the next interleaved frame).
struct TcpDirection {
  std::string source, destination;
  struct Segment {
    int64_t packet = 0;  // capture packet number
    double time = 0;     // its capture time
    std::vector<uint8_t> bytes;
  };
  std::map<int64_t, Segment> segments;  // relative seq -> segment
  Unwrapper sequence;
  bool decided = false, rtsp = false;
  size_t bytes = 0;

  // Only RTSP connections are kept: other TCP traffic in a gateway capture (web, updates) would otherwise
  // all be held in memory. The first data seen decides: RTSP text or an interleaved frame.
  static bool looksLikeRtsp(const uint8_t* p, size_t size) {
    if (size >= 4 && p[0] == '$' && p[1] < 8) return true;
    const std::string_view text(reinterpret_cast<const char*>(p), std::min<size_t>(size, 512));
    if (text.rfind("RTSP/1.", 0) == 0) return true;
    const size_t line = text.find("\r\n");
    return line != std::string_view::npos && text.substr(0, line).find(" RTSP/1.") != std::string_view::npos;
  }

  void add(const TransportPayload& t, int64_t number) {
    if (t.size == 0) return;
    if (!decided) {
      decided = true;
      rtsp = looksLikeRtsp(t.payload, t.size);
    }
    if (!rtsp || bytes + t.size > kMaxTcpBytes) return;
    bytes += t.size;
    const int64_t seq = sequence.extend32(t.tcpSequence);
    auto& slot = segments[seq];
    if (slot.bytes.size() < t.size)
      slot = {number, t.time, std::vector<uint8_t>(t.payload, t.payload + t.size)};
  }
};

// RTSP over TCP: text messages and '$' channel length frames (RFC 2326 section 10.12). Calls f for every
// RTP packet on an even channel (odd channels carry RTCP) and collects SDP payload-type maps.
template <class F>
void readInterleaved(const TcpDirection& direction, RtpMap& sdp, F f) {
  std::vector<uint8_t> stream;
  struct Origin {
    size_t offset;  // where the segment's bytes start in the stream
    int64_t packet;
    double time;
  };
  std::vector<Origin> packetAt;
  int64_t next = direction.segments.empty() ? 0 : direction.segments.begin()->first;
  for (const auto& [seq, segment] : direction.segments) {
    const auto& bytes = segment.bytes;
    if (seq + static_cast<int64_t>(bytes.size()) <= next) continue;  // retransmission of bytes already taken
    const size_t skip = seq < next ? static_cast<size_t>(next - seq) : 0;
    packetAt.push_back({stream.size(), segment.packet, segment.time});
    stream.insert(stream.end(), bytes.begin() + static_cast<long>(skip), bytes.end());
    next = seq + static_cast<int64_t>(bytes.size());
  }
  // The capture packet (and its time) that brought the stream's byte at `offset`.
  auto originOf = [&packetAt](size_t offset) {
    auto it = std::upper_bound(packetAt.begin(), packetAt.end(), offset,
                               [](size_t at, const Origin& o) { return at < o.offset; });
    return it == packetAt.begin() ? Origin{0, 0, std::numeric_limits<double>::quiet_NaN()} : *std::prev(it);
  };
  TransportPayload where;
  where.tcp = true;
  where.source = direction.source;
  where.destination = direction.destination;
  size_t pos = 0;
  while (pos < stream.size()) {
    if (stream[pos] == '$' && pos + 4 <= stream.size()) {
      const int channel = stream[pos + 1];
      const size_t length = static_cast<size_t>(stream[pos + 2] << 8 | stream[pos + 3]);
      if (pos + 4 + length > stream.size()) break;
      if (channel % 2 == 0) {
        if (auto rtp = parseRtp(stream.data() + pos + 4, length)) {
          const Origin origin = originOf(pos);
          where.time = origin.time;
          f(origin.packet, where, *rtp);
        }
      }
      pos += 4 + length;
      continue;
    }
    const char* text = reinterpret_cast<const char*>(stream.data());
    const std::string_view rest(text + pos, stream.size() - pos);
    if (rest.rfind("RTSP/", 0) == 0 || rest.find(" RTSP/1.") < rest.find('\n')) {
      const size_t end = rest.find("\r\n\r\n");
      if (end == std::string_view::npos) break;
      const std::string headers(rest.substr(0, end));
      size_t length = 0;
      for (const char* name : {"Content-Length:", "Content-length:", "content-length:"}) {
        const size_t at = headers.find(name);
        if (at != std::string::npos)
          length = static_cast<size_t>(std::strtoul(headers.c_str() + at + std::strlen(name), nullptr, 10));
      }
      const size_t bodyAt = pos + end + 4;
      if (bodyAt + length > stream.size()) break;
      readSdp(std::string(text + bodyAt, length), sdp);
      pos = bodyAt + length;
      continue;
    }
    // Lost sync (a hole, or bytes camtrace does not know): look for the next interleaved frame.
    const auto* found =
        static_cast<const uint8_t*>(std::memchr(stream.data() + pos + 1, '$', stream.size() - pos - 1));
    if (found == nullptr) break;
    pos = static_cast<size_t>(found - stream.data());
  }
}

}  // namespace camtrace::rtp
