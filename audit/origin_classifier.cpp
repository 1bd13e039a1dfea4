#include "origin_classifier.h"

#include "audit/noise_evidence.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "audit/noise_evidence.h"
#include "audit/temporal_model.h"

namespace camtrace {
namespace {

constexpr int kMinQuality = 20;         // PDQ quality below this: flat, dark or blurred beyond use
constexpr float kMinLumaSpread = 3.0f;  // standard deviation in levels: a black or covered lens
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
// An unattributed run this long is not a cache serving stray frames (bursts seen in incidents are 1-30
// frames): the camera's scene changed, or a feed unknown to the case replaced it. Reported as its own
// finding, not as hundreds of foreign frames.
constexpr size_t kSceneChangeFrames = 60;
// The same when unattributed frames are 40% or more of the capture's frames that no known camera claims
// (at least 10 of them): stray frames from an unknown source are a small share of a session.
constexpr size_t kSceneLostTenths = 4;
constexpr size_t kMinSceneLostFrames = 10;

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

namespace {

}  // namespace

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::Consistent: return "consistent";
    case Verdict::Foreign: return "foreign";
    case Verdict::Corrupt: return "corrupt";
    case Verdict::Indeterminate: return "indeterminate";
  }
  return "indeterminate";
}

OriginClassifier::OriginClassifier(std::span<const CameraProfile> profiles, size_t indexAbove) : profiles_(profiles) {
  if (profiles.size() <= indexAbove) return;
  index_ = std::make_unique<HashIndex>();
  for (size_t c = 0; c < profiles.size(); ++c)
    for (const auto& entry : profiles[c].entries()) index_->add(entry.pdq, static_cast<uint32_t>(c));
  index_->freeze();
}

double OriginClassifier::matchScore(const ProfileMatch& match) {
  return hashTerm(match.pdqDistance) + structureTerm(match.structureSimilarity, match.robustStructure) + match.codecTerm +
         match.clockTerm;
}

double OriginClassifier::hashTerm(int pdqDistance) { return std::clamp((58.0 - pdqDistance) / 8.0, -4.0, 4.0); }

double OriginClassifier::structureTerm(float structureSimilarity, float robustStructure) {
  const double whole = std::clamp((structureSimilarity - 0.72) / 0.04, -4.0, 4.0);
  const double robust = std::clamp((robustStructure - 0.83) / 0.03, -4.0, 4.0);
  return (whole + robust) / 2;
}

