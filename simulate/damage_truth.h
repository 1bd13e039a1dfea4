#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace camtrace::sim {

struct DamageTruth {
  std::vector<int64_t> damaged;  // indexes of the pictures whose pixels differ from the undamaged decode
  // Per picture the damaged file decodes to, the index of the undamaged decode's picture of the same
  // timestamp (the nearest earlier one where it has none): which picture it shows, where damage made some
  // vanish.
  std::vector<int64_t> source;
};

// Ground truth for packet-loss damage, measured rather than assumed: both files hold the same encoded
// packets except where damage was applied, so identical decoders give identical pixels everywhere the
// damage did not reach. Pictures are paired by timestamp (damage can make a picture vanish); a damaged-file
// picture with no undamaged twin counts as damaged.
DamageTruth measureDamage(const std::string& damagedPath, const std::string& undamagedPath);

}  // namespace camtrace::sim
