#include "origin_classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "analyzers/picture_zoom.h"
#include "analyzers/structure_zoom.h"
#include "audit/noise_evidence.h"
#include "audit/temporal_model.h"
#include "audit/view_chains.h"

namespace camtrace {
namespace {

constexpr int kMinQuality = 20;         // PDQ quality below this: flat, dark or blurred beyond use
constexpr float kMinLumaSpread = 3.0f;  // standard deviation in levels: a black or covered lens
// Novelty of a frame without a cut: (1 - structure step) / 0.25, at least 0.15. Own consecutive frames
// step by 0.01-0.06, so they weigh 0.15-0.25 of a fresh view.
constexpr double kNoveltyScale = 0.25;
constexpr double kMinNovelty = 0.15;
// Share of macroblock edges with concealment seams that counts as visible damage: undamaged simulate
// frames stay below 0.04, and the tests' pasted-block pictures exceed 0.3.
constexpr float kSeamDamage = 0.12f;
// Candidate cameras per capture in the temporal model: the cameras that come nearest on some frame.
constexpr size_t kMaxCandidates = 8;
// Cameras the hash index proposes per frame when a case has too many to score them all.
constexpr size_t kIndexCandidates = 16;
// What a camera gains when a frame's stream signature is foreign to the claimed camera and one it produces.
constexpr double kSignatureBonus = 1;
// A frame whose burned-in clock shows another time zone than the session's: the claimed camera's clock
// does not change zone between two frames. Weighed like a foreign stream signature, not more: a misread
// hour digit or a daylight-saving switch must not outvote a picture that matches the camera in every
// other way (the scene terms reach +-8).
constexpr double kOtherTimeZone = -3;
// The same when unattributed frames are 40% or more of the capture's frames that no known camera claims
// (at least 10 of them): stray frames from an unknown source are a small share of a session.
constexpr size_t kSceneLostTenths = 4;
constexpr size_t kMinSceneLostFrames = 10;
// A scene change is a view no camera of the case shows. An unattributed stretch whose frames, half of them
// or more, keep the robust structure a camera's own frames keep against its references (0.87: the anchor
// of the fusion, docs/decisions.md; other scenes stay below 0.80) is that camera's, however long it lasts
// and however far its hash drifts (people crossing a plaza, a low-resolution camera scaled up). The
// temporal model weighs the hash, which a crowd moves by 100 bits, as much as the structure, so a session
// served wholly by another camera, or the claimed camera's own crowded frames after a burst, used to end
// as one indeterminate scene change.
constexpr float kOwnRobustStructure = 0.87f;
// ... as the camera's scene is, not mirrored: a frame shows another camera's view only where its robust
// structure against that camera's references beats the same for the frame mirrored left to right. The
// robust structure keeps a quarter of the cells out and compares orientations cell by cell, so a scene of
// repeated upright shapes (a shelf of bottles, a plaza's people) and its mirror image reach 0.85-0.92 on
// each other. Measured on the real-footage bench (bench/README.md, 2026-12-06): of 6,336 frames another
// camera sent that reach 0.87 against it, one matched mirrored better (by 0.002; the median lead of the
// picture as it is: 0.29); of 153 frames of a camera outside the case (mirrored clips of the case's
// cameras) that reached 0.87 against a camera of the case, 143. Nor where the picture's structure as a
// whole speaks against the camera: the fusion's structure term (whole and robust, structureTerm) must not
// be negative. A crowd in front of the camera lowers the whole correlation and leaves the robust one high,
// which keeps the term up; a scene that shares only a handful of cells' layout with a camera whose
// references hold many views (handheld: the bikes clip's) reaches 0.87 with a whole correlation under
// 0.6. Measured on the same bench: 7 of the 6,335 frames above fail it (the plaza's, at a fifth of the
// frame rate), and the 10 frames of a mirrored plaza that reached 0.87 against the bikes clip's camera.
// The claimed camera is held to neither: its own frames need no name, and a session mirrored by a setting
// is still its picture.
// A frame clearly matches a camera when its fused score reaches 4 (hash and structure both on the camera's
// side of their anchors) and beats every other camera's by 2 (a quarter of the score's range).
constexpr double kClearMatch = 4;
constexpr double kClearMargin = 2;
// A stretch cut out of the claimed camera's view and back into it is the camera's own closer view (a
// pan/tilt/zoom preset) when its first and last pictures both sit, magnified at one placement, in the view
// they were cut from and back to, with zoomed structure correlation 0.85 or more (structure_zoom.h).
// Measured on the real clips of shared/media (bench/README.md): a 2x preset of each clip 0.76-0.98 (26 of
// 28 at 0.85 or more), other zooms 0.65-0.95; the same test between two clips' pictures, 0.83 at most
// over 1,008 pairs.
constexpr float kCloserView = 0.85f;
// The same test on the pictures either side of the two cuts (analyzers/picture_zoom.h), where the capture
// kept them: their luma correlation at one window, 0.93 or more at both cuts, is a closer view; under 0.8
// at either, none. Measured on the four sets of the real-footage bench (bench/README.md, thirty-ninth
// session): of the cameras' own 290 preset cuts, 278 correlated 0.93-1.0, 10 0.88-0.93 (an edited clip's,
// a moving camera's, a cockatoo walking up to a handheld camera's) and 2 under 0.8 (a tree through a
// window: at 2.2x its leaves, swaying, move too far between the two pictures); of 2,201 cuts into or out of
// another camera's burst, 2,175 under 0.8, the other 26 0.80-0.90, all in the cockatoo's sessions (a diver's
// bursts, as they are or mirrored: two pictures with little but their light's gradient, which luma
// correlates), none 0.93 or more; but for the twin cameras, a crop of another camera's scene and so a
// true closer view of it (101 of 681 at 0.93 or more), which only the twin's own references, matching
// clearly, keep foreign. Between the two, the structure decides (kCloserView).
constexpr float kCloserPicture = 0.93f;
constexpr float kUnlikePicture = 0.8f;

// Confidence is the path margin (log-odds of the chosen state against the best other state, from the
// Viterbi max-marginals) mapped to the probability that the verdict and attribution are right by Platt
// scaling, fitted on the tuning data only (simulate seeds 1-5 and the two static real clips, 13,065
// frames, 8 wrong; bench/calibrate_confidence.py). The margin alone under-states certainty: the best other
// state is often the same verdict (another candidate, or the unknown source beside a candidate), so frames
// with a small margin were still right 92% of the time.
constexpr double kPlattSlope = 0.8796;
constexpr double kPlattOffset = 2.3307;

}  // namespace

double OriginClassifier::confidenceOf(double margin) {
  return std::clamp(1.0 / (1.0 + std::exp(-(kPlattSlope * margin + kPlattOffset))), 0.5, 0.9999);
}

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::Consistent:
      return "consistent";
    case Verdict::Foreign:
      return "foreign";
    case Verdict::Corrupt:
      return "corrupt";
    case Verdict::Indeterminate:
      return "indeterminate";
  }
  return "indeterminate";
}

