#include <gtest/gtest.h>

#include <random>

#include "audit/hash_index.h"

namespace camtrace {
namespace {

Hash256 randomHash(std::mt19937_64& rng) {
  Hash256 h;
  for (auto& w : h.words) w = rng();
  return h;
}

Hash256 flip(Hash256 h, int bits, std::mt19937_64& rng) {
  for (int i = 0; i < bits;) {
    const int b = static_cast<int>(rng() % 256);
    if (h.bit(b)) {
      h.words[static_cast<size_t>(b / 64)] &= ~(uint64_t{1} << (b % 64));
    } else {
      h.set(b);
    }
    ++i;
  }
  return h;
}

// `families` unrelated cameras, or families of look-alike cameras (`members` each, 3 + [0, memberSpread)
// bits from the family's base, as two rooms of one make), with `views` profile entries each `viewBits` from
// its camera; the views are kept in `all`.
HashIndex cameras(std::mt19937_64& rng, uint32_t families, uint32_t members, uint64_t memberSpread, int views,
                  int viewBits, std::vector<Hash256>& all) {
  HashIndex index;
  for (uint32_t family = 0; family < families; ++family) {
    const Hash256 base = randomHash(rng);
    for (uint32_t member = 0; member < members; ++member) {
      const Hash256 camera =
          members == 1 ? base : flip(base, static_cast<int>(3 + rng() % memberSpread), rng);
      for (int v = 0; v < views; ++v) {
        all.push_back(flip(camera, viewBits, rng));
        index.add(all.back(), family * members + member);
      }
    }
  }
  index.freeze();
  return index;
}

// Queries `distance(rng)` bits from random views: the index finds the brute force's best distance and every
// label within the slack (16 bits) of it, each with its exact distance.
template <typename Distance>
void expectTheBruteForceAnswer(const HashIndex& index, const std::vector<Hash256>& views,
                               std::mt19937_64& rng, int queries, size_t count, Distance distance) {
  for (int q = 0; q < queries; ++q) {
    const Hash256 query = flip(views[rng() % views.size()], distance(rng), rng);
    const auto fast = index.nearestLabels(query, count);
    const auto slow = index.nearestLabelsBruteForce(query, count);
    ASSERT_FALSE(slow.empty());
    ASSERT_FALSE(fast.empty());
    EXPECT_EQ(fast[0].distance, slow[0].distance);
    for (const auto& hit : slow) {
      if (hit.distance > slow[0].distance + 16) continue;
      bool found = false;
      for (const auto& f : fast) found = found || (f.label == hit.label && f.distance == hit.distance);
      EXPECT_TRUE(found) << "query " << q << ": label " << hit.label << " at " << hit.distance;
    }
  }
}

TEST(HashIndex, AgreesWithBruteForceOnTheNearestCamera) {
  std::mt19937_64 rng(7);
  std::vector<Hash256> views;
  const HashIndex index = cameras(rng, 3000, 1, 1, 3, 12, views);
  expectTheBruteForceAnswer(index, views, rng, 300, 4,
                            [](std::mt19937_64& r) { return static_cast<int>(5 + r() % 40); });
}

TEST(HashIndex, FindsEveryLabelWithinTheSlackWhenItStopsPartwayThroughARadius) {
  // Look-alike cameras put several labels within the slack of the best, at every distance the search may
  // stop between two tables.
  std::mt19937_64 rng(9);
  std::vector<Hash256> views;
  const HashIndex index = cameras(rng, 500, 5, 13, 2, 6, views);
  expectTheBruteForceAnswer(index, views, rng, 400, 8,
                            [](std::mt19937_64& r) { return static_cast<int>(r() % 45); });
}

TEST(HashIndex, UnrelatedQueriesFindNothingWithinTheRadius) {
  std::mt19937_64 rng(8);
  HashIndex index;
  for (uint32_t i = 0; i < 1000; ++i) index.add(randomHash(rng), i);
  index.freeze();
  EXPECT_TRUE(index.nearestLabels(randomHash(rng), 4).empty());
  EXPECT_THROW(index.add(randomHash(rng), 1), std::logic_error);
}

}  // namespace
}  // namespace camtrace
