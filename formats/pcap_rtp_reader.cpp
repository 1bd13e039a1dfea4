#include "pcap_rtp_reader.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "media_error.h"
#include "rtp_h264_depacketizer.h"
#include "rtp_h265_depacketizer.h"
#include "rtp_packet.h"

namespace camtrace {
namespace {

constexpr int64_t kClock = 90000;               // RTP video clock (RFC 6184 section 8.2.1)
constexpr int64_t kJump = 10 * kClock;          // a timestamp step this large is a jump, not a frame
constexpr int64_t kMinStreamPackets = 10;       // fewer packets are not a video stream worth listing

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};

// Calls f(packetNumber, datagram, rtp) for every RTP packet in the capture. A capture cut short (the
// last record incomplete) yields what it holds and returns the reason; an unreadable one throws.
template <class F>
std::string forEachRtp(const std::string& path, F f) {
  char error[PCAP_ERRBUF_SIZE] = {0};
  std::unique_ptr<pcap_t, PcapCloser> pcap(pcap_open_offline(path.c_str(), error));
  if (!pcap) throw MediaError(path, std::string("not a readable packet capture: ") + error);
  const int link = pcap_datalink(pcap.get());
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int64_t number = 0;
  int rc;
  while ((rc = pcap_next_ex(pcap.get(), &header, &data)) == 1) {
    ++number;
    auto udp = parseUdp(link, data, header->caplen);
    if (!udp) continue;
    auto rtp = parseRtp(udp->payload, udp->size);
    if (rtp) f(number, *udp, *rtp);
  }
  if (rc == PCAP_ERROR) {
    const std::string reason = std::string("packet capture is truncated or damaged after packet ") + std::to_string(number) + ": " +
                               pcap_geterr(pcap.get());
    if (number == 0) throw MediaError(path, reason);
    return reason;
  }
  return {};
}

using FlowKey = std::tuple<uint32_t, std::string, std::string>;

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

struct FlowStats {
  RtpStreamSummary summary;
  Unwrapper sequence, timestamp;
  std::set<int64_t> seen;
  int64_t highest = INT64_MIN, lowest = INT64_MAX;
  int64_t plausibleH264 = 0;
  int64_t plausibleH265 = 0;
  int64_t lastTimestamp = 0;
  bool haveTimestamp = false;

  void add(const RtpPacket& rtp) {
    ++summary.packets;
    summary.payloadType = rtp.payloadType;
    const int64_t ext = sequence.extend16(rtp.sequence);
    if (!seen.insert(ext).second) {
      ++summary.duplicates;
    } else if (ext < highest) {
      ++summary.reordered;
    }
    highest = std::max(highest, ext);
    lowest = std::min(lowest, ext);
    const int64_t ts = timestamp.extend32(rtp.timestamp);
    if (haveTimestamp && (ts - lastTimestamp > kJump || ts < lastTimestamp - kJump)) ++summary.timestampJumps;
    lastTimestamp = ts;
    haveTimestamp = true;
    plausibleH264 += RtpH264Depacketizer::plausible(rtp.payload, rtp.size);
    plausibleH265 += RtpH265Depacketizer::plausible(rtp.payload, rtp.size);
  }
  void finish(const std::string& file, const RtpMap& map) {
    summary.lost = highest >= lowest ? (highest - lowest + 1) - static_cast<int64_t>(seen.size()) : 0;
    auto mapped = map.find(summary.payloadType);
    if (mapped != map.end()) {
      summary.codec = mapped->second;
    } else if (plausibleH264 * 10 >= summary.packets * 9 && plausibleH264 >= plausibleH265) {
      summary.codec = "h264";
    } else if (plausibleH265 * 10 >= summary.packets * 9) {
      summary.codec = "h265";
    }
    char ssrc[16];
    std::snprintf(ssrc, sizeof ssrc, "0x%08x", summary.ssrc);
    summary.capture = file + "#ssrc=" + ssrc;
  }
};

std::map<FlowKey, FlowStats> scanFlows(const std::string& path, const RtpMap& map) {
  std::map<FlowKey, FlowStats> flows;
  forEachRtp(path, [&](int64_t, const UdpDatagram& udp, const RtpPacket& rtp) {
    auto& flow = flows[{rtp.ssrc, udp.source, udp.destination}];
    flow.summary.ssrc = rtp.ssrc;
    flow.summary.source = udp.source;
    flow.summary.destination = udp.destination;
    flow.add(rtp);
  });
  for (auto it = flows.begin(); it != flows.end();) {
    if (it->second.summary.packets < kMinStreamPackets) {
      it = flows.erase(it);
    } else {
      it->second.finish(path, map);
      ++it;
    }
  }
  return flows;
}

}  // namespace

