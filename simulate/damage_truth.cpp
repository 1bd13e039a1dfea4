#include "damage_truth.h"

#include <cmath>
#include <map>

#include "formats/container_reader.h"

namespace camtrace::sim {

DamageTruth measureDamage(const std::string& damagedPath, const std::string& undamagedPath) {
  std::map<int64_t, std::vector<uint8_t>> clean;  // pts in microseconds -> luma
  {
    ContainerReader reader(undamagedPath);
    DecodedFrame frame;
    while (reader.next(frame)) clean[std::llround(frame.pts * 1e6)] = std::move(frame.luma);
  }
  DamageTruth truth;
  ContainerReader reader(damagedPath);
  DecodedFrame frame;
  while (reader.next(frame)) {
    auto twin = clean.find(std::llround(frame.pts * 1e6));
    if (twin == clean.end() || twin->second != frame.luma) truth.damaged.push_back(frame.index);
    ++truth.frames;
  }
  return truth;
}

}  // namespace camtrace::sim
