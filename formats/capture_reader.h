#pragma once
// Reader contract (every capture form implements it):
//   openCapture(path) -> next(frame) until it returns false -> warnings(), unreadParts()
// next() yields decoded pictures in presentation order with provenance. Damage inside the stream is
// reported on the frames (flags) and in warnings(); parts of the input that could not be read at all in
// unreadParts(); neither is thrown. Only an input that cannot be opened at all throws MediaError, naming
// the input.

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decoded_frame.h"

namespace camtrace {

struct CaptureInfo {
  std::string path;
  std::string container;  // FFmpeg demuxer name, or "stills"
  std::string codec;
  int width = 0;
  int height = 0;
  double frameRate = 0;  // nominal, 0 when unknown
  double duration = 0;   // seconds, 0 when unknown
  // The container's creation_time (seconds since 1970, UTC): when the recording began, as the muxer wrote
  // it; NaN when absent or unreadable.
  double creationTime = std::numeric_limits<double>::quiet_NaN();
};

// Notes of one kind from one input: the first kKept are kept and the rest counted, so that a hostile input
// of a million broken parts costs neither memory nor a findings.json of a million lines.
class CappedNotes {
 public:
  static constexpr size_t kKept = 20;
  void add(std::string note) {
    if (kept_.size() < kKept) {
      kept_.push_back(std::move(note));
    } else {
      ++dropped_;
    }
  }
  std::vector<std::string> list() const {
    std::vector<std::string> out = kept_;
    if (dropped_ > 0)
      out.push_back("... and " + std::to_string(dropped_) + " more like these (" +
                    std::to_string(dropped_ + kKept) + " in all)");
    return out;
  }

 private:
  std::vector<std::string> kept_;
  size_t dropped_ = 0;
};

class CaptureReader {
 public:
  virtual ~CaptureReader() = default;
  virtual bool next(DecodedFrame& frame) = 0;
  virtual const CaptureInfo& info() const = 0;
  // Damage the evidence carries, read whole (packet loss, packets the demuxer marked corrupt, timestamp
  // jumps, packets the decoder rejected): the pictures it touched come out damaged.
  virtual std::vector<std::string> warnings() const = 0;
  // Parts of the input that could not be read (a truncated file, an unreadable still, a missing segment):
  // what was audited of it is partial.
  virtual std::vector<std::string> unreadParts() const = 0;
  // Decode each picture in colour too (DecodedFrame::rgb), for frames written out as pictures.
  virtual void keepColor(bool on) { color_ = on; }
  // Lend decoded pictures' luma planes instead of copying them out (DecodedFrame::lumaView), where the
  // reader decodes video; stills fill DecodedFrame::luma as always.
  virtual void borrowLuma(bool on) { borrow_ = on; }
  // Read to the end with several decoder threads (CaptureOptions::decodeThreads) and found damaged: the
  // pictures may differ from a single-threaded decode, and must be read again with one thread.
  virtual bool threadedDecodeDamaged() const { return false; }

 protected:
  bool color_ = false;
  bool borrow_ = false;
};

// Payload types with their codec ("h264", "h265"), for RTP streams that no SDP in the capture describes.
using RtpMap = std::map<int, std::string>;

struct CaptureOptions {
  RtpMap rtpMap;
  bool color = false;       // see CaptureReader::keepColor
  bool borrowLuma = false;  // see CaptureReader::borrowLuma
  // Decoder threads for a container or elementary stream (FFmpeg's frame threads, see FrameDecoder and
  // CaptureReader::threadedDecodeDamaged) and for a folder of stills (stills decoded ahead); other captures
  // decode on one.
  int decodeThreads = 1;
};

// Opens a capture: a container or elementary-stream file FFmpeg can demux, a folder of JPEG/PNG stills or a
// glob of them ("thumbs/cam-A_*.jpg"), an HLS playlist, or an RTP stream in a packet capture.
std::unique_ptr<CaptureReader> openCapture(const std::string& path, const CaptureOptions& options = {});

}  // namespace camtrace