OriginClassifier::OriginClassifier(std::span<const CameraProfile> profiles, size_t indexAbove)
    : profiles_(profiles) {
  if (profiles.size() <= indexAbove) return;
  index_ = std::make_unique<HashIndex>();
  for (size_t c = 0; c < profiles.size(); ++c)
    for (const auto& entry : profiles[c].entries()) index_->add(entry.pdq, static_cast<uint32_t>(c));
  index_->freeze();
}

double OriginClassifier::matchScore(const ProfileMatch& match) {
  return hashTerm(match.pdqDistance) + structureTerm(match.structureSimilarity, match.robustStructure) +
         match.codecTerm + match.clockTerm;
}

double OriginClassifier::hashTerm(int pdqDistance) {
  return std::clamp((58.0 - pdqDistance) / 8.0, -4.0, 4.0);
}

double OriginClassifier::structureTerm(float structureSimilarity, float robustStructure) {
  const double whole = std::clamp((structureSimilarity - 0.72) / 0.04, -4.0, 4.0);
  const double robust = std::clamp((robustStructure - 0.83) / 0.03, -4.0, 4.0);
  return (whole + robust) / 2;
}

namespace {

// One capture's classification, phase by phase: each phase leaves what the next one reads.
class CaptureClassification {
 public:
  CaptureClassification(std::span<const CameraProfile> profiles, const HashIndex* index,
                        std::span<const FrameRecord> frames, size_t claimed)
      : profiles_(profiles),
        index_(index),
        frames_(frames),
        claimed_(claimed),
        out_(frames.size()),
        matches_(frames.size()),
        noDetail_(frames.size(), false),
        hashOnlyCut_(frames.size(), false) {}

  std::vector<FrameVerdict> run() {
    const bool speak = signaturesSpeak();
    for (size_t i = 0; i < frames_.size(); ++i) scoreFrame(i, speak);
    const std::vector<size_t> candidates = chooseCandidates();
    const std::vector<FrameEvidence> evidence = buildEvidence(candidates);
    TemporalPath path = TemporalModel(candidates.size()).decode(evidence);
    attributeUnknownRuns(path, candidates, evidence);
    std::vector<bool> unexplained(frames_.size());
    for (size_t i = 0; i < frames_.size(); ++i)
      unexplained[i] = path.steps[i].source == TemporalPath::Source::Unknown;
    const std::vector<size_t> chainOf = viewChainsOfFrames();
    const size_t chains = chainOf.empty() ? 0 : *std::max_element(chainOf.begin(), chainOf.end()) + 1;
    followViewChains(path, chainOf, chains, candidates, evidence);
    keepShotsWhole(path, evidence, kClearMatch);
    const std::vector<bool> inserted = insertions(path, chainOf, chains, candidates, evidence);
    const std::vector<bool> drifted = drifts(path, inserted);
    for (size_t i = 0; i < frames_.size(); ++i) assignVerdict(i, path.steps[i], candidates);
    markSceneChanges(path, unexplained, inserted);
    markDrifts(drifted);
    std::vector<bool> closerViews(frames_.size());
    for (size_t i = 0; i < frames_.size(); ++i) closerViews[i] = closer(i);
    markDrifts(closerViews);
    if (profiles_[claimed_].empty()) markDrifts(majorityOfAnother());
    markMirrorImages();
    for (auto& v : out_) v.confidence = round4(v.confidence);
    return std::move(out_);
  }

 private:
  // Stream signatures speak only when the capture's usual signature is one the claimed camera produces:
  // a session transcoded by a server says nothing about its frames' sources.
  bool signaturesSpeak() const {
    std::map<std::string, size_t> counts;
    for (const auto& f : frames_) {
      if (!f.unreadable) ++counts[f.streamSignature];
    }
    std::string usual;
    size_t usualCount = 0;
    for (const auto& [signature, count] : counts) {
      if (count > usualCount) {
        usual = signature;
        usualCount = count;
      }
    }
    return profiles_[claimed_].knowsSignature(usual);
  }

  // The cameras a frame is scored against: all of them in small cases, else the claimed camera and those
  // the hash index finds nearest.
  std::vector<size_t> camerasToScore(const FrameRecord& f) const {
    std::vector<size_t> scored;
    if (index_) {
      scored.push_back(claimed_);
      for (const auto& hit : index_->nearestLabels(f.signals.pdq, kIndexCandidates))
        scored.push_back(hit.label);
      if (f.signals.insideBars) {
        for (const auto& hit : index_->nearestLabels(f.signals.insideBars->pdq, kIndexCandidates))
          scored.push_back(hit.label);
      }
      std::sort(scored.begin(), scored.end());
      scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
    } else {
      for (size_t c = 0; c < profiles_.size(); ++c) scored.push_back(c);
    }
    return scored;
  }

