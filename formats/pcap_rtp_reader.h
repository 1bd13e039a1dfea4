#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pcap/pcap.h>

#include <memory>

#include "capture_reader.h"
#include "ffmpeg_handles.h"
#include "frame_decoder.h"
#include "rtp_h264_depacketizer.h"
#include "rtp_h265_depacketizer.h"
#include "rtp_jpeg_depacketizer.h"

namespace camtrace {

// One RTP stream found in a packet capture.
struct RtpStreamSummary {
  uint32_t ssrc = 0;
  std::string source;
  std::string destination;
  int payloadType = -1;
  std::string codec;  // "h264" or "h265", or "" when camtrace cannot tell or cannot decode it
  int64_t packets = 0;
  int64_t lost = 0;  // sequence numbers never seen between the first and last
  int64_t duplicates = 0;
  int64_t reordered = 0;       // packets that arrived after a later sequence number
  int64_t timestampJumps = 0;  // RTP timestamp steps of more than 10 s, or backwards
  bool tcp = false;            // interleaved in an RTSP connection rather than sent over UDP
  std::string capture;         // "FILE#ssrc=0x..." as a manifest names it
};

// Lists the RTP streams of a pcap or pcapng file (libpcap; Ethernet, Linux SLL/SLL2, loopback, raw IP;
// IPv4/IPv6 over UDP). Throws MediaError naming the file when it is not a readable capture.
std::vector<RtpStreamSummary> scanRtpStreams(const std::string& path, const RtpMap& rtpMap = {});

// Whether a file starts with a pcap or pcapng magic number.
bool looksLikePacketCapture(const std::string& path);

// Splits "file.pcapng#ssrc=0x1a2b3c4d" into the file and the SSRC.
struct PacketCaptureName {
  std::string file;
  std::optional<uint32_t> ssrc;
};
std::optional<PacketCaptureName> parsePacketCaptureName(const std::string& name);

// One RTP video stream of a packet capture, depacketized (H.264, RFC 6184; H.265, RFC 7798), reordered by
// sequence number, and decoded. Loss, duplicates, reordering and timestamp jumps are counted and reported;
// pictures from access units with lost packets are flagged corrupt. Without an SSRC the capture must hold
// exactly one video stream.
class PcapRtpReader : public CaptureReader {
 public:
  PcapRtpReader(const std::string& name, const RtpMap& rtpMap = {});
  bool next(DecodedFrame& frame) override;
  const CaptureInfo& info() const override { return info_; }
  std::vector<std::string> warnings() const override { return warnings_; }
  std::vector<std::string> unreadParts() const override { return unread_; }
  void keepColor(bool on) override {
    color_ = on;
    if (decoder_) decoder_->keepColor(on);
  }
  void borrowLuma(bool on) override {
    borrow_ = on;
    if (decoder_) decoder_->borrowLuma(on);
  }
  const RtpStreamSummary& stream() const { return stream_; }

 private:
  struct Raw {
    int64_t number, sequence, timestamp;
    bool marker;
    std::vector<uint8_t> payload;
    // Capture time, seconds since 1970: of the UDP datagram, or of the TCP segment that brought the
    // interleaved packet's first byte.
    double time = std::numeric_limits<double>::quiet_NaN();
  };
  struct UnitInfo {         // what provenance needs of an access unit, kept after its bytes are decoded
    int64_t timestamp = 0;  // unwrapped, 90 kHz
    int64_t firstSequence = 0, lastSequence = 0;
    int64_t firstPacket = 0, lastPacket = 0;
    double firstTime = std::numeric_limits<double>::quiet_NaN();  // earliest capture time of its packets
  };
  struct AccessUnit {
    std::vector<uint8_t> bytes;
    bool damaged = false;
    size_t info = 0;  // index into units_
  };
  void pump();
  bool readPacket();          // one more packet of the stream into the jitter buffer; false at the end
  void consume(Raw& packet);  // the next packet in sequence order, into the access unit being built
  void closeUnit();

  CaptureInfo info_;
  SharedText sharedPath_;  // info_.path, once for every frame's provenance
  RtpStreamSummary stream_;
  std::string file_;
  bool hevc_ = false, jpeg_ = false;
  // Streaming input: packets are read as needed and reordered in a bounded jitter buffer, so memory does
  // not grow with the length of the capture (RTSP/TCP streams are reassembled up front instead).
  ffmpeg::UniquePcap pcap_;
  int link_ = 0;
  int64_t packetNumber_ = 0;
  bool inputDone_ = false;
  std::map<int64_t, Raw> jitter_;
  int64_t lastConsumed_ = INT64_MIN;
  int64_t lastArrival_ = 0;
  bool haveArrival_ = false;
  int64_t lastTimestamp_ = 0;
  bool haveTimestamp_ = false;
  RtpH264Depacketizer h264_;
  RtpH265Depacketizer h265_;
  RtpJpegDepacketizer jpegUnits_;
  bool unitOpen_ = false;
  AccessUnit building_;
  UnitInfo buildingInfo_;
  std::deque<AccessUnit> ready_;
  std::vector<UnitInfo> units_;
  std::optional<FrameDecoder> decoder_;
  std::deque<DecodedFrame> queue_;
  bool flushed_ = false;
  int64_t nextIndex_ = 0;
  std::vector<std::string> warnings_;
  std::vector<std::string> unread_;
};

}  // namespace camtrace
