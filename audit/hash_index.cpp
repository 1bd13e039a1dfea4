#include "hash_index.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace camtrace {
namespace {

// Every mask of `bits` bits with exactly k of them set, for probing substrings at radius k (k <= 5: the
// search never needs more, 13 * 6 - 1 = 77 bits being past any useful radius).
const std::vector<uint32_t>& masksWithBits(int bits, int k) {
  static const auto masks = [] {
    std::array<std::array<std::vector<uint32_t>, 6>, 21> m;
    for (int width : {16, 20}) {
      for (uint32_t v = 0; v < (1u << width); ++v) {
        const int set = std::popcount(v);
        if (set <= 5) m[static_cast<size_t>(width)][static_cast<size_t>(set)].push_back(v);
      }
    }
    return m;
  }();
  return masks[static_cast<size_t>(bits)][static_cast<size_t>(k)];
}

std::vector<HashIndex::Hit> topLabels(const std::map<uint32_t, int>& best, size_t count) {
  std::vector<HashIndex::Hit> hits;
  hits.reserve(best.size());
  for (const auto& [label, distance] : best) hits.push_back({label, distance});
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.label < b.label;
  });
  if (hits.size() > count) hits.resize(count);
  return hits;
}

}  // namespace

void HashIndex::add(const Hash256& hash, uint32_t label) {
  if (frozen_) throw std::logic_error("HashIndex::add after freeze");
  hashes_.push_back(hash);
  labels_.push_back(label);
}

void HashIndex::freeze() {
  for (int t = 0; t < kTables; ++t) {
    auto& offsets = offsets_[static_cast<size_t>(t)];
    auto& ids = ids_[static_cast<size_t>(t)];
    offsets.assign((size_t{1} << chunkBits(t)) + 1, 0);
    for (const auto& h : hashes_) ++offsets[chunk(h, t) + 1u];
    for (size_t v = 1; v < offsets.size(); ++v) offsets[v] += offsets[v - 1];
    ids.resize(hashes_.size());
    std::vector<uint32_t> cursor(offsets.begin(), offsets.end() - 1);
    for (uint32_t i = 0; i < hashes_.size(); ++i) ids[cursor[chunk(hashes_[i], t)]++] = i;
  }
  frozen_ = true;
}

std::vector<HashIndex::Hit> HashIndex::nearestLabels(const Hash256& query, size_t count, int maxDistance,
                                                     int slack) const {
  if (!frozen_) throw std::logic_error("HashIndex::nearestLabels before freeze");
  std::map<uint32_t, int> best;  // label -> nearest distance found
  // An item found in several tables is simply measured again: four popcounts cost less than remembering
  // which items were seen.
  for (int radius = 0; radius <= 5; ++radius) {
    for (int t = 0; t < kTables; ++t) {
      const uint32_t q = chunk(query, t);
      const auto& offsets = offsets_[static_cast<size_t>(t)];
      const auto& ids = ids_[static_cast<size_t>(t)];
      for (uint32_t mask : masksWithBits(chunkBits(t), radius)) {
        const uint32_t value = q ^ mask;
        for (uint32_t k = offsets[value]; k < offsets[value + 1u]; ++k) {
          const uint32_t id = ids[k];
          const int d = hashes_[id].distance(query);
          if (d > maxDistance) continue;
          auto [it, inserted] = best.emplace(labels_[id], d);
          if (!inserted && d < it->second) it->second = d;
        }
      }
    }
    // After substring radius r every item within 13 * (r + 1) - 1 bits has been seen: once the count-th
    // best label is within that, nothing unseen can beat it.
    const int covered = kTables * (radius + 1) - 1;
    if (covered >= maxDistance) break;
    if (!best.empty()) {
      auto hits = topLabels(best, count);
      // Done when every wanted label is in, or when anything still unseen would trail the best label by
      // more than `slack` bits: such a camera cannot win the attribution.
      if ((hits.size() >= count && hits.back().distance <= covered) ||
          covered >= hits.front().distance + slack)
        break;
    }
  }
  return topLabels(best, count);
}

std::vector<HashIndex::Hit> HashIndex::nearestLabelsBruteForce(const Hash256& query, size_t count,
                                                               int maxDistance) const {
  std::map<uint32_t, int> best;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    const int d = hashes_[i].distance(query);
    if (d > maxDistance) continue;
    auto [it, inserted] = best.emplace(labels_[i], d);
    if (!inserted && d < it->second) it->second = d;
  }
  return topLabels(best, count);
}

}  // namespace camtrace
