#include "hash_index.h"

#include <algorithm>
#include <new>

#include <sys/mman.h>
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

// A label's distance, kept when it is the nearest found for that label.
void offer(std::map<uint32_t, int>& best, uint32_t label, int distance) {
  auto [it, inserted] = best.emplace(label, distance);
  if (!inserted && distance < it->second) it->second = distance;
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

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

// Arrays of a huge page or more are mapped on their own and advised; smaller ones come from the heap.
void* allocateHugePages(size_t bytes) {
  if (bytes < kHugePage) {
    void* p = ::operator new(bytes);
    return p;
  }
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);  // advice: without it the pages are ordinary ones
#endif
  return p;
}

void freeHugePages(void* p, size_t bytes) noexcept {
  if (!p) return;
  if (bytes < kHugePage) {
    ::operator delete(p);
    return;
  }
  munmap(p, (bytes + kHugePage - 1) / kHugePage * kHugePage);
}

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

// Cloned for CPUs with POPCNT (chosen when the program loads): the distances are a quarter of the work, and
// the x86-64 baseline Debian builds for has no popcount instruction.
__attribute__((target_clones("popcnt", "default"))) std::vector<HashIndex::Hit> HashIndex::nearestLabels(
    const Hash256& query, size_t count, int maxDistance, int slack) const {
  if (!frozen_) throw std::logic_error("HashIndex::nearestLabels before freeze");
  std::map<uint32_t, int> best;  // label -> nearest distance found
  // The search is bound by memory, not arithmetic: each probed bucket is a cache miss in its table's
  // offsets, its ids and the hashes they point to. So each (radius, table) round goes in stages, each
  // prefetching what the next one reads, and the misses overlap instead of following one another
  // (bench/attribution_index.cpp: 2.4 times the queries a second at a million cameras). An item found in
  // several tables is simply measured again: four popcounts cost less than remembering which items were seen.
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::vector<uint32_t> candidates;
  for (int radius = 0; radius <= 5; ++radius) {
    for (int t = 0; t < kTables; ++t) {
      const uint32_t q = chunk(query, t);
      const auto& offsets = offsets_[static_cast<size_t>(t)];
      const auto& ids = ids_[static_cast<size_t>(t)];
      const auto& masks = masksWithBits(chunkBits(t), radius);
      // Each stage prefetches kAhead items ahead of the one it reads: near enough that the line is still in
      // the cache when it is read, far enough to overlap the misses.
      constexpr size_t kAhead = 16;
      for (size_t i = 0; i < std::min(kAhead, masks.size()); ++i) __builtin_prefetch(&offsets[q ^ masks[i]]);
      ranges.clear();
      for (size_t i = 0; i < masks.size(); ++i) {
        if (i + kAhead < masks.size()) __builtin_prefetch(&offsets[q ^ masks[i + kAhead]]);
        const uint32_t value = q ^ masks[i];
        const uint32_t first = offsets[value], last = offsets[value + 1u];
        if (first != last) ranges.emplace_back(first, last);
      }
      for (size_t i = 0; i < std::min(kAhead, ranges.size()); ++i) __builtin_prefetch(&ids[ranges[i].first]);
      candidates.clear();
      for (size_t i = 0; i < ranges.size(); ++i) {
        if (i + kAhead < ranges.size()) __builtin_prefetch(&ids[ranges[i + kAhead].first]);
        for (uint32_t k = ranges[i].first; k < ranges[i].second; ++k) candidates.push_back(ids[k]);
      }
      for (size_t i = 0; i < std::min(kAhead, candidates.size()); ++i)
        __builtin_prefetch(&hashes_[candidates[i]]);
      for (size_t i = 0; i < candidates.size(); ++i) {
        if (i + kAhead < candidates.size()) __builtin_prefetch(&hashes_[candidates[i + kAhead]]);
        const uint32_t id = candidates[i];
        const int d = hashes_[id].distance(query);
        if (d <= maxDistance) offer(best, labels_[id], d);
      }
      // With radius r probed in tables 0..t and r - 1 in the rest, an unseen item differs in at least r + 1
      // bits of each of the first t + 1 substrings and r of the others: 13 r + t + 1 bits in all. So every
      // item within 13 r + t bits has been seen, and the search may stop between two tables of a radius
      // (Norouzi et al., section 4): most queries stop partway through a radius instead of finishing it.
      const int covered = kTables * radius + t;
      if (covered >= maxDistance) return topLabels(best, count);
      if (!best.empty()) {
        auto hits = topLabels(best, count);
        // Done when every wanted label is in, or when anything still unseen would trail the best label by
        // more than `slack` bits: such a camera cannot win the attribution.
        if ((hits.size() >= count && hits.back().distance <= covered) ||
            covered >= hits.front().distance + slack)
          return hits;
      }
    }
  }
  return topLabels(best, count);
}

std::vector<HashIndex::Hit> HashIndex::nearestLabelsBruteForce(const Hash256& query, size_t count,
                                                               int maxDistance) const {
  std::map<uint32_t, int> best;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    const int d = hashes_[i].distance(query);
    if (d <= maxDistance) offer(best, labels_[i], d);
  }
  return topLabels(best, count);
}

}  // namespace camtrace
