#include "damage_truth.h"

#include <cmath>
#include <iterator>
#include <map>

#include "formats/container_reader.h"

namespace camtrace::sim {

DamageTruth measureDamage(const std::string& damagedPath, const std::string& undamagedPath) {
  std::map<int64_t, std::pair<int64_t, std::vector<uint8_t>>> clean;  // pts in microseconds -> index, luma
  {
    ContainerReader reader(undamagedPath);
    DecodedFrame frame;
    while (reader.next(frame)) clean[std::llround(frame.pts * 1e6)] = {frame.index, std::move(frame.luma)};
  }
  DamageTruth truth;
  ContainerReader reader(damagedPath);
  DecodedFrame frame;
  while (reader.next(frame)) {
    const int64_t pts = std::llround(frame.pts * 1e6);
    auto twin = clean.find(pts);
    if (twin == clean.end() || twin->second.second != frame.luma) truth.damaged.push_back(frame.index);
    auto atOrBefore = clean.upper_bound(pts);
    truth.source.push_back(atOrBefore == clean.begin() ? 0 : std::prev(atOrBefore)->second.first);
  }
  return truth;
}

}  // namespace camtrace::sim
