#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace camtrace {

// What the stream signature names of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1): the profile as
// FFmpeg numbers it (profile_idc with its constrained/intra flags), level_idc and max_num_ref_frames.
// camtrace reads them from the packets itself, so that each picture is named after the SPS its own packet
// was decoded under, whatever the decoder's threads report (frame threads do not report the count).
struct H264Sequence {
  int profile = 0;
  int level = 0;
  int referenceFrames = 0;
};

// The last readable SPS among the NAL units of `data`: Annex-B with start codes (`lengthSize` 0), or NAL
// units each behind a big-endian length of `lengthSize` bytes (MP4's avcC layout). nullopt when there is
// none. Bounded by `data` whatever the bytes say.
std::optional<H264Sequence> h264Sequence(const uint8_t* data, size_t size, int lengthSize);

// The same for an avcC record (an MP4's H.264 extradata) or Annex-B extradata (MPEG-TS, raw streams).
// `lengthSize` is set to the avcC's NAL length size (0 for Annex-B).
std::optional<H264Sequence> h264SequenceInExtradata(const uint8_t* data, size_t size, int* lengthSize);

}  // namespace camtrace
