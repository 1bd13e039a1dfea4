// camtrace-pdq: each decoded frame's PDQ as ThreatExchange computes it, one line per frame in vPDQ's
// layout (`frame_number,quality,pdq_hex,seconds`), for bench/pdq_reference.sh to hold against vPDQ's own
// output. Decodes with camtrace's one decode path, in colour.
//   camtrace-pdq CAPTURE

#include <cstdio>
#include <exception>

#include "analyzers/pdq_hasher.h"
#include "formats/capture_reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: camtrace-pdq CAPTURE\n");
    return 2;
  }
  try {
    camtrace::CaptureOptions options;
    options.color = true;
    auto reader = camtrace::openCapture(argv[1], options);
    camtrace::DecodedFrame frame;
    while (reader->next(frame)) {
      if (frame.unreadable || frame.rgb.empty()) continue;
      const auto pdq = camtrace::computeInteroperablePdq(frame.rgb.data(), frame.width, frame.height);
      std::printf("%lld,%d,%s,%.3f\n", static_cast<long long>(frame.index), pdq.quality,
                  pdq.hash.hex().c_str(), frame.pts);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "camtrace-pdq: %s\n", e.what());
    return 2;
  }
  return 0;
}
