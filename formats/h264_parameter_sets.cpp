#include "h264_parameter_sets.h"

#include <vector>

namespace camtrace {
namespace {

constexpr int kSpsType = 7;

// Reads bits of an RBSP (emulation-prevention bytes already removed); past the end it reads zeros and says
// so, so a hostile SPS ends a parse instead of reading past its buffer.
class BitReader {
 public:
  explicit BitReader(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}
  uint32_t bit() {
    if (position_ >= bytes_.size() * 8) {
      overrun_ = true;
      return 0;
    }
    const uint32_t b = (bytes_[position_ / 8] >> (7 - position_ % 8)) & 1u;
    ++position_;
    return b;
  }
  uint32_t bits(int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 1) | bit();
    return v;
  }
  // ue(v): Exp-Golomb; over 31 leading zeros is no valid value.
  uint32_t ue() {
    int zeros = 0;
    while (bit() == 0) {
      if (++zeros > 31 || overrun_) {
        overrun_ = true;
        return 0;
      }
    }
    return (zeros == 0 ? 0 : (uint32_t{1} << zeros) - 1 + bits(zeros));
  }
  int32_t se() {
    const uint32_t k = ue();
    return (k & 1u) ? static_cast<int32_t>((k + 1) / 2) : -static_cast<int32_t>(k / 2);
  }
  bool overrun() const { return overrun_; }

 private:
  const std::vector<uint8_t>& bytes_;
  size_t position_ = 0;
  bool overrun_ = false;
};

std::vector<uint8_t> rbspOf(const uint8_t* nal, size_t size) {
  std::vector<uint8_t> out;
  out.reserve(size);
  int zeros = 0;
  for (size_t i = 0; i < size; ++i) {
    if (zeros >= 2 && nal[i] == 3) {
      zeros = 0;
      continue;
    }
    zeros = nal[i] == 0 ? zeros + 1 : 0;
    out.push_back(nal[i]);
  }
  return out;
}

bool highProfile(uint32_t profile) {
  switch (profile) {
    case 100:
    case 110:
    case 122:
    case 244:
    case 44:
    case 83:
    case 86:
    case 118:
    case 128:
    case 138:
    case 139:
    case 134:
    case 135:
      return true;
    default:
      return false;
  }
}

// 7.3.2.1.1 up to max_num_ref_frames. `nal` starts at the NAL header byte.
std::optional<H264Sequence> spsSequence(const uint8_t* nal, size_t size) {
  const std::vector<uint8_t> rbsp = rbspOf(nal + 1, size - 1);
  BitReader r(rbsp);
  const uint32_t profile = r.bits(8);
  const uint32_t constraints = r.bits(8);
  H264Sequence sequence;
  sequence.level = static_cast<int>(r.bits(8));
  // FFmpeg's profile numbers (AV_PROFILE_H264_CONSTRAINED, _INTRA): constraint_set1 makes Baseline
  // Constrained Baseline, constraint_set3 makes the High 10/4:2:2/4:4:4 profiles their Intra ones.
  sequence.profile = static_cast<int>(profile);
  if (profile == 66 && (constraints & 0x40)) sequence.profile |= 1 << 9;
  if ((profile == 110 || profile == 122 || profile == 244) && (constraints & 0x10))
    sequence.profile |= 1 << 11;
  r.ue();  // seq_parameter_set_id
  if (highProfile(profile)) {
    const uint32_t chroma = r.ue();
    if (chroma == 3) r.bit();  // separate_colour_plane_flag
    r.ue();                    // bit_depth_luma_minus8
    r.ue();                    // bit_depth_chroma_minus8
    r.bit();                   // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {             // seq_scaling_matrix_present_flag
      for (int list = 0; list < (chroma == 3 ? 12 : 8) && !r.overrun(); ++list) {
        if (!r.bit()) continue;
        int last = 8, next = 8;
        for (int j = 0; j < (list < 6 ? 16 : 64) && next != 0; ++j) {
          next = (last + r.se() + 256) % 256;
          if (next != 0) last = next;
        }
      }
    }
  }
  r.ue();  // log2_max_frame_num_minus4
  const uint32_t pocType = r.ue();
  if (pocType == 0) {
    r.ue();  // log2_max_pic_order_cnt_lsb_minus4
  } else if (pocType == 1) {
    r.bit();  // delta_pic_order_always_zero_flag
    r.se();   // offset_for_non_ref_pic
    r.se();   // offset_for_top_to_bottom_field
    const uint32_t cycle = r.ue();
    if (cycle > 255) return std::nullopt;
    for (uint32_t i = 0; i < cycle; ++i) r.se();
  }
  const uint32_t refs = r.ue();
  if (r.overrun() || refs > 16) return std::nullopt;
  sequence.referenceFrames = static_cast<int>(refs);
  return sequence;
}

template <typename EachNal>
void forEachNal(const uint8_t* data, size_t size, int lengthSize, EachNal each) {
  if (lengthSize > 0) {
    for (size_t at = 0; at + static_cast<size_t>(lengthSize) <= size;) {
      size_t length = 0;
      for (int i = 0; i < lengthSize; ++i) length = (length << 8) | data[at + static_cast<size_t>(i)];
      at += static_cast<size_t>(lengthSize);
      if (length == 0 || length > size - at) return;
      each(data + at, length);
      at += length;
    }
    return;
  }
  // Annex B: NAL units between 00 00 01 start codes (a leading zero of 00 00 00 01 ends the one before).
  size_t start = 0;
  bool inNal = false;
  for (size_t i = 0; i + 2 < size; ++i) {
    if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
      if (inNal) {
        size_t end = i;
        while (end > start && data[end - 1] == 0) --end;
        if (end > start) each(data + start, end - start);
      }
      start = i + 3;
      inNal = true;
      i += 2;
    }
  }
  if (inNal && size > start) each(data + start, size - start);
}

}  // namespace

std::optional<H264Sequence> h264Sequence(const uint8_t* data, size_t size, int lengthSize) {
  std::optional<H264Sequence> found;
  if (data == nullptr) return found;
  forEachNal(data, size, lengthSize, [&found](const uint8_t* nal, size_t length) {
    if (length > 4 && (nal[0] & 0x1f) == kSpsType) {
      if (auto sequence = spsSequence(nal, length)) found = sequence;
    }
  });
  return found;
}

std::optional<H264Sequence> h264SequenceInExtradata(const uint8_t* data, size_t size, int* lengthSize) {
  *lengthSize = 0;
  if (data == nullptr || size < 7) return std::nullopt;
  if (data[0] != 1) return h264Sequence(data, size, 0);  // Annex-B extradata
  // avcC (ISO/IEC 14496-15 5.3.3.1): version, profile, compatibility, level, lengthSizeMinusOne, then the
  // SPS count and each SPS behind a 16-bit length.
  *lengthSize = (data[4] & 3) + 1;
  std::optional<H264Sequence> found;
  const int count = data[5] & 0x1f;
  size_t at = 6;
  for (int i = 0; i < count && at + 2 <= size; ++i) {
    const size_t length = (size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    if (length > size - at) break;
    if (length > 4 && (data[at] & 0x1f) == kSpsType) {
      if (auto sequence = spsSequence(data + at, length)) found = sequence;
    }
    at += length;
  }
  return found;
}

}  // namespace camtrace
