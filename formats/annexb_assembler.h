#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace camtrace {

// Builds one Annex-B access unit from NAL units and fragmented NAL units, remembering whether anything
// was lost on the way. Shared by the RTP depacketizers: what differs between RFC 6184 and RFC 7798 is how
// payloads name their NAL units, not how an access unit is put together.
class AnnexBAssembler {
 public:
  void appendNal(const uint8_t* nal, size_t size) {
    static const uint8_t kStartCode[] = {0, 0, 0, 1};
    accessUnit_.insert(accessUnit_.end(), kStartCode, kStartCode + 4);
    accessUnit_.insert(accessUnit_.end(), nal, nal + size);
  }
  // A fragmented NAL unit: its rebuilt header, then pieces, then the end.
  void startFragment(const uint8_t* header, size_t size) {
    dropFragment();
    fragment_.assign(header, header + size);
    inFragment_ = true;
  }
  bool inFragment() const { return inFragment_; }
  void continueFragment(const uint8_t* data, size_t size) {
    fragment_.insert(fragment_.end(), data, data + size);
  }
  void endFragment() {
    appendNal(fragment_.data(), fragment_.size());
    fragment_.clear();
    inFragment_ = false;
  }
  // A fragment whose end never came is incomplete: dropped, and the access unit marked damaged.
  void dropFragment() {
    if (inFragment_) damaged_ = true;
    fragment_.clear();
    inFragment_ = false;
  }
  void markDamaged() { damaged_ = true; }
  // The access unit so far and whether it is damaged; resets for the next one.
  std::vector<uint8_t> take(bool& damaged) {
    dropFragment();
    damaged = damaged_;
    damaged_ = false;
    std::vector<uint8_t> out;
    out.swap(accessUnit_);
    return out;
  }

 private:
  std::vector<uint8_t> accessUnit_;
  std::vector<uint8_t> fragment_;
  bool inFragment_ = false;
  bool damaged_ = false;
};

}  // namespace camtrace
