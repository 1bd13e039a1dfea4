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

TEST(HashIndex, AgreesWithBruteForceOnTheNearestCamera) {
  std::mt19937_64 rng(7);
  HashIndex index;
  std::vector<Hash256> views;
  for (uint32_t camera = 0; camera < 3000; ++camera) {
    const Hash256 base = randomHash(rng);
    for (int v = 0; v < 3; ++v) {
      views.push_back(flip(base, 12, rng));
      index.add(views.back(), camera);
    }
  }
  index.freeze();
  for (int q = 0; q < 300; ++q) {
    const Hash256 query = flip(views[rng() % views.size()], static_cast<int>(5 + rng() % 40), rng);
    auto fast = index.nearestLabels(query, 4);
    auto slow = index.nearestLabelsBruteForce(query, 4);
    ASSERT_FALSE(slow.empty());
    ASSERT_FALSE(fast.empty());
    EXPECT_EQ(fast[0].label, slow[0].label);
    EXPECT_EQ(fast[0].distance, slow[0].distance);
    // Every label within the slack of the best is found, with its exact distance.
    for (const auto& hit : slow) {
      if (hit.distance > slow[0].distance + 16) continue;
      bool found = false;
      for (const auto& f : fast) found = found || (f.label == hit.label && f.distance == hit.distance);
      EXPECT_TRUE(found) << "label " << hit.label;
    }
  }
}

TEST(HashIndex, FindsEveryLabelWithinTheSlackWhenItStopsPartwayThroughARadius) {
  // Look-alike cameras (a family: cameras 6-30 bits apart, as two rooms of one make) put several labels
  // within the slack of the best, at every distance the search may stop between two tables.
  std::mt19937_64 rng(9);
  HashIndex index;
  std::vector<Hash256> views;
  for (uint32_t family = 0; family < 500; ++family) {
    const Hash256 base = randomHash(rng);
    for (uint32_t member = 0; member < 5; ++member) {
      const Hash256 camera = flip(base, static_cast<int>(3 + rng() % 13), rng);
      for (int v = 0; v < 2; ++v) {
        views.push_back(flip(camera, 6, rng));
        index.add(views.back(), family * 5 + member);
      }
    }
  }
  index.freeze();
  for (int q = 0; q < 400; ++q) {
    const Hash256 query = flip(views[rng() % views.size()], static_cast<int>(rng() % 45), rng);
    const auto fast = index.nearestLabels(query, 8);
    const auto slow = index.nearestLabelsBruteForce(query, 8);
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
