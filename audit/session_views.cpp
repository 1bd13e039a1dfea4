#include "session_views.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "audit/origin_classifier.h"

namespace camtrace {
namespace {

// A view counts as the same scene at a fused score of 4 or more (both hash and structure well inside a
// camera's own range: docs/decisions.md), and the camera must beat any other by 2.
constexpr double kMinScore = 4.0;
constexpr double kMinMargin = 2.0;

double meanScore(const CameraProfile& views, const CameraProfile& observed) {
  double total = 0;
  for (const auto& entry : views.entries()) {
    FrameSignals signals;
    signals.pdq = entry.pdq;
    signals.structure = entry.structure;
    total += OriginClassifier::matchScore(observed.match(signals));
  }
  return views.entries().empty() ? -100 : total / static_cast<double>(views.entries().size());
}

struct SceneChangeWitness {
  double bestScore = 0;
  std::optional<double> claimedScore;  // its other captures' frames judged its own; none: there are none
  int capturesShowing = 0;             // the best camera's captures that show the views
  int mostCapturesOfOthers = 0;        // of any other camera, the claimed one included
};

// The first and last indexes of the scene changes cut in and cut out again, shorter than the classifier's
// longest burst: each is where the camera's view was left for a moment (a capture whose own view is mostly
// unplaced makes every stray run a scene change), not a view it films, unless it is a closer view of the
// camera's own (origin_classifier's closer presets). Their pictures do not become the camera's session views,
// or a stranger's feed served into two sessions would be attributed, in the other, to the camera it was
// served to: measured on the real-footage bench's `outsider` kind, where 121 frames of one clip, mirrored, in
// intel_bottle's session were attributed to the patrol camera, whose own session showed two of the same
// pictures so. A run between two foreign runs attributed to cameras of the case is not left for a moment:
// it is what the session shows between two insertions, the camera's own view cut into pieces by them
// (measured on the second held-out set, bench/heldout_clips.sh --set debian-more: a time-lapse camera's
// second shot, cut by bursts in most of its sessions, counted as its view in 7 of its captures, no more than
// in the 7 captures of a camera that had been served it, and the served runs stayed unattributed; 16 of its
// captures show it now). Only where the claimed camera was profiled from references: one profiled from its
// sessions often has its own pictures called another camera's (the first held-out set without references:
// the animated camera's own frames, given to the tree camera on both sides of one-frame bursts from outside
// the case, made those bursts its views, and the same bursts in another session were attributed to it).
std::vector<std::pair<int64_t, int64_t>> strayRuns(const std::vector<Finding>& findings, bool onReferences) {
  const auto foreignAt = [&findings, onReferences](int64_t index) {
    return onReferences && std::any_of(findings.begin(), findings.end(), [index](const Finding& f) {
             return f.type == FindingType::ForeignFrames && !f.attributedCamera.empty() &&
                    index >= f.firstIndex && index <= f.lastIndex;
           });
  };
  // A run of scene change cut into pieces at its steady shots (finding_builder) is judged whole here: its
  // first piece's entry, its last piece's exit, all its frames.
  struct Whole {
    int64_t first, last;
    bool cutAtEntry, cutAtExit;
  };
  std::vector<Whole> wholes;
  for (const auto& f : findings) {
    if (f.type != FindingType::SceneChange) continue;
    const TemporalEvidence& t = f.framesEvidence().temporal;
    if (!wholes.empty() && wholes.back().last + 1 == f.firstIndex) {
      wholes.back().last = f.lastIndex;
      wholes.back().cutAtExit = t.cutAtExit;
    } else {
      wholes.push_back({f.firstIndex, f.lastIndex, t.cutAtEntry, t.cutAtExit});
    }
  }
  std::vector<std::pair<int64_t, int64_t>> runs;
  for (const Whole& w : wholes) {
    if (!w.cutAtEntry || !w.cutAtExit ||
        w.last - w.first + 1 >= static_cast<int64_t>(OriginClassifier::kSceneChangeFrames))
      continue;
    if (!foreignAt(w.first - 1) || !foreignAt(w.last + 1)) runs.emplace_back(w.first, w.last);
  }
  return runs;
}

}  // namespace

void collectSessionViews(const CaptureResult& capture, const std::vector<FrameRecord>& records,
                         const std::vector<Finding>& findings, AuditResult& result, bool onReferences) {
  CaptureViews seen{capture.sessionOrdinal, capture.captureOrdinal, capture.claimedCamera,
                    CameraProfile(capture.claimedCamera)};
  for (size_t i = 0; i < capture.frames.size() && i < records.size(); ++i)
    if (capture.frames[i].verdict == Verdict::Consistent) seen.views.add(records[i]);
  seen.heldEntries = seen.views.entries().size();
  const auto stray = strayRuns(findings, onReferences);
  const auto inStrayRun = [&stray](int64_t index) {
    return std::any_of(stray.begin(), stray.end(),
                       [index](const auto& run) { return index >= run.first && index <= run.second; });
  };
  for (size_t i = 0; i < capture.frames.size() && i < records.size(); ++i) {
    const FrameVerdict& v = capture.frames[i];
    if (v.sceneChange && (v.closerView.placement.zoom > 0 || !inStrayRun(v.index)))
      seen.views.add(records[i]);
  }
  if (!seen.views.empty()) result.sessionViews.push_back(std::move(seen));
  for (const auto& f : findings) {
    const bool unattributedRun = f.type == FindingType::ForeignFrames && f.attributedCamera.empty();
    if (!unattributedRun && f.type != FindingType::SceneChange) continue;
    UnattributedViews u{f.id, f.claimedCamera, CameraProfile(f.claimedCamera)};
    for (size_t i = 0; i < capture.frames.size() && i < records.size(); ++i) {
      const FrameVerdict& v = capture.frames[i];
      if (v.index < f.firstIndex || v.index > f.lastIndex) continue;
      // A picture fitted inside bars is another camera's as that camera films it: its views are inside.
      if (records[i].signals.insideBars && CameraProfile::usable(records[i])) {
        u.views.addView(*records[i].signals.insideBars);
      } else {
        u.views.add(records[i]);
      }
      u.indeterminateFrames += v.verdict == Verdict::Indeterminate;
    }
    if (!u.views.empty()) result.unattributed.push_back(std::move(u));
  }
}

namespace {

// A scene change is its camera's new view unless the case shows otherwise: it becomes foreign only where
// its views are another camera's recurring views (shown in two of that camera's captures or more, more
// captures than any other camera shows them in, the claimed camera's included), the
// claimed camera's other captures never show them on frames judged its own (its score there is 2 or more
// below), and neither its sensor noise nor its burned-in clock says the claimed camera filmed it. A view
// two cameras each show once tells nothing: which one moved is not known. The claimed camera's own scene
// changes count among the captures showing the view, not among the views it is known to film: a camera
// served the same stranger's feed in two sessions (a cache that keeps mixing up two devices) shows it as
// a scene change in both, and each had hidden the other.
bool sceneChangeIsAnothersView(const Finding& finding, const SceneChangeWitness& w) {
  const FramesEvidence& e = finding.framesEvidence();
  if (e.sensorNoise && e.sensorNoise->reading == NoiseReading::SameSensorViewChanged) return false;
  if (e.clock && e.clock->framesRead > 0 && e.clock->consistent * 2 >= e.clock->framesRead) return false;
  if (w.capturesShowing < 2 || w.capturesShowing <= w.mostCapturesOfOthers) return false;
  return !w.claimedScore || w.bestScore - *w.claimedScore >= kMinMargin;
}

// Changes the verdicts of the finding's run with `onFrame`, in every capture of the result it came from; a
// merged result holds no verdicts, only counts, which `onMergedCounts` changes instead.
template <typename OnFrame, typename OnMergedCounts>
void changeRun(AuditResult& result, const Finding& finding, OnFrame onFrame, OnMergedCounts onMergedCounts) {
  for (auto& capture : result.captures) {
    if (capture.session != finding.session || capture.capture != finding.capture) continue;
    for (auto& v : capture.frames)
      if (v.index >= finding.firstIndex && v.index <= finding.lastIndex) onFrame(v);
    if (capture.frames.empty()) onMergedCounts(capture);
  }
}

// The finding becomes the claimed camera's scene change, its foreign frames indeterminate, with what its
// other captures showed as the evidence.
void becomeClaimedSceneChange(Finding& finding, ClaimedSessionViews shown, AuditResult& result) {
  finding.framesEvidence().shownByClaimedCamera = std::move(shown);
  finding.type = FindingType::SceneChange;
  changeRun(
      result, finding,
      [](FrameVerdict& v) {
        if (v.verdict != Verdict::Foreign) return;
        v.verdict = Verdict::Indeterminate;
        v.sceneChange = true;
        v.attributedCamera.clear();
      },
      [&finding](CaptureResult& capture) {
        capture.framesForeign -= finding.frames;
        capture.framesIndeterminate += finding.frames;
      });
}

// The claimed camera's other captures' frames judged its own (not the finding's own capture), and how many
// captures hold any; with `sceneChangesToo`, all their views, their scene changes' included.
std::pair<CameraProfile, int64_t> claimedElsewhere(const std::vector<const CaptureViews*>& order,
                                                   const Finding& finding, bool sceneChangesToo = false) {
  CameraProfile views(finding.claimedCamera);
  int64_t captures = 0;
  for (const CaptureViews* v : order) {
    const size_t entries = sceneChangesToo ? v->views.entries().size() : v->heldEntries;
    if (v->camera != finding.claimedCamera || entries == 0) continue;
    if (v->sessionOrdinal == finding.sessionOrdinal && v->captureOrdinal == finding.captureOrdinal) continue;
    views.merge(v->views, entries);
    ++captures;
  }
  return {std::move(views), captures};
}

// A foreign run no camera's references explain, whose views the claimed camera's other captures show on
// frames judged its own (a fused score of 4 or more, above any other camera's session views), is the
// claimed camera's own view, cut in by a step its own consecutive pictures made: at a fifth of the frame
// rate a corridor's people move as far between two pictures as a cut between two cameras, and the
// camera's later pictures, drifted from its references, matched no camera. It becomes a scene change.
bool turnIntoClaimedView(Finding& finding, const UnattributedViews& u,
                         const std::vector<const CaptureViews*>& order, const std::string& best,
                         double bestScore, AuditResult& result) {
  const auto [views, captures] = claimedElsewhere(order, finding);
  if (views.empty()) return false;
  const double score = meanScore(u.views, views);
  if (score < kMinScore || (!best.empty() && score <= bestScore)) return false;
  ClaimedSessionViews shown{round4(score), captures, std::nullopt, std::nullopt};
  if (!best.empty()) {
    shown.bestOther = best;
    shown.bestOtherScore = round4(bestScore);
  }
  becomeClaimedSceneChange(finding, std::move(shown), result);
  return true;
}

// Each capture apart: how many captures of each camera show the views (the finding's own excluded).
std::map<std::string, int> capturesShowing(const std::vector<const CaptureViews*>& order,
                                           const Finding& finding, const CameraProfile& views) {
  std::map<std::string, int> showing;
  for (const CaptureViews* v : order) {
    const bool same =
        v->sessionOrdinal == finding.sessionOrdinal && v->captureOrdinal == finding.captureOrdinal;
    if (!same && meanScore(views, v->views) >= kMinScore) ++showing[v->camera];
  }
  return showing;
}

// A foreign run that no camera's references explain, whose views the claimed camera's other
// captures show (on frames judged its own or in its scene changes) in half of them or more, two at least,
// and in more captures than all other cameras' together, is the claimed camera's own view, which its
// references never had: a moving camera's pictures that jump like cuts between two cameras, cut into pieces
// by bursts of a camera outside the case, left the bursts as the session's view and its own pictures as
// the insertions (bench/heldout_clips.sh --set debian-more: 156 of the patrol camera's own frames in its
// `outsider` session called foreign, while its other 18 sessions showed the same pictures as its scene
// changes). Before other cameras' session views are asked: a camera served the claimed camera's pictures,
// missed there as scene changes, shows them in a few captures (the diver camera's own pictures in its
// `outsider` session, 52 frames, had been given to the cockatoo camera so). It becomes a scene change: not
// vouched for, not called another camera's feed either.
bool turnIntoRecurringClaimedView(Finding& finding, const UnattributedViews& u,
                                  const std::vector<const CaptureViews*>& order,
                                  const std::map<std::string, int>& showing, AuditResult& result) {
  int claimed = 0, others = 0;
  for (const auto& [camera, n] : showing) (camera == finding.claimedCamera ? claimed : others) += n;
  if (claimed < 2 || claimed <= others) return false;
  const auto [views, captures] = claimedElsewhere(order, finding, true);
  if (int64_t{claimed} * 2 < captures) return false;
  ClaimedSessionViews shown{round4(meanScore(u.views, views)), claimed, std::nullopt, std::nullopt};
  shown.inSceneChanges = true;
  shown.capturesOfCamera = captures;
  becomeClaimedSceneChange(finding, std::move(shown), result);
  return true;
}

struct RankedCameras {
  std::string top;     // the highest score (the first in name order on a tie)
  std::string best;    // the camera the views are weighed for
  std::string second;  // the highest score but best's
};

// The camera whose session views score highest against the views is the one weighed, unless cameras
// within kMinMargin of it (kMinScore or more) are shown in more captures: a camera films its own view in
// most of its sessions, while a feed served into other cameras' sessions shows in those few (on the second
// held-out set, a time-lapse camera's second shot matched its own sessions' views and those of the two
// cameras it had been served to alike; it showed in 16 of its captures, in 7 and 5 of theirs).
RankedCameras rankCameras(const std::map<std::string, double>& scores,
                          const std::map<std::string, int>& showing) {
  RankedCameras r;
  const auto shown = [&showing](const std::string& camera) {
    const auto it = showing.find(camera);
    return it == showing.end() ? 0 : it->second;
  };
  for (const auto& [camera, score] : scores)
    if (r.top.empty() || score > scores.at(r.top)) r.top = camera;
  if (r.top.empty()) return r;
  const double topScore = scores.at(r.top);
  r.best = r.top;
  for (const auto& [camera, score] : scores)
    if (score >= kMinScore && topScore - score < kMinMargin && shown(camera) > shown(r.best)) r.best = camera;
  for (const auto& [camera, score] : scores)
    if (camera != r.best && (r.second.empty() || score > scores.at(r.second))) r.second = camera;
  return r;
}

// Whether the views recur in the camera's captures more than in all other cameras' together (the claimed
// camera's included), in two captures at least: a foreign run whose views two cameras' session views
// explain alike is still that camera's.
bool recursMostIn(const std::string& camera, const std::map<std::string, int>& showing) {
  int own = 0, others = 0;
  for (const auto& [c, n] : showing) (c == camera ? own : others) += n;
  return own >= 2 && own > others;
}

}  // namespace

int attributeFromSessionViews(AuditResult& result) {
  if (result.unattributed.empty()) return 0;
  std::vector<const CaptureViews*> order;
  for (const auto& v : result.sessionViews) order.push_back(&v);
  std::sort(order.begin(), order.end(), [](const CaptureViews* a, const CaptureViews* b) {
    return std::tie(a->sessionOrdinal, a->captureOrdinal) < std::tie(b->sessionOrdinal, b->captureOrdinal);
  });
  std::map<std::string, CameraProfile> observed;
  std::map<std::string, int> capturesOf;
  for (const CaptureViews* v : order) {
    auto [it, fresh] = observed.try_emplace(v->camera, v->camera);
    it->second.merge(v->views);
    ++capturesOf[v->camera];
  }
  int attributed = 0;
  for (const auto& u : result.unattributed) {
    auto finding = std::find_if(result.findings.begin(), result.findings.end(),
                                [&](const Finding& f) { return f.id == u.findingId; });
    if (finding == result.findings.end() || !finding->attributedCamera.empty()) continue;
    const bool sceneChange = finding->type == FindingType::SceneChange;
    std::map<std::string, double> scores;
    for (const auto& [camera, profile] : observed)
      if (camera != u.claimedCamera) scores[camera] = meanScore(u.views, profile);
    // How many captures of each camera show the views: they decide between cameras whose session views
    // explain them within kMinMargin of each other, whether a scene change is another camera's, and whether
    // a foreign run is the claimed camera's own view.
    std::map<std::string, int> showing = capturesShowing(order, *finding, u.views);
    const RankedCameras ranked = rankCameras(scores, showing);
    const std::string& best = ranked.best;
    const std::string& second = ranked.second;
    const double bestScore = best.empty() ? -1e9 : scores[best];
    const double secondScore = second.empty() ? -1e9 : scores[second];
    if (!sceneChange && turnIntoClaimedView(*finding, u, order, ranked.top,
                                            ranked.top.empty() ? -1e9 : scores[ranked.top], result))
      continue;
    // A run the claimed camera's other captures mostly show is its own view, whoever else's captures show
    // it too (fewer of them).
    if (!sceneChange && turnIntoRecurringClaimedView(*finding, u, order, showing, result)) continue;
    if (best.empty() || bestScore < kMinScore) continue;
    SceneChangeWitness w;
    w.bestScore = bestScore;
    if (sceneChange) {
      ++showing[u.claimedCamera];  // the scene change's own capture shows its views
      const CameraProfile elsewhere = claimedElsewhere(order, *finding).first;
      if (!elsewhere.empty()) w.claimedScore = meanScore(u.views, elsewhere);
      w.capturesShowing = showing[best];
      for (const auto& [camera, n] : showing)
        if (camera != best) w.mostCapturesOfOthers = std::max(w.mostCapturesOfOthers, n);
      if (!sceneChangeIsAnothersView(*finding, w)) continue;
      // Named over the camera of the top score by its captures alone, it must hold the view's captures
      // against all others together: two cameras a feed was served to may each show it in fewer captures
      // than the other and outnumber its own camera's, whose sessions show the view another way (without
      // references, a time-lapse camera's own shot through a pan/tilt preset was given to the patrol
      // camera, 5 captures, over the diver's 4 and its own 3).
      if (best != ranked.top && !recursMostIn(best, showing)) continue;
    } else if (bestScore - secondScore < kMinMargin && !recursMostIn(best, showing)) {
      continue;
    }
    finding->attributedCamera = best;
    FramesEvidence& e = finding->framesEvidence();
    e.delivery.reset();       // tied again to the attributed camera's deliveries
    e.mirrorImageOf.reset();  // said of unattributed runs only
    SessionViewsAttribution via;
    via.camera = best;
    via.score = round4(bestScore);
    if (!second.empty()) {
      via.runnerUp = second;
      via.runnerUpScore = round4(secondScore);
    }
    via.capturesOfCamera = capturesOf[best];
    via.views = static_cast<int64_t>(u.views.entries().size());
    if (sceneChange) {
      via.fromSceneChange = true;
      via.capturesShowing = w.capturesShowing;
      if (w.claimedScore) via.claimedScore = round4(*w.claimedScore);
    }
    e.attributedViaSessions = std::move(via);
    finding->type = FindingType::ForeignFrames;
    ++attributed;
    changeRun(
        result, *finding,
        [&](FrameVerdict& v) {
          if (sceneChange && v.sceneChange) {
            v.sceneChange = false;
            if (v.verdict == Verdict::Indeterminate) v.verdict = Verdict::Foreign;
          }
          if (v.verdict == Verdict::Foreign) v.attributedCamera = best;
        },
        [&](CaptureResult& capture) {
          if (!sceneChange) return;
          capture.framesIndeterminate -= u.indeterminateFrames;
          capture.framesForeign += u.indeterminateFrames;
        });
  }
  return attributed;
}

}  // namespace camtrace
