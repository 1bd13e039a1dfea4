#include "view_chains.h"

#include <numeric>

namespace camtrace {
namespace {

// How many shots back a shot looks for the view it resumes. Bursts served by a cache are runs of 1 to a few
// hundred frames, often several shots each (the foreign camera's own cuts); 64 shots cover them without
// making a long capture quadratic.
constexpr size_t kLookBackShots = 64;

size_t root(std::vector<size_t>& parent, size_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

std::vector<size_t> viewChains(const std::vector<bool>& cutBefore,
                               const std::function<bool(size_t, size_t)>& continuous) {
  const size_t n = cutBefore.size();
  std::vector<size_t> shotOf(n), first, last;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || cutBefore[i]) {
      first.push_back(i);
      last.push_back(i);
    }
    shotOf[i] = first.size() - 1;
    last.back() = i;
  }
  std::vector<size_t> parent(first.size());
  std::iota(parent.begin(), parent.end(), size_t{0});
  for (size_t shot = 1; shot < first.size(); ++shot) {
    // The nearest earlier shot it continues; the chain carries the link further back.
    for (size_t back = 1; back <= kLookBackShots && back <= shot; ++back) {
      if (!continuous(last[shot - back], first[shot])) continue;
      parent[root(parent, shot)] = root(parent, shot - back);
      break;
    }
  }
  std::vector<size_t> number(first.size(), n), chainOf(n);
  size_t chains = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t r = root(parent, shotOf[i]);
    if (number[r] == n) number[r] = chains++;
    chainOf[i] = number[r];
  }
  return chainOf;
}

}  // namespace camtrace
