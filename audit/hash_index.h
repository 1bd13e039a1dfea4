#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "analyzers/hash256.h"

namespace camtrace {

// An allocator for the index's large arrays that asks Linux for transparent huge pages (2 MB) where the
// system leaves them to the program (`madvise` mode, Debian's default). A query reads a few thousand hashes
// at random over hundreds of megabytes: with 4 kB pages nearly every read also missed the TLB.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n);
  void deallocate(T* p, size_t n) noexcept;
  bool operator==(const HugePageAllocator&) const { return true; }
};
void* allocateHugePages(size_t bytes);
void freeHugePages(void* p, size_t bytes) noexcept;
template <typename T>
T* HugePageAllocator<T>::allocate(size_t n) {
  return static_cast<T*>(allocateHugePages(n * sizeof(T)));
}
template <typename T>
void HugePageAllocator<T>::deallocate(T* p, size_t n) noexcept {
  freeHugePages(p, n * sizeof(T));
}
template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

// Multi-index hashing over 256-bit hashes (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
// Multi-Index Hashing", CVPR 2012). The hash is cut into 13 substrings (12 of 20 bits and one of 16), each
// with its own table; any item within distance d of a query agrees with it within floor(d / 13) bits on
// some substring, so probing each table at growing substring radius finds the exact nearest items without
// a full scan. 20-bit substrings suit a few million hashes (the paper's rule: about log2 N bits each);
// 16-bit ones left 60 items a bucket at 4 million and were only 3x faster than a scan.
//
// Items carry a label (the camera); `nearestLabels` returns the labels of the nearest items, one per label,
// nearest first: the candidate cameras for attribution. Build once (add, then freeze), query from any thread.
class HashIndex {
 public:
  void add(const Hash256& hash, uint32_t label);
  void freeze();  // sorts the tables; add() after freeze() is an error
  size_t size() const { return hashes_.size(); }

  struct Hit {
    uint32_t label;
    int distance;
  };
  // Up to `count` labels with their nearest item's distance, nearest first; ties go to the lower label, so
  // results are deterministic. Exact for every label whose nearest item lies within `maxDistance` and
  // within `slack` bits of the nearest label's (labels farther behind than that cannot win).
  // The default radius, 63 bits, is where PDQ stops telling related pictures from unrelated ones (unrelated
  // pictures sit near 128); it lets the search stop after substring radius 3.
  std::vector<Hit> nearestLabels(const Hash256& query, size_t count, int maxDistance = 63,
                                 int slack = 16) const;

  // The same answer by scanning every item: the baseline the index is measured against.
  std::vector<Hit> nearestLabelsBruteForce(const Hash256& query, size_t count, int maxDistance = 63) const;

 private:
  static constexpr int kTables = 13;
  static constexpr int kBits = 20;
  static int chunkBits(int table) { return table < kTables - 1 ? kBits : 256 - kBits * (kTables - 1); }
  static uint32_t chunk(const Hash256& h, int table) {
    const int first = table * kBits, bits = chunkBits(table);
    uint32_t value = 0;
    for (int b = 0; b < bits; ++b) value |= static_cast<uint32_t>(h.bit(first + b)) << b;
    return value;
  }

  HugePageVector<Hash256> hashes_;
  HugePageVector<uint32_t> labels_;
  // Per table: offsets into ids (2^bits + 1 entries) and item ids sorted by substring value.
  std::array<HugePageVector<uint32_t>, kTables> offsets_;
  std::array<HugePageVector<uint32_t>, kTables> ids_;
  bool frozen_ = false;
};

}  // namespace camtrace