std::vector<FrameVerdict> OriginClassifier::classify(std::span<const FrameRecord> frames, size_t claimed,
                                                     std::span<const OsdFrameClock> clocks) const {
  const size_t n = frames.size(), cameras = profiles_.size();
  std::vector<FrameVerdict> out(n);
  // Per frame, the matches of the cameras it was scored against (all of them in small cases), by camera.
  std::vector<std::vector<std::pair<size_t, ProfileMatch>>> matches(n);
  auto matchOf = [&matches](size_t frame, size_t camera) {
    for (const auto& [c, m] : matches[frame]) {
      if (c == camera) return m;
    }
    return ProfileMatch{};
  };
  std::vector<bool> noDetail(n, false);
  std::map<size_t, size_t> nearness;  // camera -> frames on which it was the best other camera
  // Stream signatures speak only when the capture's usual signature is one the claimed camera produces:
  // a session transcoded by a server says nothing about its frames' sources.
  std::map<std::string, size_t> signatureCounts;
  for (const auto& f : frames) {
    if (!f.unreadable) ++signatureCounts[f.streamSignature];
  }
  std::string usual;
  size_t usualCount = 0;
  for (const auto& [signature, count] : signatureCounts) {
    if (count > usualCount) {
      usual = signature;
      usualCount = count;
    }
  }
  const bool signaturesSpeak = profiles_[claimed].knowsSignature(usual);
  for (size_t i = 0; i < n; ++i) {
    const FrameRecord& f = frames[i];
    FrameVerdict& v = out[i];
    v.index = f.index;
    if (f.hasPts) v.pts = std::round(f.pts * 1e6) / 1e6;
    v.decodeDamaged = f.decodeDamaged;
    v.referenceDamaged = f.referenceDamaged;
    v.provenance = f.provenance;
    noDetail[i] = f.unreadable || f.signals.pdqQuality < kMinQuality || f.signals.lumaStdDev < kMinLumaSpread;
    if (f.unreadable) continue;
    const StructureVector structure = normalizeStructure(f.signals.structure);
    const StructureVector cells = normalizeCells(f.signals.structure);
    std::vector<size_t> scored;
    if (index_) {
      scored.push_back(claimed);
      for (const auto& hit : index_->nearestLabels(f.signals.pdq, kIndexCandidates)) scored.push_back(hit.label);
      std::sort(scored.begin(), scored.end());
      scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
    } else {
      for (size_t c = 0; c < cameras; ++c) scored.push_back(c);
    }
    const double ownSignature = signaturesSpeak ? profiles_[claimed].signatureEvidence(f.streamSignature) : 0;
    size_t best = cameras, second = cameras;
    double bestScore = 0, secondScore = 0;
    for (size_t c : scored) {
      ProfileMatch m = profiles_[c].empty() ? ProfileMatch{} : profiles_[c].match(f.signals.pdq, structure, cells);
      // Only the claimed camera can be held to its signature: a foreign picture re-encoded into the
      // session's stream carries the session's signature, not its source's. Another camera gains only
      // when the frame's odd signature is one it is known to produce.
      if (signaturesSpeak && !profiles_[c].empty()) {
        m.codecTerm = c == claimed ? ownSignature
                                   : (ownSignature < 0 && profiles_[c].knowsSignature(f.streamSignature) ? kSignatureBonus : 0);
      }
      matches[i].emplace_back(c, m);
      if (c == claimed || profiles_[c].empty()) continue;
      const double score = matchScore(m);
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
    if (i < clocks.size() && clocks[i].standing == OsdStanding::OtherZone) {
      for (auto& [c, m] : matches[i])
        if (c == claimed) m.clockTerm = kOtherTimeZone;
    }
    const ProfileMatch own = matchOf(i, claimed);
    v.pdqClaimed = own.pdqDistance;
    v.structureClaimed = own.structureSimilarity;
    v.robustClaimed = own.robustStructure;
    v.codecClaimed = own.codecTerm;
    v.scoreClaimed = matchScore(own);
    v.scoreOther = v.scoreRunnerUp = -8;
    if (best < cameras) {
      const ProfileMatch m = matchOf(i, best);
      v.bestOther = profiles_[best].cameraId();
      v.pdqOther = m.pdqDistance;
      v.structureOther = m.structureSimilarity;
      v.robustOther = m.robustStructure;
      v.scoreOther = matchScore(m);
      if (!noDetail[i]) ++nearness[best];
    }
    if (second < cameras) {
      v.runnerUp = profiles_[second].cameraId();
      v.scoreRunnerUp = secondScore;
    }
  }

  std::vector<size_t> candidates;
  for (const auto& [camera, count] : nearness) candidates.push_back(camera);
  std::stable_sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) { return nearness[a] > nearness[b]; });
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
  std::sort(candidates.begin(), candidates.end());

  std::vector<FrameEvidence> evidence(n);
  for (size_t i = 0; i < n; ++i) {
    const FrameRecord& f = frames[i];
    FrameEvidence& e = evidence[i];
    e.claimed = out[i].scoreClaimed;
    for (size_t c : candidates) e.others.push_back(f.unreadable ? -8 : matchScore(matchOf(i, c)));
    e.decodeDamaged = f.decodeDamaged || f.unreadable;
    e.referenceDamaged = f.referenceDamaged;
    e.seams = f.signals.damage >= kSeamDamage;
    e.noDetail = noDetail[i];
    if (i > 0) {
      const FrameRecord& a = frames[i - 1];
      out[i].pdqStep = a.signals.pdq.distance(f.signals.pdq);
      out[i].structureStep = structureSimilarity(a.signals.structure, f.signals.structure);
      e.cutBefore = a.unreadable || f.unreadable || out[i].structureStep < kCutStructure ||
                    (out[i].pdqStep > kCutPdq && out[i].structureStep < kCutPdqStructure);
      // Consecutive frames of one scene are near-copies: counting each as independent evidence let a
      // long stretch of mild mismatch (a twin camera's own footage drifting from its reference) outvote
      // the missing cuts. A frame's weight grows with how much it differs from its predecessor.
      e.novelty = e.cutBefore ? 1.0 : std::clamp((1.0 - out[i].structureStep) / kNoveltyScale, kMinNovelty, 1.0);
    }
    out[i].cutBefore = e.cutBefore;
  }
  const TemporalPath path = TemporalModel(candidates.size()).decode(evidence);

  for (size_t i = 0; i < n; ++i) {
    FrameVerdict& v = out[i];
    const auto& step = path.steps[i];
    v.temporalMargin = step.margin;
    v.confidence = confidenceOf(step.margin);
    v.noiseClaimed = noiseOf(frames[i], claimed);
    if (i < clocks.size()) v.clock = clocks[i];
    if (frames[i].unreadable) {
      v.verdict = Verdict::Corrupt;
      v.confidence = 1.0;
      continue;
    }
    switch (step.source) {
      case TemporalPath::Source::Damaged:
        v.verdict = Verdict::Corrupt;
        break;
      case TemporalPath::Source::Claimed:
        v.verdict = Verdict::Consistent;
        v.attributedCamera = profiles_[claimed].cameraId();
        break;
      case TemporalPath::Source::Candidate: {
        const size_t c = candidates[static_cast<size_t>(step.candidate)];
        v.verdict = Verdict::Foreign;
        v.attributedCamera = profiles_[c].cameraId();
        const ProfileMatch m = matchOf(i, c);
        v.noiseAttributed = noiseOf(frames[i], c);
        v.pdqAttributed = m.pdqDistance;
        v.structureAttributed = m.structureSimilarity;
        v.robustAttributed = m.robustStructure;
        break;
      }
      case TemporalPath::Source::Unknown:
        v.verdict = Verdict::Foreign;
        break;
    }
    if (noDetail[i] && v.verdict != Verdict::Corrupt) {
      v.verdict = Verdict::Indeterminate;
      v.attributedCamera.clear();
      v.confidence = 0.5;
    }
  }

  // Long unattributed stretches: a scene change, not a burst. Bursts of known cameras and damage inside
  // the stretch do not end it; only the claimed camera coming back does. And when most of a capture
  // matches no camera at all, the claimed camera's look has changed (moved, replaced, a moving camera):
  // that is one scene-change finding, not a flood of foreign frames.
  size_t unknownTotal = 0, detailed = 0;
  for (size_t i = 0; i < n; ++i) {
    if (noDetail[i] || path.steps[i].source == TemporalPath::Source::Candidate) continue;
    unknownTotal += path.steps[i].source == TemporalPath::Source::Unknown;
    ++detailed;
  }
  const bool sceneLost = unknownTotal >= kMinSceneLostFrames && unknownTotal * 10 >= detailed * kSceneLostTenths;
  for (size_t i = 0; i < n;) {
    if (path.steps[i].source == TemporalPath::Source::Claimed) {
      ++i;
      continue;
    }
    size_t end = i, unknown = 0;
    while (end < n && path.steps[end].source != TemporalPath::Source::Claimed) {
      unknown += path.steps[end].source == TemporalPath::Source::Unknown;
      ++end;
    }
    if (sceneLost || unknown >= kSceneChangeFrames) {
      for (size_t k = i; k < end; ++k) {
        if (path.steps[k].source != TemporalPath::Source::Unknown) continue;
        if (out[k].verdict == Verdict::Foreign) out[k].verdict = Verdict::Indeterminate;
        out[k].sceneChange = true;
      }
    }
    i = end;
  }
  for (auto& v : out) v.confidence = round4(v.confidence);
  return out;
}

}  // namespace camtrace
