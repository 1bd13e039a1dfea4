#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "audit/capture_analysis.h"

namespace camtrace {

// How far picture b is from picture a, and whether that is a cut: a step no camera's own consecutive
// frames make (an unreadable picture on either side is one too).
struct PictureStep {
  int pdq = 0;
  float structure = 0;
  bool cut = true;
  // A cut made by the hash step alone, the structure holding above the cut's own threshold: a lamp, the
  // exposure or a film's jitter can make one inside a camera's own footage (audit/view_chains.cpp).
  bool hashOnly = false;
};
PictureStep pictureStep(const FrameRecord& a, const FrameRecord& b);
// Where the step from `earlier` to `later` (consecutive pictures of one capture) is a cut, keeps on `later`
// how either picture sits in the other as a closer view of it (analyzers/picture_zoom.h), from their
// thumbnails: while a capture is decoded, the only time both pictures are at hand.
void witnessCut(const FrameRecord& earlier, FrameRecord& later, const Thumbnail& earlierThumbnail,
                const Thumbnail& laterThumbnail);
// The same rule from a step already measured: for callers that compare many pairs of readable pictures
// with their structure vectors normalised once.
bool isCut(int pdqDistance, float structureSimilarity);

// Which frames of a capture show one source's continuous view. The frames between two cuts are a shot: a
// change of source always comes with a cut, so a shot has one source. Two shots belong to one chain when
// the later one starts where the earlier one ended, as if the frames between them had been cut out: a
// camera whose stream a burst interrupted, coming back to the view it left. Chains are what the origin
// classifier follows a view along (a moving camera drifting into views its references never had) and what
// tells an insertion (the camera's view resumes after it) from a change of scene (it never does).
//
// `cutBefore[i]`: frame i differs from frame i-1 as a change of source would. `continuous(a, b)`: frame b
// could follow frame a without a cut (false when either says nothing, such as an unreadable frame).
// Returns each frame's chain, numbered from 0 in order of the chains' first frames.
std::vector<size_t> viewChains(const std::vector<bool>& cutBefore,
                               const std::function<bool(size_t, size_t)>& continuous);

// The chains of consecutive frames, cut and continued by pictureStep alone.
std::vector<size_t> viewChains(std::span<const FrameRecord> frames);

}  // namespace camtrace
