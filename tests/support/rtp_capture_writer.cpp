#include "rtp_capture_writer.h"

#include "formats/ffmpeg_handles.h"

#include <pcap/pcap.h>

#include <fstream>
#include <stdexcept>

#include "formats/video_writer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace::test {
namespace {

void put16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& b, uint32_t v) {
  put16(b, static_cast<uint16_t>(v >> 16));
  put16(b, static_cast<uint16_t>(v));
}

std::vector<std::vector<uint8_t>> splitNals(const std::vector<uint8_t>& au) {
  std::vector<std::vector<uint8_t>> nals;
  size_t i = 0, start = std::string::npos;
  while (i + 3 <= au.size()) {
    if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
      if (start != std::string::npos) {
        size_t end = i;
        while (end > start && au[end - 1] == 0) --end;
        nals.emplace_back(au.begin() + static_cast<long>(start), au.begin() + static_cast<long>(end));
      }
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  if (start != std::string::npos) nals.emplace_back(au.begin() + static_cast<long>(start), au.end());
  return nals;
}

RtpOut rtp(uint16_t sequence, uint32_t timestamp, bool marker, uint32_t ssrc, uint8_t pt,
           const std::vector<uint8_t>& payload) {
  RtpOut out{sequence, timestamp, marker, {}};
  out.bytes.push_back(0x80);
  out.bytes.push_back(static_cast<uint8_t>((marker ? 0x80 : 0) | pt));
  put16(out.bytes, sequence);
  put32(out.bytes, timestamp);
  put32(out.bytes, ssrc);
  out.bytes.insert(out.bytes.end(), payload.begin(), payload.end());
  return out;
}

uint16_t checksum(const std::vector<uint8_t>& b, size_t from, size_t to) {
  uint32_t sum = 0;
  for (size_t i = from; i + 1 < to; i += 2) sum += static_cast<uint32_t>(b[i] << 8 | b[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

void putEthernet(std::vector<uint8_t>& b, uint16_t ethertype) {
  const uint8_t macs[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
  b.insert(b.end(), macs, macs + 12);
  put16(b, ethertype);
}

// An IPv4 header from 10.0.0.1 to 10.0.0.2 for `payloadLength` bytes of `protocol`, with its checksum.
void putIpv4(std::vector<uint8_t>& b, uint8_t protocol, size_t payloadLength) {
  const size_t ip = b.size();
  b.push_back(0x45);
  b.push_back(0);
  put16(b, static_cast<uint16_t>(20 + payloadLength));
  put32(b, 0);
  b.push_back(64);
  b.push_back(protocol);
  put16(b, 0);
  put32(b, 0x0a000001);
  put32(b, 0x0a000002);
  const uint16_t sum = checksum(b, ip, ip + 20);
  b[ip + 10] = static_cast<uint8_t>(sum >> 8);
  b[ip + 11] = static_cast<uint8_t>(sum);
}

}  // namespace

std::vector<std::vector<uint8_t>> encodeAccessUnits(const std::vector<YuvImage>& pictures, int fps,
                                                    const std::string& codec) {
  TempDir dir;
  std::vector<std::vector<uint8_t>> units;
  const EncoderSettings settings = settingsFor(pictures, fps, codec);
  VideoFileWriter writer(dir.file(codec == "libx265" ? "units.hevc" : "units.h264"), settings,
                         [&units](AVPacket& packet, int64_t) {
                           units.emplace_back(packet.data, packet.data + packet.size);
                           return true;
                         });
  for (const auto& p : pictures) writer.write(p);
  writer.close();
  return units;
}

std::vector<RtpOut> packetizeH264(const std::vector<std::vector<uint8_t>>& units, uint32_t ssrc, uint8_t pt,
                                  uint16_t firstSequence, int fps, size_t mtu) {
  std::vector<RtpOut> out;
  uint16_t sequence = firstSequence;
  for (size_t u = 0; u < units.size(); ++u) {
    const uint32_t timestamp = static_cast<uint32_t>(u * 90000 / static_cast<size_t>(fps)) + 12345;
    auto nals = splitNals(units[u]);
    std::vector<std::vector<uint8_t>> payloads;
    std::vector<uint8_t> stap;
    for (const auto& nal : nals) {
      const int type = nal[0] & 0x1f;
      if (type == 7 || type == 8 || type == 6) {  // parameter sets and SEI go together in a STAP-A
        if (stap.empty()) stap.push_back(static_cast<uint8_t>((nal[0] & 0x60) | 24));
        put16(stap, static_cast<uint16_t>(nal.size()));
        stap.insert(stap.end(), nal.begin(), nal.end());
        continue;
      }
      if (!stap.empty()) {
        payloads.push_back(stap);
        stap.clear();
      }
      if (nal.size() <= mtu) {
        payloads.push_back(nal);
        continue;
      }
      for (size_t offset = 1; offset < nal.size(); offset += mtu) {
        std::vector<uint8_t> fu{static_cast<uint8_t>((nal[0] & 0xe0) | 28),
                                static_cast<uint8_t>(nal[0] & 0x1f)};
        if (offset == 1) fu[1] |= 0x80;
        if (offset + mtu >= nal.size()) fu[1] |= 0x40;
        fu.insert(fu.end(), nal.begin() + static_cast<long>(offset),
                  nal.begin() + static_cast<long>(std::min(nal.size(), offset + mtu)));
        payloads.push_back(fu);
      }
    }
    if (!stap.empty()) payloads.push_back(stap);
    for (size_t i = 0; i < payloads.size(); ++i)
      out.push_back(rtp(sequence++, timestamp, i + 1 == payloads.size(), ssrc, pt, payloads[i]));
  }
  return out;
}

std::vector<RtpOut> packetizeH265(const std::vector<std::vector<uint8_t>>& units, uint32_t ssrc, uint8_t pt,
                                  uint16_t firstSequence, int fps, size_t mtu) {
  std::vector<RtpOut> out;
  uint16_t sequence = firstSequence;
  for (size_t u = 0; u < units.size(); ++u) {
    const uint32_t timestamp = static_cast<uint32_t>(u * 90000 / static_cast<size_t>(fps)) + 777;
    std::vector<std::vector<uint8_t>> payloads;
    for (const auto& nal : splitNals(units[u])) {
      if (nal.size() <= mtu) {
        payloads.push_back(nal);
        continue;
      }
      const uint8_t type = static_cast<uint8_t>((nal[0] >> 1) & 0x3f);
      for (size_t offset = 2; offset < nal.size(); offset += mtu) {
        std::vector<uint8_t> fu{static_cast<uint8_t>((nal[0] & 0x81) | (49 << 1)), nal[1], type};
        if (offset == 2) fu[2] |= 0x80;
        if (offset + mtu >= nal.size()) fu[2] |= 0x40;
        fu.insert(fu.end(), nal.begin() + static_cast<long>(offset),
                  nal.begin() + static_cast<long>(std::min(nal.size(), offset + mtu)));
        payloads.push_back(fu);
      }
    }
    for (size_t i = 0; i < payloads.size(); ++i)
      out.push_back(rtp(sequence++, timestamp, i + 1 == payloads.size(), ssrc, pt, payloads[i]));
  }
  return out;
}

std::vector<RtpOut> packetizeJpeg(const std::vector<std::string>& jpegs, uint32_t ssrc,
                                  uint16_t firstSequence, int fps, size_t mtu) {
  std::vector<RtpOut> out;
  uint16_t sequence = firstSequence;
  for (size_t f = 0; f < jpegs.size(); ++f) {
    const auto* j = reinterpret_cast<const uint8_t*>(jpegs[f].data());
    const size_t n = jpegs[f].size();
    std::vector<uint8_t> tables(128, 1);
    int width = 0, height = 0;
    size_t scan = 0, pos = 2;
    while (pos + 4 <= n && j[pos] == 0xff) {
      const int marker = j[pos + 1];
      const size_t length = static_cast<size_t>(j[pos + 2] << 8 | j[pos + 3]);
      if (marker == 0xdb) {
        for (size_t t = pos + 4; t + 65 <= pos + 2 + length; t += 65) {
          const size_t id = j[t] & 0x0f;
          std::copy(j + t + 1, j + t + 65, tables.begin() + static_cast<long>(id * 64));
        }
      } else if (marker == 0xc0) {
        height = j[pos + 5] << 8 | j[pos + 6];
        width = j[pos + 7] << 8 | j[pos + 8];
      } else if (marker == 0xda) {
        scan = pos + 2 + length;
        break;
      }
      pos += 2 + length;
    }
    size_t end = n;
    if (end >= 2 && j[end - 2] == 0xff && j[end - 1] == 0xd9) end -= 2;
    const uint32_t timestamp = static_cast<uint32_t>(f * 90000 / static_cast<size_t>(fps));
    for (size_t offset = 0; scan + offset < end; offset += mtu) {
      std::vector<uint8_t> payload{0,
                                   static_cast<uint8_t>(offset >> 16),
                                   static_cast<uint8_t>(offset >> 8),
                                   static_cast<uint8_t>(offset),
                                   1,
                                   255,
                                   static_cast<uint8_t>(width / 8),
                                   static_cast<uint8_t>(height / 8)};
      if (offset == 0) {
        payload.insert(payload.end(), {0, 0, 0, 128});
        payload.insert(payload.end(), tables.begin(), tables.end());
      }
      const size_t length = std::min(mtu, end - scan - offset);
      payload.insert(payload.end(), j + scan + offset, j + scan + offset + length);
      out.push_back(rtp(sequence++, timestamp, scan + offset + length >= end, ssrc, 26, payload));
    }
  }
  return out;
}

std::vector<std::vector<uint8_t>> frame(const std::vector<RtpOut>& packets, const Link& link) {
  std::vector<std::vector<uint8_t>> frames;
  for (const auto& p : packets) {
    std::vector<uint8_t> b;
    const uint16_t ethertype = link.ipv6 ? 0x86dd : 0x0800;
    if (link.type == 1) {
      putEthernet(b, ethertype);
    } else if (link.type == 113) {
      put16(b, 0);
      put16(b, 1);
      put16(b, 6);
      for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(i));
      put16(b, ethertype);
    } else if (link.type == 276) {
      put16(b, ethertype);
      put16(b, 0);
      put32(b, 2);
      put16(b, 1);
      b.push_back(0);
      b.push_back(6);
      for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(i));
    }
    const size_t udpLength = 8 + p.bytes.size();
    if (link.ipv6) {
      put32(b, 0x60000000);
      put16(b, static_cast<uint16_t>(udpLength));
      b.push_back(17);
      b.push_back(64);
      for (int i = 0; i < 15; ++i) b.push_back(0xfd);
      b.push_back(1);
      for (int i = 0; i < 15; ++i) b.push_back(0xfd);
      b.push_back(2);
    } else {
      putIpv4(b, 17, udpLength);
    }
    put16(b, link.sourcePort);
    put16(b, link.destinationPort);
    put16(b, static_cast<uint16_t>(udpLength));
    put16(b, 0);
    b.insert(b.end(), p.bytes.begin(), p.bytes.end());
    frames.push_back(std::move(b));
  }
  return frames;
}

std::vector<std::vector<uint8_t>> rtspInterleaved(const std::vector<RtpOut>& packets, const std::string& sdp,
                                                  size_t segment, size_t repeat) {
  std::string answer = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: " +
                       std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
  std::vector<uint8_t> stream(answer.begin(), answer.end());
  for (size_t i = 0; i < packets.size(); ++i) {
    stream.push_back('$');
    stream.push_back(0);
    put16(stream, static_cast<uint16_t>(packets[i].bytes.size()));
    stream.insert(stream.end(), packets[i].bytes.begin(), packets[i].bytes.end());
    if (i % 10 == 9) {  // an RTCP sender report on the odd channel
      const uint8_t sr[] = {'$', 1, 0, 8, 0x80, 200, 0, 1, 0, 0, 0, 1};
      stream.insert(stream.end(), sr, sr + sizeof sr);
    }
  }
  std::vector<std::vector<uint8_t>> frames;
  uint32_t seq = 1000000;
  for (size_t offset = 0, n = 0; offset < stream.size(); offset += segment, ++n) {
    const size_t length = std::min(segment, stream.size() - offset);
    for (int copy = 0; copy < (n == repeat ? 2 : 1); ++copy) {
      std::vector<uint8_t> b;
      putEthernet(b, 0x0800);
      putIpv4(b, 6, 20 + length);
      put16(b, 554);
      put16(b, 40000);
      put32(b, seq + static_cast<uint32_t>(offset));
      put32(b, 1);
      b.push_back(0x50);
      b.push_back(0x18);
      put16(b, 65535);
      put32(b, 0);
      b.insert(b.end(), stream.begin() + static_cast<long>(offset),
               stream.begin() + static_cast<long>(offset + length));
      frames.push_back(std::move(b));
    }
  }
  return frames;
}

void writePcap(const std::string& path, int linkType, const std::vector<std::vector<uint8_t>>& frames) {
  ffmpeg::UniquePcap dead(pcap_open_dead(linkType, 65535));
  pcap_dumper_t* dumper = pcap_dump_open(dead.get(), path.c_str());
  if (dumper == nullptr) throw std::runtime_error("cannot write " + path);
  for (size_t i = 0; i < frames.size(); ++i) {
    pcap_pkthdr header{};
    header.ts.tv_sec = 1577329200 + static_cast<long>(i / 100);
    header.ts.tv_usec = static_cast<long>(i % 100) * 10000;
    header.caplen = header.len = static_cast<bpf_u_int32>(frames[i].size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frames[i].data());
  }
  pcap_dump_close(dumper);
}

void writePcapng(const std::string& path, int linkType, const std::vector<std::vector<uint8_t>>& frames) {
  std::ofstream out(path, std::ios::binary);
  auto le32 = [&out](uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
  auto le16 = [&out](uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
  // Section header block (pcapng, section 4.1): byte-order magic, version 1.0, unknown section length.
  le32(0x0a0d0d0a);
  le32(28);
  le32(0x1a2b3c4d);
  le16(1);
  le16(0);
  le32(0xffffffff);
  le32(0xffffffff);
  le32(28);
  // Interface description block (4.2).
  le32(1);
  le32(20);
  le16(static_cast<uint16_t>(linkType));
  le16(0);
  le32(65535);
  le32(20);
  // Enhanced packet blocks (4.3), data padded to 32 bits.
  for (size_t i = 0; i < frames.size(); ++i) {
    const uint32_t padded = static_cast<uint32_t>((frames[i].size() + 3) & ~size_t{3});
    const uint32_t length = 32 + padded;
    le32(6);
    le32(length);
    le32(0);
    const uint64_t micros = (uint64_t{1577329200} * 1000000) + i * 10000;
    le32(static_cast<uint32_t>(micros >> 32));
    le32(static_cast<uint32_t>(micros));
    le32(static_cast<uint32_t>(frames[i].size()));
    le32(static_cast<uint32_t>(frames[i].size()));
    out.write(reinterpret_cast<const char*>(frames[i].data()),
              static_cast<std::streamsize>(frames[i].size()));
    for (size_t k = frames[i].size(); k < padded; ++k) out.put(0);
    le32(length);
  }
}

}  // namespace camtrace::test
