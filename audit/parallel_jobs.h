#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace camtrace {

// Runs job(0..count-1) on up to `threads` threads (0: one per core). Jobs write their results into slots
// of their own, so the outcome does not depend on which thread ran what. Jobs must not throw.
inline void runParallel(size_t count, int threads, const std::function<void(size_t)>& job) {
  size_t workers =
      threads > 0 ? static_cast<size_t>(threads) : std::max(1U, std::thread::hardware_concurrency());
  workers = std::min(workers, count);
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++) job(i);
    });
  }
  for (auto& t : pool) t.join();
}

// Threads each of `count` jobs may add inside itself when there are fewer jobs than threads (one long
// capture on a many-core machine): the threads beyond one per job, shared out evenly.
inline int helpersPerJob(size_t count, int threads) {
  const size_t workers =
      threads > 0 ? static_cast<size_t>(threads) : std::max(1U, std::thread::hardware_concurrency());
  if (count == 0 || count >= workers) return 0;
  return static_cast<int>(workers / count) - 1;
}

}  // namespace camtrace