bool looksLikePacketCapture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[4] = {0};
  in.read(reinterpret_cast<char*>(magic), 4);
  if (in.gcount() != 4) return false;
  const uint32_t le = magic[0] | magic[1] << 8 | magic[2] << 16 | static_cast<uint32_t>(magic[3]) << 24;
  return le == 0xa1b2c3d4 || le == 0xd4c3b2a1 || le == 0xa1b23c4d || le == 0x4d3cb2a1 || le == 0x0a0d0d0a;
}

std::optional<PacketCaptureName> parsePacketCaptureName(const std::string& name) {
  PacketCaptureName out;
  const auto hash = name.rfind("#ssrc=");
  out.file = hash == std::string::npos ? name : name.substr(0, hash);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(out.file, ec) || !looksLikePacketCapture(out.file)) return std::nullopt;
  if (hash != std::string::npos) {
    const std::string value = name.substr(hash + 6);
    try {
      size_t used = 0;
      const unsigned long long ssrc = std::stoull(value, &used, 0);
      if (used != value.size() || ssrc > 0xffffffffULL) throw std::invalid_argument(value);
      out.ssrc = static_cast<uint32_t>(ssrc);
    } catch (const std::exception&) {
      throw MediaError(name, "bad SSRC \"" + value + "\" (write it like #ssrc=0x1a2b3c4d)");
    }
  }
  return out;
}

std::vector<RtpStreamSummary> scanRtpStreams(const std::string& path, const RtpMap& map) {
  std::vector<RtpStreamSummary> out;
  for (auto& [key, flow] : scanFlows(path, map)) out.push_back(flow.summary);
  return out;
}

PcapRtpReader::PcapRtpReader(const std::string& name, const RtpMap& map) {
  auto parsed = parsePacketCaptureName(name);
  if (!parsed) throw MediaError(name, "not a pcap or pcapng file");
  info_.path = name;
  info_.container = "pcap-rtp";
  auto flows = scanFlows(parsed->file, map);
  const FlowStats* chosen = nullptr;
  std::string choices;
  for (const auto& [key, flow] : flows) {
    const bool video = flow.summary.codec == "h264" || flow.summary.codec == "h265";
    if (video) choices += " " + flow.summary.capture;
    if (parsed->ssrc ? flow.summary.ssrc == *parsed->ssrc : video) {
      if (!parsed->ssrc && chosen != nullptr) {
        throw MediaError(name, "holds several video RTP streams; name one:" + choices);
      }
      if (chosen == nullptr || flow.summary.packets > chosen->summary.packets) chosen = &flow;
    }
  }
  if (chosen == nullptr) {
    throw MediaError(name, parsed->ssrc ? "no RTP stream with that SSRC" : "no H.264 or H.265 RTP stream found");
  }
  stream_ = chosen->summary;
  const bool hevc = stream_.codec == "h265";
  if (stream_.codec != "h264" && !hevc) {
    throw MediaError(name, "RTP payload type " + std::to_string(stream_.payloadType) +
                               " is not a codec camtrace depacketizes (H.264, H.265)");
  }
  info_.codec = stream_.codec;

  struct Raw {
    int64_t number, sequence, timestamp;
    bool marker;
    std::vector<uint8_t> payload;
  };
  std::vector<Raw> packets;
  Unwrapper sequence, timestamp;
  const std::string truncated = forEachRtp(parsed->file, [&](int64_t number, const UdpDatagram& udp, const RtpPacket& rtp) {
    if (rtp.ssrc != stream_.ssrc || udp.source != stream_.source || udp.destination != stream_.destination) return;
    packets.push_back({number, sequence.extend16(rtp.sequence), timestamp.extend32(rtp.timestamp), rtp.marker,
                       std::vector<uint8_t>(rtp.payload, rtp.payload + rtp.size)});
  });
  if (!truncated.empty()) warnings_.push_back(truncated);
  std::stable_sort(packets.begin(), packets.end(), [](const Raw& a, const Raw& b) { return a.sequence < b.sequence; });
  packets.erase(std::unique(packets.begin(), packets.end(), [](const Raw& a, const Raw& b) { return a.sequence == b.sequence; }),
                packets.end());

  RtpH264Depacketizer h264;
  RtpH265Depacketizer h265;
  AccessUnit unit;
  bool open = false;
  auto close = [&] {
    if (!open) return;
    bool damaged = false;
    unit.bytes = hevc ? h265.take(damaged) : h264.take(damaged);
    unit.damaged = unit.damaged || damaged;
    if (!unit.bytes.empty()) units_.push_back(std::move(unit));
    unit = AccessUnit{};
    open = false;
  };
  for (size_t i = 0; i < packets.size(); ++i) {
    const Raw& p = packets[i];
    const bool gap = i > 0 && p.sequence != packets[i - 1].sequence + 1;
    if (open && p.timestamp != unit.timestamp) close();
    if (!open) {
      open = true;
      unit.timestamp = p.timestamp;
      unit.firstSequence = p.sequence;
      unit.firstPacket = p.number;
      unit.damaged = gap;  // whatever was lost just before may be this picture's reference
    }
    const bool lostInside = gap && unit.firstSequence != p.sequence;
    if (hevc) {
      h265.push(p.payload.data(), p.payload.size(), lostInside);
    } else {
      h264.push(p.payload.data(), p.payload.size(), lostInside);
    }
    unit.lastSequence = p.sequence;
    unit.lastPacket = std::max(unit.lastPacket, p.number);
    unit.firstPacket = std::min(unit.firstPacket, p.number);
    if (p.marker) close();
  }
  close();
  if (units_.empty()) throw MediaError(name, "RTP stream carries no decodable access unit");

  AVCodecParameters* parameters = avcodec_parameters_alloc();
  parameters->codec_type = AVMEDIA_TYPE_VIDEO;
  parameters->codec_id = hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264;
  try {
    decoder_.emplace(parameters, AVRational{1, static_cast<int>(kClock)}, name, 0);
  } catch (...) {
    avcodec_parameters_free(&parameters);
    throw;
  }
  avcodec_parameters_free(&parameters);
  if (stream_.lost || stream_.duplicates || stream_.reordered || stream_.timestampJumps) {
    warnings_.push_back("RTP stream " + stream_.capture.substr(stream_.capture.rfind('#') + 1) + ": " +
                        std::to_string(stream_.lost) + " packet(s) lost, " + std::to_string(stream_.duplicates) +
                        " duplicate(s), " + std::to_string(stream_.reordered) + " reordered, " +
                        std::to_string(stream_.timestampJumps) + " timestamp jump(s)");
  }
}

