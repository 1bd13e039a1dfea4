#include "view_chains.h"

#include <memory>
#include <numeric>

#include "analyzers/structure_descriptor.h"

namespace camtrace {
namespace {

// A cut: the structure correlation between consecutive frames drops below 0.72. Measured on simulate seeds
// 1-3 and the spliced real clips (bench/real_clips.sh): a camera's own consecutive frames never fell below
// 0.805 (IR switches and lamps included), while every boundary of a spliced burst stayed under 0.615. The
// hash step alone overlaps (own frames up to 82 bits, burst boundaries from 72), so it only adds a cut at
// extreme jumps, and only where the structure moved too: between two thumbnails of one camera taken half a
// second apart a lamp or the exposure can turn 112 hash bits while the structure stays at 0.92 (the twin
// camera's thumbnails in bench/real_clips.sh, tuning data), and such a step is no change of source.
constexpr float kCutStructure = 0.72f;
constexpr int kCutPdq = 110;
constexpr float kCutPdqStructure = 0.85f;

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

PictureStep pictureStep(const FrameRecord& a, const FrameRecord& b) {
  PictureStep step;
  step.pdq = a.signals.pdq.distance(b.signals.pdq);
  step.structure = structureSimilarity(a.signals.structure, b.signals.structure);
  step.cut = a.unreadable || b.unreadable || isCut(step.pdq, step.structure);
  step.hashOnly = step.cut && !a.unreadable && !b.unreadable && step.structure >= kCutStructure;
  return step;
}

void witnessCut(const FrameRecord& earlier, FrameRecord& later, const Thumbnail& earlierThumbnail,
                const Thumbnail& laterThumbnail) {
  if (earlier.unreadable || later.unreadable || !pictureStep(earlier, later).cut) return;
  later.cutZoom = std::make_shared<const CutZoom>(cutZoom(earlierThumbnail, laterThumbnail));
}

bool isCut(int pdqDistance, float structureSimilarity) {
  return structureSimilarity < kCutStructure ||
         (pdqDistance > kCutPdq && structureSimilarity < kCutPdqStructure);
}

std::vector<size_t> viewChains(std::span<const FrameRecord> frames) {
  std::vector<bool> cuts(frames.size());
  for (size_t i = 1; i < frames.size(); ++i) cuts[i] = pictureStep(frames[i - 1], frames[i]).cut;
  return viewChains(cuts, [&](size_t a, size_t b) { return !pictureStep(frames[a], frames[b]).cut; });
}

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
