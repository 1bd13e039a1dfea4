// libFuzzer target: link-layer frames through the UDP/IP parser, RTP parser and H.264 depacketizer.
#include <cstddef>
#include <cstdint>

#include "formats/rtp_h264_depacketizer.h"
#include "formats/rtp_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static camtrace::RtpH264Depacketizer depacketizer;
  for (int link : {0, 1, 12, 113, 276}) {
    if (auto udp = camtrace::parseTransport(link, data, size)) {
      if (auto rtp = camtrace::parseRtp(udp->payload, udp->size))
        depacketizer.push(rtp->payload, rtp->size, false);
    }
  }
  if (auto rtp = camtrace::parseRtp(data, size)) depacketizer.push(rtp->payload, rtp->size, size % 7 == 0);
  bool damaged = false;
  if (size % 3 == 0) depacketizer.take(damaged);
  return 0;
}
