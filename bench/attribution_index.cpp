// camtrace-index-bench: attribution at incident scale. Builds a HashIndex over CAMERAS cameras with VIEWS
// profile entries each (synthetic 256-bit hashes: a random base per camera, each view 8-24 bits away from
// it), queries it with views disturbed by 20-40 more bits, and reports queries per second for the index and
// for a brute-force scan in the same run, and the index's recall of the brute-force nearest camera.
//   camtrace-index-bench [CAMERAS] [VIEWS] [QUERIES]     (default 1000000 4 2000)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "audit/hash_index.h"

using namespace camtrace;

namespace {

Hash256 randomHash(std::mt19937_64& rng) {
  Hash256 h;
  for (auto& w : h.words) w = rng();
  return h;
}

Hash256 flip(Hash256 h, int bits, std::mt19937_64& rng) {
  for (int i = 0; i < bits; ++i) {
    const int b = static_cast<int>(rng() % 256);
    h.words[static_cast<size_t>(b / 64)] ^= uint64_t{1} << (b % 64);
  }
  return h;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t cameras = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const size_t views = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 4;
  const size_t queries = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 2000;
  std::mt19937_64 rng(20191226);
  HashIndex index;
  std::vector<Hash256> sample;
  auto start = std::chrono::steady_clock::now();
  for (size_t c = 0; c < cameras; ++c) {
    const Hash256 base = randomHash(rng);
    for (size_t v = 0; v < views; ++v) {
      Hash256 view = flip(base, 8 + static_cast<int>(rng() % 17), rng);
      index.add(view, static_cast<uint32_t>(c));
      if (sample.size() < queries && rng() % (cameras * views / queries + 1) == 0) sample.push_back(view);
    }
  }
  while (sample.size() < queries) sample.push_back(flip(randomHash(rng), 0, rng));
  index.freeze();
  std::printf("index: %zu cameras x %zu views = %zu hashes, built in %.1f s\n", cameras, views, index.size(),
              seconds(start));
  std::vector<Hash256> probes;
  for (const auto& s : sample) probes.push_back(flip(s, 20 + static_cast<int>(rng() % 21), rng));

  start = std::chrono::steady_clock::now();
  std::vector<uint32_t> fromIndex;
  for (const auto& q : probes) {
    auto hits = index.nearestLabels(q, 8);
    fromIndex.push_back(hits.empty() ? UINT32_MAX : hits[0].label);
  }
  const double indexSeconds = seconds(start);
  const size_t bruteQueries = std::min<size_t>(probes.size(), 200);
  start = std::chrono::steady_clock::now();
  size_t agree = 0;
  for (size_t i = 0; i < bruteQueries; ++i) {
    auto hits = index.nearestLabelsBruteForce(probes[i], 8);
    agree += !hits.empty() && hits[0].label == fromIndex[i];
  }
  const double bruteSeconds = seconds(start);
  const double indexQps = static_cast<double>(probes.size()) / indexSeconds;
  const double bruteQps = static_cast<double>(bruteQueries) / bruteSeconds;
  std::printf(
      "index: %.0f queries/s | brute force: %.1f queries/s | speed-up %.0fx | recall of the brute-force "
      "nearest camera %.4f (%zu/%zu)\n",
      indexQps, bruteQps, indexQps / bruteQps, static_cast<double>(agree) / static_cast<double>(bruteQueries),
      agree, bruteQueries);
  return 0;
}
