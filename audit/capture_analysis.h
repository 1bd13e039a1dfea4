#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/pdq_hasher.h"
#include "audit/clock_reading.h"
#include "audit/frame_time.h"
#include "formats/capture_reader.h"

namespace camtrace {

// What camtrace keeps of one decoded frame: its place, its decode state and its signals (904 bytes, and a
// few small strings on the heap), never its pixels.
struct FrameRecord {
  int64_t index = 0;
  double pts = 0;
  bool hasPts = false;
  bool keyframe = false;
  bool decodeDamaged = false;     // the decoder flagged this picture, or it did not decode at all
  bool referenceDamaged = false;  // predicted from a damaged reference
  bool unreadable = false;
  FrameProvenance provenance;
  SharedText streamSignature;  // see DecodedFrame
  FrameSignals signals;
  // What the camera witnesses (audit/camera_witness.h) read on the frame. Sensor noise: correlation with
  // the fingerprints of the case's cameras that have one of this frame's size (camera position in the case,
  // rho); see analyzers/sensor_noise.h.
  std::vector<std::pair<uint16_t, float>> noise;
  // Burned-in clock: the glyph names of the claimed camera's clock cells while the capture is decoded, one
  // set per way of reading them, way after way in one buffer (analyzers/osd_clock's osdReadingLayouts;
  // none when it has no clock line), then the clock they show, set against the session's
  // (audit/osd_evidence).
  std::vector<uint8_t> osdNames;
  OsdFrameClock clock;
  FrameTime time;  // its time of day, from what the capture holds (audit/frame_time.h)
  // With `audit --pdq`: the frame's PDQ as ThreatExchange computes it (analyzers/pdq_hasher's
  // computeInteroperablePdq), for frames.jsonl; the audit's own decisions use `signals.pdq`. A pointer, so
  // that the records of audits without --pdq (nearly all) carry 16 bytes for it, not 56.
  std::shared_ptr<const PdqResult> interoperablePdq;
  // Where the step from the capture's previous picture to this one is a cut: how either sits in the other
  // as a closer view of it (audit/view_chains.h, witnessCut). Null on every other frame.
  std::shared_ptr<const CutZoom> cutZoom;
};

struct CaptureAnalysis {
  CaptureInfo info;
  std::vector<FrameRecord> frames;
  std::vector<std::string> warnings;  // damage the evidence carries (CaptureReader::warnings)
  std::vector<std::string> unread;    // parts that could not be read (CaptureReader::unreadParts)
};

using FrameProgress = std::function<void(int64_t framesDone)>;
// Sees each decoded picture (pixels included) before it is dropped, with the record made of it.
using FrameHook = std::function<void(const DecodedFrame& frame, FrameRecord& record)>;

// Decodes a capture and runs every analyzer on each frame as it streams by. Throws MediaError only when
// the capture cannot be opened; damage inside it ends up on the records and in `warnings`, parts it could
// not read in `unread`. `helpers` threads run the analyzers while this one calls the hook in decode order
// (the hook runs before the frame's analyzers and must not read its signals) and, with helpers, one more
// thread decodes a few pictures ahead; the records are the same for any number of helpers. With helpers, a
// container or elementary stream is also decoded on as many threads as the capture has (FFmpeg's frame
// threads) where the caller can start over: `restart` forgets what the hook was shown, and is called when the
// stream turns out damaged, before the capture is read again on one decoder thread (a damaged stream's
// pictures may depend on the decoder's threads; a clean one's do not). Without `restart` and with a hook,
// decoding stays on one thread. With `witnessCuts`, each cut's closer-view witness is kept on the record
// after it (FrameRecord::cutZoom): for a session's captures, where the origin classifier reads it.
CaptureAnalysis analyzeCapture(const std::string& path,
                               const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                               const FrameProgress& progress = nullptr, const CaptureOptions& options = {},
                               const FrameHook& hook = nullptr, int helpers = 0,
                               const std::function<void()>& restart = nullptr, bool witnessCuts = false);

}  // namespace camtrace
