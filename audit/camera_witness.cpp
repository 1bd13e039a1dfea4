#include "camera_witness.h"

namespace camtrace {

WitnessRegistry& WitnessRegistry::instance() {
  static WitnessRegistry registry;
  return registry;
}

bool WitnessRegistry::add(std::string name, Factory factory) {
  return factories_.emplace(std::move(name), std::move(factory)).second;
}

std::vector<std::unique_ptr<CameraWitness>> WitnessRegistry::createAll(
    const std::vector<CameraSpec>& cameras) const {
  std::vector<std::unique_ptr<CameraWitness>> all;
  for (const auto& [name, factory] : factories_) all.push_back(factory(cameras));
  return all;
}

WitnessLearners learnersOf(const std::vector<std::unique_ptr<CameraWitness>>& witnesses) {
  WitnessLearners learners;
  for (const auto& witness : witnesses) learners.push_back(witness->learner());
  return learners;
}

WitnessReaders readersOf(const std::vector<std::unique_ptr<CameraWitness>>& witnesses, size_t claimed,
                         WitnessKind kind) {
  WitnessReaders readers;
  for (const auto& witness : witnesses)
    if (kind == WitnessKind::All || witness->decides() == (kind == WitnessKind::Deciding))
      readers.push_back(witness->reader(claimed));
  return readers;
}

}  // namespace camtrace
