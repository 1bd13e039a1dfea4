#include "pcap_rtp_reader.h"

#include "evidence_files.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string_view>
#include <tuple>

#include "media_error.h"
#include "rtp_h264_depacketizer.h"
#include "rtp_h265_depacketizer.h"
#include "rtp_jpeg_depacketizer.h"
#include "rtp_packet.h"
#include "rtsp_interleaved.h"

namespace camtrace {
namespace {

using rtp::readInterleaved;
using rtp::TcpDirection;
using rtp::Unwrapper;

constexpr int64_t kClock = 90000;          // RTP video clock (RFC 6184 section 8.2.1)
constexpr int64_t kJump = 10 * kClock;     // a timestamp step this large is a jump, not a frame
constexpr int64_t kMinStreamPackets = 10;  // fewer packets are not a video stream worth listing

constexpr size_t kJitterPackets = 1024;  // packets held back for reordering before the oldest is used

// Calls f(packetNumber, transport, rtp) for every RTP packet in the capture: over UDP in capture order,
// then interleaved in RTSP/TCP connections; fills `sdp` with what RTSP announced. A capture cut short (the
// last record incomplete) yields what it holds and returns the reason; an unreadable one throws.
template <class F>
std::string forEachRtp(const std::string& path, F f, RtpMap* sdp = nullptr) {
  requireRegularFile(path);
  char error[PCAP_ERRBUF_SIZE] = {0};
  ffmpeg::UniquePcap pcap(pcap_open_offline(path.c_str(), error));
  if (!pcap) throw MediaError(path, std::string("not a readable packet capture: ") + error);
  const int link = pcap_datalink(pcap.get());
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int64_t number = 0;
  int rc;
  std::map<std::pair<std::string, std::string>, TcpDirection> tcp;
  while ((rc = pcap_next_ex(pcap.get(), &header, &data)) == 1) {
    ++number;
    auto transport = parseTransport(link, data, header->caplen);
    if (!transport) continue;
    transport->time = static_cast<double>(header->ts.tv_sec) + header->ts.tv_usec / 1e6;
    if (transport->tcp) {
      auto& direction = tcp[{transport->source, transport->destination}];
      direction.source = transport->source;
      direction.destination = transport->destination;
      direction.add(*transport, number);
      continue;
    }
    auto rtp = parseRtp(transport->payload, transport->size);
    if (rtp) f(number, *transport, *rtp);
  }
  std::string truncated;
  if (rc == PCAP_ERROR) {
    truncated = std::string("packet capture is truncated or damaged after packet ") + std::to_string(number) +
                ": " + pcap_geterr(pcap.get());
    if (number == 0) throw MediaError(path, truncated);
  }
  RtpMap announced;
  for (const auto& [key, direction] : tcp) readInterleaved(direction, announced, f);
  if (sdp != nullptr) *sdp = announced;
  return truncated;
}

using FlowKey = std::tuple<uint32_t, std::string, std::string>;

struct FlowStats {
  RtpStreamSummary summary;
  Unwrapper sequence, timestamp;
  // The last extended sequence number seen in each of the 65536 slots of the 16-bit space: duplicates are
  // found within a full cycle of sequence numbers in constant memory, however long the capture.
  std::vector<int64_t> seen = std::vector<int64_t>(65536, INT64_MIN);
  int64_t unique = 0;
  int64_t highest = INT64_MIN, lowest = INT64_MAX;
  int64_t plausibleH264 = 0;
  int64_t plausibleH265 = 0;
  int64_t lastTimestamp = 0;
  bool haveTimestamp = false;

