#include <gtest/gtest.h>

#include "audit/view_chains.h"

namespace camtrace {
namespace {

// Frames labelled by the view they show; a cut wherever the label changes, continuity between equal labels.
std::vector<size_t> chainsOf(const std::string& views) {
  std::vector<bool> cuts(views.size(), false);
  for (size_t i = 1; i < views.size(); ++i) cuts[i] = views[i] != views[i - 1];
  return viewChains(cuts, [&](size_t a, size_t b) { return views[a] == views[b] && views[a] != '?'; });
}

TEST(ViewChains, AShotWithoutCutsIsOneChain) {
  EXPECT_EQ(chainsOf("aaaaaa"), (std::vector<size_t>{0, 0, 0, 0, 0, 0}));
}

TEST(ViewChains, AViewResumingAfterABurstJoinsItsChain) {
  // A cache serves two stretches of another camera (b, then c with a cut of its own); the view resumes.
  EXPECT_EQ(chainsOf("aaabbaacca"), (std::vector<size_t>{0, 0, 0, 1, 1, 0, 0, 2, 2, 0}));
  // Two shots of the same foreign view are one chain too.
  EXPECT_EQ(chainsOf("abab"), (std::vector<size_t>{0, 1, 0, 1}));
}

TEST(ViewChains, AFrameThatSaysNothingLinksNothing) {
  // '?' is an unreadable frame: a shot of its own, never continuous, and the view resumes across it.
  EXPECT_EQ(chainsOf("aa?aa"), (std::vector<size_t>{0, 0, 1, 0, 0}));
}

TEST(ViewChains, ANewViewThatNeverResumesStaysApart) {
  EXPECT_EQ(chainsOf("aaabbbbccc"), (std::vector<size_t>{0, 0, 0, 1, 1, 1, 1, 2, 2, 2}));
}

TEST(ViewChains, LooksBackABoundedNumberOfShots) {
  // 64 shots of alternating foreign views between two stretches of `a`: still linked. One more: not.
  std::string near = "a", far = "a";
  for (int k = 0; k < 63; ++k) near += k % 2 ? 'x' : 'y';
  for (int k = 0; k < 64; ++k) far += k % 2 ? 'x' : 'y';
  near += 'a';
  far += 'a';
  EXPECT_EQ(chainsOf(near).back(), 0u);
  EXPECT_NE(chainsOf(far).back(), 0u);
}

TEST(ViewChains, EmptyCaptureHasNoChains) {
  EXPECT_TRUE(chainsOf("").empty());
}

}  // namespace
}  // namespace camtrace
