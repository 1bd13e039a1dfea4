#include <gtest/gtest.h>

#include "audit/temporal_model.h"

namespace camtrace {
namespace {

using Source = TemporalPath::Source;

// A session of the claimed camera: strong own matches, one candidate far off.
std::vector<FrameEvidence> ownFrames(size_t n) {
  std::vector<FrameEvidence> frames(n);
  for (auto& f : frames) {
    f.claimed = 7;
    f.others = {-7};
  }
  return frames;
}

void insertForeign(std::vector<FrameEvidence>& frames, size_t begin, size_t end, double candidate) {
  for (size_t i = begin; i < end; ++i) {
    frames[i].claimed = -7;
    frames[i].others = {candidate};
  }
  frames[begin].cutBefore = true;
  if (end < frames.size()) frames[end].cutBefore = true;
}

TEST(TemporalModel, SingleFrameBurstBetweenCutsIsForeign) {
  auto frames = ownFrames(30);
  insertForeign(frames, 12, 13, 7);
  auto path = TemporalModel(1).decode(frames);
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(path.steps[i].source, i == 12 ? Source::Candidate : Source::Claimed) << i;
    EXPECT_GT(path.steps[i].margin, 2.0) << i;
  }
  EXPECT_EQ(path.steps[12].candidate, 0);
}

TEST(TemporalModel, BurstFromNoKnownCameraIsUnknown) {
  auto frames = ownFrames(30);
  insertForeign(frames, 10, 14, -7);
  auto path = TemporalModel(1).decode(frames);
  for (size_t i = 10; i < 14; ++i) EXPECT_EQ(path.steps[i].source, Source::Unknown) << i;
  EXPECT_EQ(path.steps[14].source, Source::Claimed);
}

TEST(TemporalModel, MismatchWithoutACutStaysWithTheCamera) {
  // Someone walks up to the lens: the frames drift away from the profile, but no frame is a cut.
  auto frames = ownFrames(40);
  for (size_t i = 15; i < 25; ++i) frames[i].claimed = -3;
  auto path = TemporalModel(1).decode(frames);
  for (const auto& step : path.steps) EXPECT_EQ(step.source, Source::Claimed);
}

TEST(TemporalModel, DamageNeedsNoCutButNeedsASign) {
  auto frames = ownFrames(40);
  frames[10].decodeDamaged = true;
  for (size_t i = 11; i < 16; ++i) {
    frames[i].referenceDamaged = true;
    frames[i].claimed = i < 13 ? -6 : 5;  // smeared, then clean enough again
  }
  // A total mismatch with no cut and no damage sign: not a burst (bursts come with cuts); undetected
  // damage is the likelier story, and either way the frames are not called foreign.
  for (size_t i = 25; i < 28; ++i) frames[i].claimed = -6;
  auto path = TemporalModel(1).decode(frames);
  EXPECT_EQ(path.steps[10].source, Source::Damaged);
  EXPECT_EQ(path.steps[11].source, Source::Damaged);
  EXPECT_EQ(path.steps[12].source, Source::Damaged);
  EXPECT_EQ(path.steps[15].source, Source::Claimed);
  for (size_t i = 25; i < 28; ++i) {
    EXPECT_NE(path.steps[i].source, Source::Candidate) << i;
    EXPECT_NE(path.steps[i].source, Source::Unknown) << i;
  }
}

// A stranger's feed through a lossy network: the decoder conceals one picture and smears those predicted
// from it. The damage is the feed's, not the claimed camera's.
TEST(TemporalModel, DamageInsideAnotherCamerasFeedIsThatCamerasFrames) {
  auto frames = ownFrames(50);
  insertForeign(frames, 10, 40, 7);
  frames[15].decodeDamaged = true;
  frames[15].others = {-8};  // concealed: it matches nothing
  for (size_t i = 16; i < 30; ++i) {
    frames[i].referenceDamaged = true;
    frames[i].others = {i < 20 ? -2.0 : 4.0};
    frames[i].novelty = 0.1;
  }
  auto path = TemporalModel(1).decode(frames);
  for (size_t i = 10; i < 40; ++i) {
    EXPECT_EQ(path.steps[i].source, Source::Candidate) << i;
    EXPECT_EQ(path.steps[i].candidate, 0) << i;
  }
  EXPECT_TRUE(path.steps[15].damaged);
  EXPECT_EQ(path.steps[40].source, Source::Claimed);
}

// The same loss reaching the claimed camera's own pictures right after a burst: the burst's damage state
// must not carry on over the cut back into the camera's clear pictures.
TEST(TemporalModel, TheClaimedCamerasDamageAfterABurstStaysItsOwn) {
  auto frames = ownFrames(40);
  insertForeign(frames, 10, 11, 7);
  for (size_t i = 11; i < 30; ++i) {
    frames[i].referenceDamaged = true;
    frames[i].novelty = 0.1;
  }
  frames[11].novelty = 1;
  frames[14].decodeDamaged = true;
  frames[14].claimed = -6;
  auto path = TemporalModel(1).decode(frames);
  EXPECT_EQ(path.steps[10].source, Source::Candidate);
  for (size_t i = 11; i < 40; ++i) {
    EXPECT_TRUE(path.steps[i].source == Source::Claimed || path.steps[i].source == Source::Damaged) << i;
  }
  EXPECT_EQ(path.steps[14].source, Source::Damaged);
}

// A session served wholly by a camera outside the case, through packet loss: every picture, damaged or
// not, is the unknown source's. One damage state for all sources had made it the claimed camera's damage.
TEST(TemporalModel, AnUnknownFeedStaysUnknownThroughItsDamage) {
  std::vector<FrameEvidence> frames(60);
  for (size_t i = 0; i < frames.size(); ++i) {
    frames[i].claimed = -8;
    frames[i].others = {-8};
    frames[i].novelty = i == 0 ? 1 : 0.1;
    frames[i].referenceDamaged = i >= 5;
    frames[i].decodeDamaged = i % 12 == 7;
  }
  frames[3].cutBefore = true;
  frames[3].novelty = 1;
  auto path = TemporalModel(1).decode(frames);
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(path.steps[i].source, Source::Unknown) << i;
    if (frames[i].decodeDamaged) {
      EXPECT_TRUE(path.steps[i].damaged) << i;
    }
  }
}