  void add(const RtpPacket& rtp) {
    ++summary.packets;
    summary.payloadType = rtp.payloadType;
    const int64_t ext = sequence.extend16(rtp.sequence);
    int64_t& slot = seen[static_cast<size_t>(ext & 0xffff)];
    const bool duplicate = slot == ext;
    slot = ext;
    unique += !duplicate;
    if (duplicate) {
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
    summary.lost = highest >= lowest ? std::max<int64_t>(0, (highest - lowest + 1) - unique) : 0;
    auto mapped = map.find(summary.payloadType);
    if (mapped != map.end()) {
      summary.codec = mapped->second;
    } else if (summary.payloadType == 26) {  // the static payload type of JPEG (RFC 3551)
      summary.codec = "jpeg";
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

std::map<FlowKey, FlowStats> scanFlows(const std::string& path, const RtpMap& given) {
  std::map<FlowKey, FlowStats> flows;
  RtpMap map;
  forEachRtp(
      path,
      [&](int64_t, const TransportPayload& udp, const RtpPacket& rtp) {
        auto& flow = flows[{rtp.ssrc, udp.source, udp.destination}];
        flow.summary.ssrc = rtp.ssrc;
        flow.summary.source = udp.source;
        flow.summary.destination = udp.destination;
        flow.summary.tcp = udp.tcp;
        flow.add(rtp);
      },
      &map);
  for (const auto& [pt, codec] : given) map[pt] = codec;  // what the user says beats what the SDP said
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
  if (!std::filesystem::is_regular_file(out.file, ec) || !looksLikePacketCapture(out.file))
    return std::nullopt;
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
    const bool video =
        flow.summary.codec == "h264" || flow.summary.codec == "h265" || flow.summary.codec == "jpeg";
    if (video) choices += " " + flow.summary.capture;
    if (parsed->ssrc ? flow.summary.ssrc == *parsed->ssrc : video) {
      if (!parsed->ssrc && chosen != nullptr) {
        throw MediaError(name, "holds several video RTP streams; name one:" + choices);
      }
      if (chosen == nullptr || flow.summary.packets > chosen->summary.packets) chosen = &flow;
    }
  }
  if (chosen == nullptr) {
    throw MediaError(name,
                     parsed->ssrc ? "no RTP stream with that SSRC" : "no H.264 or H.265 RTP stream found");
  }
  stream_ = chosen->summary;
  const bool hevc = stream_.codec == "h265", jpeg = stream_.codec == "jpeg";
  if (stream_.codec != "h264" && !hevc && !jpeg) {
    throw MediaError(name, "RTP payload type " + std::to_string(stream_.payloadType) +
                               " is not a codec camtrace depacketizes (H.264, H.265, JPEG)");
  }
  info_.codec = stream_.codec;

  file_ = parsed->file;
  hevc_ = hevc;
  jpeg_ = jpeg;
  if (stream_.tcp) {
    // Interleaved in RTSP: the connection is reassembled as a whole, then its packets are reordered.
    Unwrapper sequence, timestamp;
    const std::string truncated =
        forEachRtp(file_, [&](int64_t number, const TransportPayload& t, const RtpPacket& rtp) {
          if (rtp.ssrc != stream_.ssrc || t.source != stream_.source || t.destination != stream_.destination)
            return;
          const int64_t ext = sequence.extend16(rtp.sequence);
          jitter_.emplace(ext, Raw{number, ext, timestamp.extend32(rtp.timestamp), rtp.marker,
                                   std::vector<uint8_t>(rtp.payload, rtp.payload + rtp.size), t.time});
        });
    if (!truncated.empty()) unread_.push_back(truncated);
    inputDone_ = true;
  } else {
    requireRegularFile(file_);
    char error[PCAP_ERRBUF_SIZE] = {0};
    pcap_.reset(pcap_open_offline(file_.c_str(), error));
    if (!pcap_) throw MediaError(name, std::string("not a readable packet capture: ") + error);
    link_ = pcap_datalink(pcap_.get());
  }

  ffmpeg::UniqueAVCodecParameters parameters(avcodec_parameters_alloc());
  if (!parameters) throw std::bad_alloc();
  parameters->codec_type = AVMEDIA_TYPE_VIDEO;
  parameters->codec_id = hevc ? AV_CODEC_ID_HEVC : jpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_H264;
  decoder_.emplace(parameters.get(), AVRational{1, static_cast<int>(kClock)}, name, 0);
  decoder_->keepColor(color_);
  decoder_->borrowLuma(borrow_);
  if (stream_.lost || stream_.duplicates || stream_.reordered || stream_.timestampJumps) {
    warnings_.push_back("RTP stream " + stream_.capture.substr(stream_.capture.rfind('#') + 1) + ": " +
                        std::to_string(stream_.lost) + " packet(s) lost, " +
                        std::to_string(stream_.duplicates) + " duplicate(s), " +
                        std::to_string(stream_.reordered) + " reordered, " +
                        std::to_string(stream_.timestampJumps) + " timestamp jump(s)");
  }
}

bool PcapRtpReader::readPacket() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  for (;;) {
    const int rc = pcap_next_ex(pcap_.get(), &header, &data);
    if (rc != 1) {
      if (rc == PCAP_ERROR) {
        unread_.push_back("packet capture is truncated or damaged after packet " +
                          std::to_string(packetNumber_) + ": " + pcap_geterr(pcap_.get()));
      }
      return false;
    }
    ++packetNumber_;
    auto t = parseTransport(link_, data, header->caplen);
    if (!t || t->tcp) continue;
    auto rtp = parseRtp(t->payload, t->size);
    if (!rtp || rtp->ssrc != stream_.ssrc || t->source != stream_.source ||
        t->destination != stream_.destination)
      continue;
    // Extend the 16-bit sequence number and the 32-bit timestamp against the previous arrival.
    const int64_t sequence = haveArrival_
                                 ? lastArrival_ + static_cast<int16_t>(static_cast<uint16_t>(
                                                      rtp->sequence - static_cast<uint16_t>(lastArrival_)))
                                 : rtp->sequence;
    const int64_t timestamp =
        haveTimestamp_
            ? lastTimestamp_ + static_cast<int32_t>(rtp->timestamp - static_cast<uint32_t>(lastTimestamp_))
            : rtp->timestamp;
    lastArrival_ = sequence;
    lastTimestamp_ = timestamp;
    haveArrival_ = haveTimestamp_ = true;
    if (sequence <= lastConsumed_) continue;  // a duplicate, or too late: already given up as lost
    jitter_.emplace(sequence, Raw{packetNumber_, sequence, timestamp, rtp->marker,
                                  std::vector<uint8_t>(rtp->payload, rtp->payload + rtp->size),
                                  static_cast<double>(header->ts.tv_sec) + header->ts.tv_usec / 1e6});
    return true;
  }
}

void PcapRtpReader::closeUnit() {
  if (!unitOpen_) return;
  unitOpen_ = false;
  bool damaged = false;
  building_.bytes = hevc_ ? h265_.take(damaged) : jpeg_ ? jpegUnits_.take(damaged) : h264_.take(damaged);
  building_.damaged = building_.damaged || damaged;
  if (!building_.bytes.empty()) {
    building_.info = units_.size();
    units_.push_back(buildingInfo_);
    ready_.push_back(std::move(building_));
  }
  building_ = AccessUnit{};
}

void PcapRtpReader::consume(Raw& p) {
  const bool gap = lastConsumed_ != INT64_MIN && p.sequence != lastConsumed_ + 1;
  lastConsumed_ = p.sequence;
  if (unitOpen_ && p.timestamp != buildingInfo_.timestamp) closeUnit();
  if (!unitOpen_) {
    unitOpen_ = true;
    buildingInfo_ = UnitInfo{p.timestamp, p.sequence, p.sequence, p.number, p.number, p.time};
    building_.damaged = gap;  // whatever was lost just before may be this picture's reference
  }
  const bool lostInside = gap && buildingInfo_.firstSequence != p.sequence;
  if (hevc_) {
    h265_.push(p.payload.data(), p.payload.size(), lostInside);
  } else if (jpeg_) {
    jpegUnits_.push(p.payload.data(), p.payload.size(), lostInside);
  } else {
    h264_.push(p.payload.data(), p.payload.size(), lostInside);
  }
  buildingInfo_.lastSequence = p.sequence;
  buildingInfo_.lastPacket = std::max(buildingInfo_.lastPacket, p.number);
  buildingInfo_.firstPacket = std::min(buildingInfo_.firstPacket, p.number);
  if (!(buildingInfo_.firstTime <= p.time)) buildingInfo_.firstTime = p.time;  // NaN never stays first
  if (p.marker) closeUnit();
}

void PcapRtpReader::pump() {
  auto packet = ffmpeg::makePacket();
  while (queue_.empty() && !flushed_) {
    if (!ready_.empty()) {
      AccessUnit unit = std::move(ready_.front());
      ready_.pop_front();
      if (av_new_packet(packet.get(), static_cast<int>(unit.bytes.size())) < 0) throw std::bad_alloc();
      std::memcpy(packet->data, unit.bytes.data(), unit.bytes.size());
      packet->pts = units_[unit.info].timestamp - units_.front().timestamp;
      packet->pos = static_cast<int64_t>(unit.info);
      if (unit.damaged) {
        decoder_->sendDamaged(packet.get(), queue_);
      } else {
        decoder_->send(packet.get(), queue_);
      }
      av_packet_unref(packet.get());
      continue;
    }
    if (!inputDone_ && jitter_.size() <= kJitterPackets) {
      if (!readPacket()) inputDone_ = true;
      continue;
    }
    if (!jitter_.empty()) {
      auto node = jitter_.extract(jitter_.begin());
      consume(node.mapped());
      continue;
    }
    if (unitOpen_) {
      closeUnit();
      continue;
    }
    decoder_->send(nullptr, queue_);
    flushed_ = true;
  }
}

bool PcapRtpReader::next(DecodedFrame& frame) {
  pump();
  if (queue_.empty()) return false;
  frame = std::move(queue_.front());
  queue_.pop_front();
  frame.index = nextIndex_++;
  const int64_t unitIndex = frame.provenance.packetPosition;
  sharedPath_.share(info_.path);
  frame.provenance.file = sharedPath_;
  frame.provenance.packetPosition = -1;
  frame.provenance.rtp = true;
  frame.provenance.ssrc = stream_.ssrc;
  if (unitIndex >= 0 && unitIndex < static_cast<int64_t>(units_.size())) {
    const UnitInfo& unit = units_[static_cast<size_t>(unitIndex)];
    frame.provenance.firstSequence = unit.firstSequence;
    frame.provenance.lastSequence = unit.lastSequence;
    frame.provenance.firstPacketNumber = unit.firstPacket;
    frame.provenance.lastPacketNumber = unit.lastPacket;
  }
  // The RTP clock between pictures, the capture's clock for where it starts: arrival jitter stays out.
  if (!units_.empty() && !std::isnan(frame.pts))
    frame.provenance.captureTime = units_.front().firstTime + frame.pts;
  if (info_.width == 0) {
    info_.width = frame.width;
    info_.height = frame.height;
  }
  return true;
}

}  // namespace camtrace