  // Phase 1: a frame's match against each camera scored, its claimed and best other camera in its verdict.
  void scoreFrame(size_t i, bool signaturesSpeak) {
    const size_t cameras = profiles_.size();
    const FrameRecord& f = frames_[i];
    FrameVerdict& v = out_[i];
    v.index = f.index;
    if (f.hasPts) v.pts = std::round(f.pts * 1e6) / 1e6;
    v.decodeDamaged = f.decodeDamaged;
    v.referenceDamaged = f.referenceDamaged;
    v.provenance = f.provenance;
    v.time = f.time;
    if (f.interoperablePdq)
      v.pdqHex = f.interoperablePdq->hash.hex(), v.pdqQuality = f.interoperablePdq->quality;
    noDetail_[i] =
        f.unreadable || f.signals.pdqQuality < kMinQuality || f.signals.lumaStdDev < kMinLumaSpread;
    if (f.unreadable) return;
    const StructureVector structure = normalizeStructure(f.signals.structure);
    const StructureVector cells = normalizeCells(f.signals.structure);
    // A picture inside letterbox or pillarbox bars is matched inside them too, and each camera is held to
    // the nearer of the two: another camera's picture fitted into this stream's proportions.
    const FrameSignals* inside = f.signals.insideBars.get();
    const StructureVector insideStructure =
        inside ? normalizeStructure(inside->structure) : StructureVector{};
    const StructureVector insideCells = inside ? normalizeCells(inside->structure) : StructureVector{};
    const double ownSignature =
        signaturesSpeak ? profiles_[claimed_].signatureEvidence(f.streamSignature) : 0;
    size_t best = cameras, second = cameras;
    double bestScore = 0, secondScore = 0;
    for (size_t c : camerasToScore(f)) {
      ProfileMatch m =
          profiles_[c].empty() ? ProfileMatch{} : profiles_[c].match(f.signals.pdq, structure, cells);
      if (inside && !profiles_[c].empty()) {
        const ProfileMatch fitted = profiles_[c].match(inside->pdq, insideStructure, insideCells);
        if (OriginClassifier::matchScore(fitted) > OriginClassifier::matchScore(m)) m = fitted;
      }
      // Only the claimed camera can be held to its signature: a foreign picture re-encoded into the
      // session's stream carries the session's signature, not its source's. Another camera gains only
      // when the frame's odd signature is one it is known to produce.
      if (signaturesSpeak && !profiles_[c].empty()) {
        m.codecTerm =
            c == claimed_
                ? ownSignature
                : (ownSignature < 0 && profiles_[c].knowsSignature(f.streamSignature) ? kSignatureBonus : 0);
      }
      matches_[i].emplace_back(c, m);
      if (c == claimed_ || profiles_[c].empty()) continue;
      const double score = OriginClassifier::matchScore(m);
      if (best == cameras || score > bestScore) {
        second = best;
        secondScore = bestScore;
        best = c;
        bestScore = score;
      } else if (second == cameras || score > secondScore) {
        second = c;
        secondScore = score;
      }
    }
    if (frames_[i].clock.standing == OsdStanding::OtherZone) {
      for (auto& [c, m] : matches_[i])
        if (c == claimed_) m.clockTerm = kOtherTimeZone;
    }
    const ProfileMatch own = matchOf(i, claimed_);
    v.pdqClaimed = own.pdqDistance;
    v.structureClaimed = own.structureSimilarity;
    v.robustClaimed = own.robustStructure;
    v.codecClaimed = own.codecTerm;
    v.scoreClaimed = OriginClassifier::matchScore(own);
    v.scoreOther = v.scoreRunnerUp = -8;
    if (best < cameras) {
      const ProfileMatch m = matchOf(i, best);
      v.bestOther = profiles_[best].cameraId();
      v.pdqOther = m.pdqDistance;
      v.structureOther = m.structureSimilarity;
      v.robustOther = m.robustStructure;
      v.scoreOther = OriginClassifier::matchScore(m);
      if (!noDetail_[i]) ++nearness_[best];
    }
    if (second < cameras) {
      v.runnerUp = profiles_[second].cameraId();
      v.scoreRunnerUp = secondScore;
    }
  }

