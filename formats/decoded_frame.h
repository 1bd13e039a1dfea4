#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "analyzers/gray_view.h"
#include "formats/shared_text.h"

namespace camtrace {

// Where a decoded frame came from, as precisely as the container tells.
struct FrameProvenance {
  SharedText file;              // the file the frame was decoded from (for stills: the image file)
  int stream = -1;              // stream index inside the container
  int64_t packetPosition = -1;  // byte offset of the frame's packet in `file`, -1 when unknown
  int packetSize = 0;
  SharedText segment;          // HLS: the segment's URI as the playlist wrote it; empty otherwise
  int64_t mediaSequence = -1;  // HLS: the segment's media sequence number
  bool discontinuity = false;  // HLS: the first frame of a segment after #EXT-X-DISCONTINUITY
  // HLS: the frame's time of day from #EXT-X-PROGRAM-DATE-TIME (seconds since 1970, UTC); NaN when none.
  double programDateTime = std::numeric_limits<double>::quiet_NaN();
  // RTP in a packet capture: the stream's SSRC, the RTP sequence numbers (extended, from the capture's
  // first packet of the stream) and the capture's packet numbers (1-based, as Wireshark counts) of the
  // packets that carried the picture.
  bool rtp = false;
  uint32_t ssrc = 0;
  int64_t firstSequence = -1;
  int64_t lastSequence = -1;
  int64_t firstPacketNumber = -1;
  int64_t lastPacketNumber = -1;
  // RTP over UDP in a packet capture: the picture's time of day (seconds since 1970, UTC), its RTP
  // timestamp mapped through the capture time of the stream's first picture; NaN when unknown.
  double captureTime = std::numeric_limits<double>::quiet_NaN();
};

// One decoded picture, reduced to what the analyzers need: the full-resolution luma plane (and, for the
// burned-in clock's colour key, the chroma planes as they came). Frames are
// streamed through the pipeline and dropped after analysis; only their signals are kept.
struct DecodedFrame {
  int64_t index = 0;  // 0-based position in presentation order within the capture
  double pts = std::numeric_limits<double>::quiet_NaN();  // seconds; NaN when the input has no timing
  bool keyframe = false;
  // Decoder-reported damage on this picture: AV_FRAME_FLAG_CORRUPT and FF_DECODE_ERROR_* bits.
  bool corruptFlag = false;
  int decodeErrorFlags = 0;
  // The picture predicts from a reference that was damaged or lost since the last clean keyframe, so its
  // pixels may carry smeared blocks even though the decoder reported nothing for it.
  bool referenceDamaged = false;
  // The input slot exists (a still file, a packet) but produced no picture at all.
  bool unreadable = false;
  std::string unreadableReason;
  int width = 0;
  int height = 0;
  // How the stream that carried this picture was encoded: codec, profile, level, coded size and pixel
  // format, e.g. "h264/High/3.0/1920x1080/yuv420p". Cameras of one model share it, so equal signatures
  // prove little; a different one inside a session is strong evidence of another source.
  SharedText streamSignature;
  // EXIF DateTimeOriginal (or DateTime) of a still, as the decoder found it: "YYYY:MM:DD HH:MM:SS".
  std::string exifDateTime;
  // Its zone, EXIF OffsetTimeOriginal (or OffsetTime) as written: "+01:00"; empty when not recorded.
  std::string exifOffset;
  std::vector<uint8_t> luma;  // width * height bytes, rows packed
  // Instead of `luma` where the reader was asked to lend the decoder's own picture
  // (CaptureOptions::borrowLuma): its luma plane, rows `lumaStride` bytes apart, kept alive by
  // `lumaOwner`. A 1080p picture copied out of the decoder cost 6% of an audit (bench/README.md).
  std::shared_ptr<const void> lumaOwner;
  const uint8_t* lumaData = nullptr;
  int lumaStride = 0;
  // The colour-difference planes (ChromaView) of a planar 8-bit YUV picture, lent with the luma (kept
  // alive by `lumaOwner`: cbData, crData) or copied beside it (`chroma`: Cb then Cr, rows packed); none for
  // other formats.
  // Only the burned-in clock reads them (a coloured clock over a pale grey scene:
  // analyzers/osd_colour_key.h).
  std::vector<uint8_t> chroma;
  const uint8_t* cbData = nullptr;
  const uint8_t* crData = nullptr;
  int cbStride = 0;
  int crStride = 0;
  int chromaWidth = 0;
  int chromaHeight = 0;
  // The picture in colour, 3 bytes a pixel (R, G, B), rows packed: only when the reader was asked to keep
  // colour (CaptureOptions::color; `extract` writes frames people look at), else empty.
  std::vector<uint8_t> rgb;
  FrameProvenance provenance;

  bool decodeDamaged() const { return corruptFlag || decodeErrorFlags != 0 || unreadable; }
  bool hasLuma() const { return !luma.empty() || lumaData != nullptr; }
  // The luma plane, wherever it lies.
  GrayView lumaView() const {
    if (!luma.empty()) return {luma.data(), width, height, width};
    return {lumaData, width, height, lumaStride};
  }
  ChromaView chromaView() const {
    if (!chroma.empty()) return packedChroma(chroma.data(), chromaWidth, chromaHeight);
    if (cbData == nullptr || crData == nullptr) return {};
    return {{cbData, chromaWidth, chromaHeight, cbStride}, {crData, chromaWidth, chromaHeight, crStride}};
  }
};

}  // namespace camtrace