void PcapRtpReader::pump() {
  auto packet = ffmpeg::makePacket();
  while (queue_.empty() && !flushed_) {
    if (nextUnit_ >= units_.size()) {
      decoder_->send(nullptr, queue_);
      flushed_ = true;
      break;
    }
    const AccessUnit& unit = units_[nextUnit_];
    if (av_new_packet(packet.get(), static_cast<int>(unit.bytes.size())) < 0) throw std::bad_alloc();
    std::memcpy(packet->data, unit.bytes.data(), unit.bytes.size());
    packet->pts = unit.timestamp - units_.front().timestamp;
    packet->pos = static_cast<int64_t>(nextUnit_);
    if (unit.damaged) {
      decoder_->sendDamaged(packet.get(), queue_);
    } else {
      decoder_->send(packet.get(), queue_);
    }
    av_packet_unref(packet.get());
    ++nextUnit_;
  }
}

bool PcapRtpReader::next(DecodedFrame& frame) {
  pump();
  if (queue_.empty()) return false;
  frame = std::move(queue_.front());
  queue_.pop_front();
  frame.index = nextIndex_++;
  const int64_t unitIndex = frame.provenance.packetPosition;
  frame.provenance.file = info_.path;
  frame.provenance.packetPosition = -1;
  frame.provenance.rtp = true;
  frame.provenance.ssrc = stream_.ssrc;
  if (unitIndex >= 0 && unitIndex < static_cast<int64_t>(units_.size())) {
    const AccessUnit& unit = units_[static_cast<size_t>(unitIndex)];
    frame.provenance.firstSequence = unit.firstSequence;
    frame.provenance.lastSequence = unit.lastSequence;
    frame.provenance.firstPacketNumber = unit.firstPacket;
    frame.provenance.lastPacketNumber = unit.lastPacket;
  }
  if (info_.width == 0) {
    info_.width = frame.width;
    info_.height = frame.height;
  }
  return true;
}

}  // namespace camtrace