  // Phase 2: the candidate sources of the temporal model: the cameras nearest on most frames.
  std::vector<size_t> chooseCandidates() {
    std::vector<size_t> candidates;
    for (const auto& [camera, count] : nearness_) candidates.push_back(camera);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](size_t a, size_t b) { return nearness_[a] > nearness_[b]; });
    if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
    std::sort(candidates.begin(), candidates.end());
    return candidates;
  }

  // Phase 3: what the temporal model weighs per frame: the scores, damage, and the cut before it.
  std::vector<FrameEvidence> buildEvidence(const std::vector<size_t>& candidates) {
    std::vector<FrameEvidence> evidence(frames_.size());
    for (size_t i = 0; i < frames_.size(); ++i) {
      const FrameRecord& f = frames_[i];
      FrameEvidence& e = evidence[i];
      e.claimed = out_[i].scoreClaimed;
      for (size_t c : candidates)
        e.others.push_back(f.unreadable ? -8 : OriginClassifier::matchScore(matchOf(i, c)));
      e.decodeDamaged = f.decodeDamaged || f.unreadable;
      e.referenceDamaged = f.referenceDamaged;
      e.seams = f.signals.damage >= kSeamDamage;
      e.noDetail = noDetail_[i];
      if (i > 0) {
        const PictureStep step = pictureStep(frames_[i - 1], f);
        out_[i].pdqStep = step.pdq;
        out_[i].structureStep = step.structure;
        e.cutBefore = step.cut;
        hashOnlyCut_[i] = step.hashOnly;
        // Consecutive frames of one scene are near-copies: counting each as independent evidence let a
        // long stretch of mild mismatch (a twin camera's own footage drifting from its reference) outvote
        // the missing cuts. A frame's weight grows with how much it differs from its predecessor.
        e.novelty =
            e.cutBefore ? 1.0 : std::clamp((1.0 - out_[i].structureStep) / kNoveltyScale, kMinNovelty, 1.0);
      }
      out_[i].cutBefore = e.cutBefore;
    }
    return evidence;
  }

  // Phase 3b: unattributed stretches that a camera of the case explains are that camera's. A stretch is
  // cut where the pictures cut (a change of source always comes with one), and is given to the camera,
  // the claimed one included, whose robust structure reaches kOwnRobustStructure on half of its frames or
  // more and whose fused score is highest over it; none reaching it: it stays unattributed.
  void attributeUnknownRuns(TemporalPath& path, const std::vector<size_t>& candidates,
                            const std::vector<FrameEvidence>& evidence) const {
    const size_t n = frames_.size();
    for (size_t i = 0; i < n;) {
      if (path.steps[i].source != TemporalPath::Source::Unknown) {
        ++i;
        continue;
      }
      size_t end = i + 1;
      while (end < n && path.steps[end].source == TemporalPath::Source::Unknown && !evidence[end].cutBefore)
        ++end;
      const int owner =
          explainingCamera(i, end, candidates, evidence, 2, !barsCameWithCuts(i, end, evidence));
      for (size_t k = i; owner != kNone && k < end; ++k) reassign(path.steps[k], owner);
      i = end;
    }
  }

  // Whether every detailed picture of frames [begin, end) sits inside letterbox or pillarbox bars that the
  // pictures across the cuts at its ends do not have: a picture of other proportions fitted into the stream
  // from the first frame of the run to its last, which the claimed camera's own pictures on either side
  // fill. Matched inside its bars, such a picture must not be taken for the claimed camera's view on its
  // robust structure alone (read on the second held-out set: a diver's blurred pictures fitted into a
  // cockatoo camera's session reached robust structure 0.90-0.92 against the cockatoo's references, 100-114
  // PDQ bits away, and 60 frames were called the cockatoo's own).
  bool barsCameWithCuts(size_t begin, size_t end, const std::vector<FrameEvidence>& evidence) const {
    const size_t n = frames_.size();
    if (begin == 0 || !evidence[begin].cutBefore || (end < n && !evidence[end].cutBefore)) return false;
    const auto barred = [&](size_t k) { return frames_[k].signals.insideBars != nullptr; };
    if (noDetail_[begin - 1] || barred(begin - 1) || (end < n && (noDetail_[end] || barred(end))))
      return false;
    size_t detailed = 0;
    for (size_t k = begin; k < end; ++k) {
      if (noDetail_[k]) continue;
      if (!barred(k)) return false;
      ++detailed;
    }
    return detailed > 0;
  }

  static constexpr int kNone = -2, kClaimed = -1;

  // Gives a step to kClaimed, kNone (the unknown source) or a candidate's index.
  static void reassign(TemporalPath::Step& step, int owner) {
    using Source = TemporalPath::Source;
    if (owner == kClaimed)
      step.reassign(Source::Claimed);
    else if (owner == kNone)
      step.reassign(Source::Unknown);
    else
      step.reassign(Source::Candidate, owner);
  }
  // Which camera explains frames [begin, end): kClaimed, a candidate's index, or kNone.
  int explainingCamera(size_t begin, size_t end, const std::vector<size_t>& candidates,
                       const std::vector<FrameEvidence>& evidence, size_t foreignFrames = 2,
                       bool claimedMayExplain = true) const {
    size_t detailed = 0;
    std::vector<size_t> matching(candidates.size() + 1, 0);  // the claimed camera last
    std::vector<double> score(candidates.size() + 1, 0.0);
    for (size_t f = begin; f < end; ++f) {
      if (noDetail_[f]) continue;
      ++detailed;
      for (size_t k = 0; k <= candidates.size(); ++k) {
        const size_t camera = k < candidates.size() ? candidates[k] : claimed_;
        matching[k] += showsView(f, camera);
        score[k] += k < candidates.size() ? evidence[f].others[k] : evidence[f].claimed;
      }
    }
    int owner = kNone;
    for (size_t k = 0; k <= candidates.size(); ++k) {
      // One picture's likeness to a similar scene never names a stranger's camera: a foreign camera needs
      // two frames of its own structure (the claimed camera may keep one, which only costs a finding),
      // unless the cuts around the picture already showed it foreign (`foreignFrames` 1).
      const size_t needed = k < candidates.size() ? foreignFrames : 1;
      if (k == candidates.size() && !claimedMayExplain) continue;
      if (detailed == 0 || matching[k] * 2 < detailed || matching[k] < needed) continue;
      if (owner == kNone ||
          score[k] > score[owner == kClaimed ? candidates.size() : static_cast<size_t>(owner)])
        owner = k < candidates.size() ? static_cast<int>(k) : kClaimed;
    }
    return owner;
  }

  // Phase 3c: each frame's view chain (audit/view_chains.h), numbered from 0.
  std::vector<size_t> viewChainsOfFrames() const {
    std::vector<bool> cuts(frames_.size());
    for (size_t i = 1; i < frames_.size(); ++i) cuts[i] = out_[i].cutBefore;
    return viewChains(cuts, [&](size_t a, size_t b) {
      return !noDetail_[a] && !noDetail_[b] && !pictureStep(frames_[a], frames_[b]).cut;
    });
  }

  // Phase 3d: frames the path left to the unknown source in a chain whose other frames it gave to one
  // camera alone are that camera's: no cut separates them, so neither does a change of source (a moving
  // camera drifting into views its references never had; another camera's footage served for a whole
  // session, drifting likewise). As for unexplained stretches, a foreign camera needs two frames. A chain
  // another camera clearly matches where the claimed one never does is that camera's, whatever the path
  // made of it (clearlyMatchingCamera).
  void followViewChains(TemporalPath& path, const std::vector<size_t>& chainOf, size_t chains,
                        const std::vector<size_t>& candidates,
                        const std::vector<FrameEvidence>& evidence) const {
    std::vector<size_t> claimed(chains, 0);
    std::vector<std::map<int, size_t>> given(chains);
    for (size_t i = 0; i < frames_.size(); ++i) {
      if (noDetail_[i]) continue;
      const auto& step = path.steps[i];
      if (step.source == TemporalPath::Source::Claimed) ++claimed[chainOf[i]];
      if (step.source == TemporalPath::Source::Candidate) ++given[chainOf[i]][step.candidate];
    }
    std::vector<int> owner(chains, kNone);
    for (size_t c = 0; c < chains; ++c) {
      if (claimed[c] > 0 && given[c].empty()) owner[c] = kClaimed;
      if (claimed[c] == 0 && given[c].size() == 1 && given[c].begin()->second >= 2)
        owner[c] = given[c].begin()->first;
    }
    const std::vector<int> clearOwner = clearlyMatchingCamera(chainOf, chains, candidates, evidence);
    for (size_t i = 0; i < frames_.size(); ++i) {
      auto& step = path.steps[i];
      const int clear = clearOwner[chainOf[i]];
      // Damage keeps its source (audit/temporal_model.h): the damaged pictures of a chain another camera
      // clearly holds are that camera's too, as no cut separates them from its clear ones.
      if (clear != kNone) {
        reassign(step, clear);
        continue;
      }
      const int o = owner[chainOf[i]];
      if (step.source == TemporalPath::Source::Unknown && o != kNone) reassign(step, o);
    }
  }

  // Per chain, the candidate that clearly matches it where the claimed camera never does, or kNone. A frame
  // clearly matches a camera when its fused score reaches kClearMatch and beats every other camera's by
  // kClearMargin. Two such frames of a candidate, none of the claimed camera's: the chain is the
  // candidate's, whatever the path made of its frames where both match poorly. A session served wholly by
  // a camera of a similar scene starts where that camera's references end and drifts from there: the
  // path weighs the drift, where the claimed camera's references happen to come less far, as much as the
  // seconds where the true camera's match is plain.
  std::vector<int> clearlyMatchingCamera(const std::vector<size_t>& chainOf, size_t chains,
                                         const std::vector<size_t>& candidates,
                                         const std::vector<FrameEvidence>& evidence) const {
    std::vector<size_t> claimedClear(chains, 0);
    std::vector<std::map<int, size_t>> clear(chains);
    for (size_t i = 0; i < frames_.size(); ++i) {
      const FrameEvidence& e = evidence[i];
      if (noDetail_[i] || e.decodeDamaged) continue;
      int best = -1;
      double bestScore = e.claimed, runnerUp = -8;
      for (size_t k = 0; k < e.others.size(); ++k) {
        if (e.others[k] > bestScore) {
          runnerUp = bestScore;
          bestScore = e.others[k];
          best = static_cast<int>(k);
        } else {
          runnerUp = std::max(runnerUp, e.others[k]);
        }
      }
      if (bestScore < kClearMatch || bestScore - runnerUp < kClearMargin) continue;
      if (best < 0) {
        ++claimedClear[chainOf[i]];
      } else if (showsView(i, candidates[static_cast<size_t>(best)])) {
        ++clear[chainOf[i]][best];
      }
    }
    std::vector<int> owner(chains, kNone);
    for (size_t c = 0; c < chains; ++c) {
      if (claimedClear[c] > 0 || clear[c].size() != 1 || clear[c].begin()->second < 2) continue;
      owner[c] = clear[c].begin()->first;
    }
    return owner;
  }

  // Phase 3e: the stretches the claimed camera does not hold, cut into one of its views and cut back into
  // the same view: the camera's view resumed, so its scene did not change while the stretch played, and
  // the stretch is foreign however long (its unknown frames are returned as inserted, never a scene
  // change). The view must be the claimed camera's beyond doubt: on most of its frames no other camera of
  // the case scores higher. Views the path gave the claimed camera although another camera scores higher
  // on most of their frames (a similar scene: a twin camera's burst) do not hold it: inside an insertion
  // they go to the camera that explains them, or to the unknown source. A camera panning away and back
  // leaves its view without a cut, so its own unplaced views are not taken for an insertion.
  std::vector<bool> insertions(TemporalPath& path, const std::vector<size_t>& chainOf, size_t chains,
                               const std::vector<size_t>& candidates,
                               const std::vector<FrameEvidence>& evidence) {
    const size_t n = frames_.size();
    std::vector<size_t> held(chains, 0), beaten(chains, 0);
    for (size_t i = 0; i < n; ++i) {
      if (noDetail_[i] || path.steps[i].source != TemporalPath::Source::Claimed) continue;
      ++(out_[i].scoreOther > out_[i].scoreClaimed ? beaten : held)[chainOf[i]];
    }
    resumeHeldViews(path, chainOf, held, beaten);
    const auto holds = [&](size_t i) {
      return path.steps[i].source == TemporalPath::Source::Claimed && beaten[chainOf[i]] <= held[chainOf[i]];
    };
    std::vector<bool> inserted(n, false);
    for (size_t i = 1; i < n;) {
      if (holds(i)) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < n && !holds(end)) ++end;
      const size_t view = chainOf[i - 1];
      if (end < n && out_[i].cutBefore && out_[end].cutBefore && markCloserView(path, i, end, evidence)) {
        i = end;
        continue;
      }
      if (end < n && out_[i].cutBefore && out_[end].cutBefore && chainOf[end] == view &&
          held[view] > beaten[view]) {
        giveAwayClaimedRuns(path, i, end, candidates, evidence);
        for (size_t k = i; k < end; ++k) inserted[k] = path.steps[k].source == TemporalPath::Source::Unknown;
      }
      i = end;
    }
    interruptionsOfUnplacedViews(path, chainOf, chains, evidence, inserted);
    return inserted;
  }

  // Phase 3e, first: a view the claimed camera holds (as above) is its own wherever the session comes back
  // to it. A frame of that view's chain, after the camera held it, continues the view without a cut, as if
  // the frames between had been cut out, whatever the path made of it: the shot after a burst picks up
  // where the camera's view was left. Read on the held-out clips (bench/heldout_clips.sh: a static camera
  // over a plain wall, whose only structure is a hand turning a cup): its own frames after each burst stood
  // 88-120 hash bits from every reference, so the shot that resumed its view was given to the burst's
  // camera or to the unknown source, while the same frames of its clean session were its own. Damage keeps
  // its source (audit/temporal_model.h). Only a camera profiled from references: one profiled from its
  // sessions may hold another camera's feed served into them as its own view (on the same clips without
  // references, the twin camera had learned the cup's bursts in its sessions, and a 30-frame burst of the
  // cup that continued one of them became the twin's).
  void resumeHeldViews(TemporalPath& path, const std::vector<size_t>& chainOf,
                       const std::vector<size_t>& held, const std::vector<size_t>& beaten) const {
    if (profiles_[claimed_].learnedFromSessions()) return;
    std::vector<bool> seen(held.size(), false);  // the claimed camera held the chain on an earlier frame
    for (size_t i = 0; i < frames_.size(); ++i) {
      const size_t c = chainOf[i];
      if (held[c] <= beaten[c]) continue;
      auto& step = path.steps[i];
      if (step.source == TemporalPath::Source::Claimed) {
        seen[c] = seen[c] || !noDetail_[i];
      } else if (seen[c] && step.source != TemporalPath::Source::Damaged) {
        reassign(step, kClaimed);
      }
    }
  }

  // Phase 3e, for a session the claimed camera's references do not place at all (a camera that moved, or
  // films scenes its references never had): no view of it holds, so the rule above finds nothing, and a
  // burst from a camera outside the case was a scene change like the rest (measured: every outsider burst
  // of the real-footage bench's moving camera, 1 to 60 frames, indeterminate). The session is read as it
  // plays: what it shows first is its own view; a cut into another view that the session comes back from
  // is an interruption of it, whose unknown frames are inserted (unless they are a closer view of it,
  // markCloserView); a cut it never comes back from is the camera's scene changing, and the new view is
  // its own from there. The order matters: a foreign camera's bursts chain into one view that, over a
  // session, may hold more frames than any one scene of a camera that keeps changing its scene. A view
  // that any camera explains on some frame is left to the rule above and to the path.
  void interruptionsOfUnplacedViews(TemporalPath& path, const std::vector<size_t>& chainOf, size_t chains,
                                    const std::vector<FrameEvidence>& evidence, std::vector<bool>& inserted) {
    const size_t n = frames_.size();
    std::vector<bool> placed(chains, false);
    for (size_t i = 0; i < n; ++i)
      placed[chainOf[i]] = placed[chainOf[i]] || path.steps[i].source != TemporalPath::Source::Unknown;
    // Where each frame's view shows next: the end of a stretch in one look-up, so the pass stays linear.
    std::vector<size_t> nextInView(n, n), latest(chains, n);
    for (size_t i = n; i-- > 0;) {
      nextInView[i] = latest[chainOf[i]];
      latest[chainOf[i]] = i;
    }
    size_t own = n;  // the frame of the session's own view last seen
    for (size_t i = 0; i < n;) {
      if (noDetail_[i]) {  // a picture with no detail is no view: it neither ends nor resumes one
        ++i;
        continue;
      }
      if (own == n || chainOf[i] == chainOf[own]) {
        own = i++;
        continue;
      }
      size_t end = nextInView[own];
      while (end < i) end = nextInView[end];  // past pictures with no detail that fell in the view
      if (end == n) {                         // never resumed: the camera's scene changed
        own = i++;
        continue;
      }
      bool open = !placed[chainOf[own]] && out_[i].cutBefore && out_[end].cutBefore;
      for (size_t k = i; k < end && open; ++k) {
        const auto source = path.steps[k].source;
        open = !inserted[k] &&
               (source == TemporalPath::Source::Unknown || source == TemporalPath::Source::Candidate);
      }
      if (open && !markCloserView(path, i, end, evidence)) {
        for (size_t k = i; k < end; ++k)
          inserted[k] = !noDetail_[k] && path.steps[k].source == TemporalPath::Source::Unknown;
      }
      i = end;
    }
  }

  // Phase 3e, before a stretch is taken for an insertion: a pan/tilt/zoom camera touring its presets cuts
  // to a closer view of part of its scene and back, a view no reference and no other session has. Where
  // the path gave every frame of the stretch to the unknown source, or to cameras of the case that never
  // clearly match it (fused score under kClearMatch: another scene that half-explains the closer view),
  // and its first and last pictures sit at one placement in the view before and after it (kCloserView),
  // its frames are that closer view (a scene change, indeterminate), not an insertion. Returns whether
  // they were.
  bool markCloserView(const TemporalPath& path, size_t begin, size_t end,
                      const std::vector<FrameEvidence>& evidence) {
    for (size_t k = begin; k < end; ++k) {
      const auto& step = path.steps[k];
      const bool weaklyGiven = step.source == TemporalPath::Source::Candidate &&
                               evidence[k].others[static_cast<size_t>(step.candidate)] < kClearMatch;
      if (step.source != TemporalPath::Source::Unknown && !weaklyGiven) return false;
    }
    const auto usable = [&](size_t k) { return !noDetail_[k] && !frames_[k].decodeDamaged; };
    if (!usable(begin - 1) || !usable(end)) return false;
    // The pictures themselves either side of both cuts, where the capture kept their witness and those
    // just inside the stretch have detail: where they correlate clearly at one window, the stretch is that
    // closer view; where either is clearly unlike, it is not; in between, the structure decides as below.
    const CutZoom* entry = frames_[begin].cutZoom.get();
    const CutZoom* exit = frames_[end].cutZoom.get();
    if (entry && exit && usable(begin) && usable(end - 1)) {
      const PictureZoom& in = entry->laterInEarlier;
      const PictureZoom& back = exit->earlierInLater;
      const float lower = std::min(in.similarity, back.similarity);
      if (lower < kUnlikePicture) return false;
      if (lower >= kCloserPicture && samePlacement(in, back)) {
        constexpr float kPixelsPerCell = static_cast<float>(kThumbnailSide) / kStructureCells;
        ZoomMatch pictured;
        pictured.placement = {in.zoom(), static_cast<float>(in.left) / kPixelsPerCell,
                              static_cast<float>(in.top) / kPixelsPerCell};
        pictured.similarity = static_cast<float>(round4(lower));
        for (size_t k = begin; k < end; ++k) out_[k].closerView = pictured;
        return true;
      }
    }
    // The stretch's first and last pictures with detail: a blurred or damaged picture just after the cut
    // says nothing about where the view sits, and must not end the search.
    size_t first = begin, last = end - 1;
    while (first < end && !usable(first)) ++first;
    while (last > first && !usable(last)) --last;
    if (first == end) return false;
    const auto& entryCloser = frames_[first].signals.structure;
    const auto& entryWider = frames_[begin - 1].signals.structure;
    const auto& exitCloser = frames_[last].signals.structure;
    const auto& exitWider = frames_[end].signals.structure;
    // The placement one end finds, held to the other end too.
    const auto placedAtBothEnds = [](const StructureDescriptor& closer, const StructureDescriptor& wider,
                                     const StructureDescriptor& otherCloser,
                                     const StructureDescriptor& otherWider) {
      ZoomMatch m = bestZoomPlacement(closer, wider);
      m.similarity = std::min(m.similarity, zoomedStructureSimilarity(otherCloser, otherWider, m.placement));
      return m;
    };
    const ZoomMatch fromEntry = placedAtBothEnds(entryCloser, entryWider, exitCloser, exitWider);
    const ZoomMatch fromExit = placedAtBothEnds(exitCloser, exitWider, entryCloser, entryWider);
    ZoomMatch best = fromExit.similarity > fromEntry.similarity ? fromExit : fromEntry;
    if (best.similarity < kCloserView) return false;
    best.similarity = static_cast<float>(round4(best.similarity));
    for (size_t k = begin; k < end; ++k) out_[k].closerView = best;
    return true;
  }

  bool closer(size_t i) const { return out_[i].closerView.placement.zoom > 0; }

  // Phase 3f: a stretch the path gave another source, entered from a frame of the claimed camera without a
  // cut and left into one without a cut (or running to the capture's end), is the claimed camera's view
  // drifting where its profile does not reach (people close to the lens, a camera panning, its session's
  // tail past what it was profiled on): a feed switched by a cache changes the picture at once, and every
  // inserted run of the real-footage bench had a cut at its entry or its exit. Such a stretch is not
  // called foreign on the likeness of another camera's views; it is a change of the claimed camera's
  // scene (indeterminate). Measured there without references: the twin camera's session tails (428 of
  // its own frames, no cut in or out) had been attributed to the camera it is a crop of. A cut of the hash
  // step alone (PictureStep::hashOnly) is no cut here where no cut of the structure lies inside the
  // stretch: over the four held-out sets no change of source was one (0 of 4,450), while a camera's own
  // footage made 425 (an old film's jitter, a lamp, a cockatoo walking up to the lens); read on the third
  // held-out set, whose pan/tilt camera over a 1906 film had the last 6-12 frames of every session called
  // foreign behind such a step. A cut of the structure inside the stretch keeps the old rule: the
  // stretch may hold another camera's bursts (read on the second set: a diver's bursts in a cockatoo
  // session, behind a step of the hash alone, had become part of the cockatoo's drift).
  std::vector<bool> drifts(const TemporalPath& path, const std::vector<bool>& inserted) const {
    const size_t n = frames_.size();
    std::vector<bool> drifted(n, false);
    const auto away = [&](size_t i) {
      return path.steps[i].source == TemporalPath::Source::Candidate ||
             path.steps[i].source == TemporalPath::Source::Unknown;
    };
    for (size_t i = 1; i < n;) {
      if (!away(i)) {
        ++i;
        continue;
      }
      size_t end = i;
      bool anyInserted = false, cutInside = false;
      for (; end < n && away(end); ++end) {
        anyInserted = anyInserted || inserted[end];
        cutInside = cutInside || (end > i && out_[end].cutBefore && !hashOnlyCut_[end]);
      }
      const auto smooth = [&](size_t k) { return !out_[k].cutBefore || (hashOnlyCut_[k] && !cutInside); };
      const bool enteredSmoothly = path.steps[i - 1].source == TemporalPath::Source::Claimed && smooth(i);
      const bool leftSmoothly =
          end == n || (path.steps[end].source == TemporalPath::Source::Claimed && smooth(end));
      if (enteredSmoothly && leftSmoothly && !anyInserted)
        std::fill(drifted.begin() + i, drifted.begin() + end, true);
      i = end;
    }
    return drifted;
  }

  // Phase 4c, for a claimed camera with no profile (no reference, no clear scene in its sessions): it
  // cannot be told from a camera it resembles, so the camera that fills most of the capture's detailed
  // frames is presumed to be what the claimed camera films, a change of scene (whose second look through
  // the case's sessions may still show it another camera's feed), not foreign on likeness alone. Runs cut
  // into it from other cameras stay foreign. Measured without references: a pan/tilt camera sweeping
  // across another camera's scene had 1,466 of its own frames called that camera's.
  std::vector<bool> majorityOfAnother() const {
    std::map<std::string, size_t> frames;
    size_t detailed = 0;
    for (size_t i = 0; i < out_.size(); ++i) {
      if (noDetail_[i] || out_[i].verdict == Verdict::Corrupt) continue;
      ++detailed;
      if (out_[i].verdict == Verdict::Foreign && !out_[i].attributedCamera.empty())
        ++frames[out_[i].attributedCamera];
    }
    std::vector<bool> presumed(out_.size(), false);
    for (const auto& [camera, count] : frames) {
      if (count * 2 <= detailed) continue;  // at most one camera fills more than half
      for (size_t i = 0; i < out_.size(); ++i)
        presumed[i] = out_[i].verdict == Verdict::Foreign && out_[i].attributedCamera == camera;
      break;
    }
    return presumed;
  }

  void markDrifts(const std::vector<bool>& drifted) {
    for (size_t i = 0; i < out_.size(); ++i) {
      FrameVerdict& v = out_[i];
      if (!drifted[i] || v.verdict == Verdict::Corrupt) continue;
      v.verdict = Verdict::Indeterminate;
      v.sceneChange = true;
      v.attributedCamera.clear();
      v.pdqAttributed = 256;
      v.structureAttributed = -1;
      v.robustAttributed = -1;
      v.noiseAttributed = std::numeric_limits<float>::quiet_NaN();
    }
  }

  // The runs of an insertion [begin, end) that the path gave the claimed camera, cut where the pictures
  // cut: to the camera that explains each, one frame being enough now, else to the unknown source.
  void giveAwayClaimedRuns(TemporalPath& path, size_t begin, size_t end,
                           const std::vector<size_t>& candidates,
                           const std::vector<FrameEvidence>& evidence) const {
    for (size_t i = begin; i < end;) {
      if (path.steps[i].source != TemporalPath::Source::Claimed) {
        ++i;
        continue;
      }
      size_t runEnd = i + 1;
      while (runEnd < end && path.steps[runEnd].source == TemporalPath::Source::Claimed &&
             !evidence[runEnd].cutBefore)
        ++runEnd;
      const int owner = explainingCamera(i, runEnd, candidates, evidence, 1);
      for (size_t k = i; owner != kClaimed && k < runEnd; ++k) reassign(path.steps[k], owner);
      i = runEnd;
    }
  }

  // Phase 4: a frame's verdict from its step on the temporal path.
  void assignVerdict(size_t i, const TemporalPath::Step& step, const std::vector<size_t>& candidates) {
    FrameVerdict& v = out_[i];
    v.temporalMargin = step.margin;
    v.confidence = OriginClassifier::confidenceOf(step.margin);
    v.noiseClaimed = noiseOf(frames_[i], claimed_);
    v.clock = frames_[i].clock;
    if (frames_[i].unreadable) {
      v.verdict = Verdict::Corrupt;
      v.confidence = 1.0;
      return;
    }
    switch (step.source) {
      case TemporalPath::Source::Damaged:
        v.verdict = Verdict::Corrupt;
        break;
      case TemporalPath::Source::Claimed:
        v.verdict = Verdict::Consistent;
        v.attributedCamera = profiles_[claimed_].cameraId();
        break;
      case TemporalPath::Source::Candidate: {
        const size_t c = candidates[static_cast<size_t>(step.candidate)];
        v.verdict = Verdict::Foreign;
        v.attributedCamera = profiles_[c].cameraId();
        const ProfileMatch m = matchOf(i, c);
        v.noiseAttributed = noiseOf(frames_[i], c);
        v.pdqAttributed = m.pdqDistance;
        v.structureAttributed = m.structureSimilarity;
        v.robustAttributed = m.robustStructure;
        break;
      }
      case TemporalPath::Source::Unknown:
        v.verdict = Verdict::Foreign;
        break;
    }
    if (noDetail_[i] && v.verdict != Verdict::Corrupt) {
      v.verdict = Verdict::Indeterminate;
      v.attributedCamera.clear();
      v.confidence = 0.5;
    }
  }

  // Phase 5: long unattributed stretches are a scene change, not a burst. Bursts of known cameras and
  // damage inside the stretch do not end it; only the claimed camera coming back does. And when most of a
  // capture matches no camera at all, the claimed camera's look has changed (moved, replaced, a moving
  // camera): that is one scene-change finding, not a flood of foreign frames. "Most" counts what matched
  // no camera before views were followed along their chains (`unexplained`), for the frames the path
  // still leaves unknown then are, in such a capture, more of the views it cannot place. Insertions the
  // claimed camera's view resumed after (`inserted`) are foreign whatever their length.
  void markSceneChanges(const TemporalPath& path, const std::vector<bool>& unexplained,
                        const std::vector<bool>& inserted) {
    const size_t n = frames_.size();
    size_t unknownTotal = 0, detailed = 0;
    for (size_t i = 0; i < n; ++i) {
      if (noDetail_[i] || inserted[i] || closer(i) || path.steps[i].source == TemporalPath::Source::Candidate)
        continue;
      unknownTotal += unexplained[i];
      ++detailed;
    }
    const bool sceneLost =
        unknownTotal >= kMinSceneLostFrames && unknownTotal * 10 >= detailed * kSceneLostTenths;
    for (size_t i = 0; i < n;) {
      if (path.steps[i].source == TemporalPath::Source::Claimed) {
        ++i;
        continue;
      }
      size_t end = i, unknown = 0;
      while (end < n && path.steps[end].source != TemporalPath::Source::Claimed) {
        unknown += path.steps[end].source == TemporalPath::Source::Unknown && !inserted[end];
        ++end;
      }
      if (sceneLost || unknown >= OriginClassifier::kSceneChangeFrames) {
        for (size_t k = i; k < end; ++k) {
          if (path.steps[k].source != TemporalPath::Source::Unknown || inserted[k]) continue;
          if (out_[k].verdict == Verdict::Foreign) out_[k].verdict = Verdict::Indeterminate;
          out_[k].sceneChange = true;
        }
      }
      i = end;
    }
  }

  // Phase 4: the unattributed foreign frames that a camera of the case's references explain mirrored left
  // to right (robust structure kOwnRobustStructure or more, and more than as they are): a lead for the
  // responder (that camera's pictures mirrored on their way, or a stranger whose scene is its mirror
  // image), never an attribution. The claimed camera included: its own pictures mirrored by a setting.
  void markMirrorImages() {
    for (size_t i = 0; i < frames_.size(); ++i) {
      FrameVerdict& v = out_[i];
      if (v.verdict != Verdict::Foreign || !v.attributedCamera.empty() || noDetail_[i]) continue;
      for (const auto& [c, m] : matches_[i]) {
        if (profiles_[c].empty()) continue;
        const float mirrored = mirroredRobust(i, c);
        if (mirrored < kOwnRobustStructure || mirrored <= m.robustStructure || mirrored <= v.robustMirrored)
          continue;
        if (names_.empty()) names_.resize(profiles_.size());
        if (names_[c].empty()) names_[c] = SharedText(profiles_[c].cameraId());
        v.mirrorOf = names_[c];
        v.robustMirrored = mirrored;
      }
    }
  }

  // Whether the frame shows the camera's scene: robust structure kOwnRobustStructure or more, and for
  // a camera other than the claimed one, not better mirrored and not against the whole structure.
  bool showsView(size_t frame, size_t camera) const {
    const ProfileMatch m = matchOf(frame, camera);
    if (m.robustStructure < kOwnRobustStructure) return false;
    if (camera == claimed_) return true;
    return OriginClassifier::structureTerm(m.structureSimilarity, m.robustStructure) >= 0 &&
           m.robustStructure > mirroredRobust(frame, camera);
  }

  // The frame mirrored left to right against the camera's references (inside its bars too, where it has
  // them, as matched): computed where a rule asks, not for every frame, as it costs what the match did.
  float mirroredRobust(size_t frame, size_t camera) const {
    const FrameSignals& signals = frames_[frame].signals;
    float mirrored = profiles_[camera].mirroredRobustStructure(normalizeCells(signals.structure));
    if (signals.insideBars)
      mirrored = std::max(
          mirrored, profiles_[camera].mirroredRobustStructure(normalizeCells(signals.insideBars->structure)));
    return mirrored;
  }

  ProfileMatch matchOf(size_t frame, size_t camera) const {
    for (const auto& [c, m] : matches_[frame]) {
      if (c == camera) return m;
    }
    return ProfileMatch{};
  }

  std::span<const CameraProfile> profiles_;
  const HashIndex* index_;
  std::span<const FrameRecord> frames_;
  size_t claimed_;
  std::vector<FrameVerdict> out_;
  std::vector<std::vector<std::pair<size_t, ProfileMatch>>> matches_;  // per frame, by camera scored
  std::vector<SharedText> names_;  // cameras' ids, shared by the verdicts that name them (markMirrorImages)
  std::vector<bool> noDetail_;
  std::vector<bool> hashOnlyCut_;      // the cut before the frame is the hash step's alone (PictureStep)
  std::map<size_t, size_t> nearness_;  // camera -> frames on which it was the best other camera
};

}  // namespace

std::vector<FrameVerdict> OriginClassifier::classify(std::span<const FrameRecord> frames,
                                                     size_t claimed) const {
  return CaptureClassification(profiles_, index_.get(), frames, claimed).run();
}

void OriginClassifier::attachNoise(std::span<const FrameRecord> frames, size_t claimed,
                                   std::span<const size_t> positions,
                                   std::vector<FrameVerdict>& verdicts) const {
  for (size_t i : positions) {
    FrameVerdict& v = verdicts[i];
    v.noiseClaimed = noiseOf(frames[i], claimed);
    if (v.verdict != Verdict::Foreign || v.attributedCamera.empty()) continue;
    for (size_t c = 0; c < profiles_.size(); ++c)
      if (profiles_[c].cameraId() == v.attributedCamera) v.noiseAttributed = noiseOf(frames[i], c);
  }
}

}  // namespace camtrace