TEST(TemporalModel, FramesWithoutDetailFollowTheirNeighbours) {
  auto frames = ownFrames(20);
  insertForeign(frames, 5, 10, 7);
  frames[7].noDetail = true;
  frames[7].claimed = 0;
  frames[7].others = {0};
  auto path = TemporalModel(1).decode(frames);
  EXPECT_EQ(path.steps[7].source, Source::Candidate);
}

TEST(TemporalPathStep, AReassignedStepKeepsItsDamageAndLosesTheModelsMargin) {
  TemporalPath::Step step{Source::Candidate, 2, 6, true};
  step.reassign(Source::Claimed);  // a damaged picture of the claimed camera is its damage
  EXPECT_EQ(step.source, Source::Damaged);
  EXPECT_EQ(step.candidate, -1);
  EXPECT_EQ(step.margin, 0);

  TemporalPath::Step clean{Source::Claimed, -1, 6, false};
  clean.reassign(Source::Claimed);  // where the model put it already: its margin stands
  EXPECT_EQ(clean.margin, 6);
  clean.reassign(Source::Candidate, 1);
  EXPECT_EQ(clean.source, Source::Candidate);
  EXPECT_EQ(clean.candidate, 1);
  EXPECT_EQ(clean.margin, 0);
  clean.reassign(Source::Unknown, 1);  // the unknown source has no candidate index
  EXPECT_EQ(clean.candidate, -1);
}

// A path as the model might leave it: frames [begin, end) given to candidate 0.
TemporalPath pathWithCandidateRun(size_t n, size_t begin, size_t end) {
  TemporalPath path;
  path.steps.resize(n);
  for (auto& step : path.steps) step.margin = 5;
  for (size_t i = begin; i < end; ++i) path.steps[i] = {Source::Candidate, 0, 3, false};
  return path;
}

TEST(KeepShotsWhole, AShotSplitOnWeakLikenessIsTheClaimedCamerasWhole) {
  // A burst of the look-alike (cut in at 10, cut out at 14), then the claimed camera's own frames, which
  // the look-alike half-explains (fused score -1 against the camera's own -4): the path kept them with the
  // burst's camera up to frame 20, where no cut separates them from the camera's frames after.
  auto frames = ownFrames(30);
  insertForeign(frames, 10, 14, 8);
  for (size_t i = 14; i < 20; ++i) frames[i].claimed = -4, frames[i].others = {-1};
  auto path = pathWithCandidateRun(30, 10, 20);
  path.steps[16].damaged = true;  // the camera's own damage stays its damage
  keepShotsWhole(path, frames, 4);
  for (size_t i = 0; i < 30; ++i) {
    const bool burst = i >= 10 && i < 14;
    EXPECT_EQ(path.steps[i].source, burst     ? Source::Candidate
                                    : i == 16 ? Source::Damaged
                                              : Source::Claimed)
        << i;
    if (i >= 14 && i < 20) {
      EXPECT_EQ(path.steps[i].candidate, -1) << i;
      EXPECT_EQ(path.steps[i].margin, 0) << i;  // the model did not choose this
    }
  }
}

TEST(KeepShotsWhole, AShotAnotherCameraClearlyMatchesSomewhereKeepsItsSources) {
  // The same shot, but on one of its frames the look-alike matches clearly (fused score 4): the shot may
  // be that camera's footage drifting, and the path's split stands.
  auto frames = ownFrames(30);
  insertForeign(frames, 10, 14, 8);
  for (size_t i = 14; i < 20; ++i) frames[i].claimed = -4, frames[i].others = {-1};
  frames[17].others = {4};
  auto path = pathWithCandidateRun(30, 10, 20);
  keepShotsWhole(path, frames, 4);
  for (size_t i = 10; i < 20; ++i) EXPECT_EQ(path.steps[i].source, Source::Candidate) << i;
}

TEST(KeepShotsWhole, ARunBetweenCutsAndTheUnknownSourceAreLeftAlone) {
  // A weak candidate run in a shot of its own (cut in and out), and frames given to no camera in a shot
  // with the claimed camera's: neither is a shot split between the claimed camera and a candidate.
  auto frames = ownFrames(30);
  insertForeign(frames, 10, 14, 1);
  auto path = pathWithCandidateRun(30, 10, 14);
  for (size_t i = 20; i < 24; ++i) path.steps[i].source = Source::Unknown;
  keepShotsWhole(path, frames, 4);
  for (size_t i = 0; i < 30; ++i) {
    const Source expected = i >= 10 && i < 14   ? Source::Candidate
                            : i >= 20 && i < 24 ? Source::Unknown
                                                : Source::Claimed;
    EXPECT_EQ(path.steps[i].source, expected) << i;
  }
}

}  // namespace
}  // namespace camtrace
