#include "origin_classifier.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace camtrace {
namespace {

constexpr int kMinQuality = 20;          // PDQ quality below this: flat, dark or blurred beyond use
constexpr float kMinLumaSpread = 3.0f;   // standard deviation in levels: a black or covered lens
constexpr double kStrongMismatch = -3;   // claimed score this low with no other match: unattributed foreign
constexpr double kAttributionMargin = 1;  // another camera must beat the claimed one by this much
constexpr double kDamagedForeign = 2;    // a damaged frame is foreign only on a clear match elsewhere
// Share of macroblock edges with concealment seams above which a mismatch is blamed on damage: undamaged
// simulate frames stay below 0.04, and the tests' pasted-block pictures exceed 0.3.
constexpr float kSeamDamage = 0.12f;
// Weak attribution: the claimed camera is far off, the best other camera is near the match line, well
// ahead of the claimed camera and of the runner-up (real clips: a stretched, re-encoded foreign frame whose
// objects moved scored -2..+2 against its true camera and below -6 against the others).
constexpr double kWeakAttribution = -3;
constexpr double kWeakAttributionLead = 4;
constexpr double kRunnerUpMargin = 2;
// A cut: consecutive frames more than 60 hash bits apart and structure correlation below 0.75.
constexpr int kCutPdq = 60;
constexpr float kCutStructure = 0.75f;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

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

OriginClassifier::OriginClassifier(std::span<const CameraProfile> profiles) : profiles_(profiles) {}

double OriginClassifier::matchScore(const ProfileMatch& match) {
  const double hash = std::clamp((58.0 - match.pdqDistance) / 8.0, -4.0, 4.0);
  const double structure = std::clamp((match.structureSimilarity - 0.72) / 0.04, -4.0, 4.0);
  return hash + structure;
}

std::vector<FrameVerdict> OriginClassifier::classify(std::span<const FrameRecord> frames, size_t claimed) const {
  std::vector<FrameVerdict> out(frames.size());
  std::vector<bool> lowDetail(frames.size(), false);
  for (size_t i = 0; i < frames.size(); ++i) {
    const FrameRecord& f = frames[i];
    FrameVerdict& v = out[i];
    v.index = f.index;
    if (f.hasPts) v.pts = std::round(f.pts * 1e6) / 1e6;
    v.decodeDamaged = f.decodeDamaged;
    v.referenceDamaged = f.referenceDamaged;
    v.provenance = f.provenance;
    if (f.unreadable) {
      v.verdict = Verdict::Corrupt;
      v.confidence = 1.0;
      continue;
    }
    const StructureVector structure = normalizeStructure(f.signals.structure);
    const ProfileMatch own = profiles_[claimed].match(f.signals.pdq, structure);
    v.pdqClaimed = own.pdqDistance;
    v.structureClaimed = own.structureSimilarity;
    v.scoreClaimed = matchScore(own);
    v.scoreOther = -8;
    v.scoreRunnerUp = -8;
    for (size_t c = 0; c < profiles_.size(); ++c) {
      if (c == claimed || profiles_[c].empty()) continue;
      const ProfileMatch other = profiles_[c].match(f.signals.pdq, structure);
      const double score = matchScore(other);
      if (v.bestOther.empty() || score > v.scoreOther) {
        if (!v.bestOther.empty()) {
          v.runnerUp = v.bestOther;
          v.scoreRunnerUp = v.scoreOther;
        }
        v.bestOther = profiles_[c].cameraId();
        v.scoreOther = score;
        v.pdqOther = other.pdqDistance;
        v.structureOther = other.structureSimilarity;
      } else if (v.runnerUp.empty() || score > v.scoreRunnerUp) {
        v.runnerUp = profiles_[c].cameraId();
        v.scoreRunnerUp = score;
      }
    }
    const double own_ = v.scoreClaimed, other = v.scoreOther;
    const bool clearlyOther = other >= kDamagedForeign && other > own_ + kAttributionMargin;
    if (f.decodeDamaged && !clearlyOther) {
      // The decoder concealed errors in this picture: part of it is invented, so it proves nothing about
      // its origin, however well the rest matches.
      v.verdict = Verdict::Corrupt;
      v.confidence = 0.95;
    } else if (f.signals.pdqQuality < kMinQuality || f.signals.lumaStdDev < kMinLumaSpread) {
      lowDetail[i] = true;
      v.verdict = Verdict::Indeterminate;
      v.confidence = 0.5;
    } else if (own_ >= 0 && own_ >= other - kAttributionMargin) {
      v.verdict = Verdict::Consistent;
      v.attributedCamera = profiles_[claimed].cameraId();
      v.confidence = sigmoid(std::min(own_, own_ - other + 2));
    } else if ((f.referenceDamaged || f.signals.damage >= kSeamDamage) && !clearlyOther) {
      // Predicted from a damaged picture, or full of concealment seams: smeared blocks explain the
      // mismatch better than another camera.
      v.verdict = Verdict::Corrupt;
      v.confidence = 0.8;
    } else if (other >= 0 && other > own_ + kAttributionMargin) {
      v.verdict = Verdict::Foreign;
      v.attributedCamera = v.bestOther;
      v.confidence = sigmoid(std::min(other, other - own_));
    } else if (own_ <= kStrongMismatch) {
      v.verdict = Verdict::Foreign;
      v.confidence = sigmoid(-own_ + kStrongMismatch);
      // Nothing matches outright, but one camera stands clearly above the claimed one and every other.
      if (other >= kWeakAttribution && other >= own_ + kWeakAttributionLead && other >= v.scoreRunnerUp + kRunnerUpMargin) {
        v.attributedCamera = v.bestOther;
        v.confidence = sigmoid(std::min(-own_ + kStrongMismatch, other - v.scoreRunnerUp - 1));
      }
    } else {
      v.verdict = Verdict::Indeterminate;
      v.confidence = 0.5;
    }
  }

  // Shots: runs of frames without a cut between neighbours.
  size_t start = 0;
  // A foreign shot shows one source: unattributed frames in it take the camera most of its frames name.
  auto attributeShot = [&](size_t begin, size_t end) {
    std::map<std::string, size_t> votes;
    size_t foreign = 0;
    for (size_t i = begin; i < end; ++i) {
      if (out[i].verdict != Verdict::Foreign) continue;
      ++foreign;
      if (!out[i].attributedCamera.empty()) ++votes[out[i].attributedCamera];
    }
    auto best = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best == votes.end() || best->second * 2 <= foreign) return;
    for (size_t i = begin; i < end; ++i) {
      if (out[i].verdict == Verdict::Foreign && out[i].attributedCamera.empty()) {
        out[i].attributedCamera = best->first;
        out[i].shotSmoothed = true;
      }
    }
  };
  auto smoothShot = [&](size_t begin, size_t end) {
    size_t consistent = 0, decided = 0;
    for (size_t i = begin; i < end; ++i) {
      if (out[i].verdict == Verdict::Consistent) ++consistent;
      if (out[i].verdict == Verdict::Consistent || out[i].verdict == Verdict::Foreign) ++decided;
    }
    if (decided > 0 && consistent * 5 < decided * 3) {
      attributeShot(begin, end);
      return;
    }
    if (decided == 0) return;  // needs 60% consistent
    for (size_t i = begin; i < end; ++i) {
      FrameVerdict& v = out[i];
      const bool unattributedForeign = v.verdict == Verdict::Foreign && v.attributedCamera.empty();
      const bool undecided = v.verdict == Verdict::Indeterminate && !lowDetail[i] && !frames[i].unreadable;
      if (unattributedForeign || undecided) {
        v.verdict = Verdict::Consistent;
        v.attributedCamera = profiles_[claimed].cameraId();
        v.confidence = std::max(0.6, sigmoid(v.scoreClaimed + 4));
        v.shotSmoothed = true;
      }
    }
  };
  for (size_t i = 1; i <= frames.size(); ++i) {
    bool cut = i == frames.size();
    if (!cut) {
      const FrameRecord& a = frames[i - 1];
      const FrameRecord& b = frames[i];
      cut = a.unreadable || b.unreadable ||
            (a.signals.pdq.distance(b.signals.pdq) > kCutPdq &&
             structureSimilarity(a.signals.structure, b.signals.structure) < kCutStructure);
    }
    if (cut) {
      smoothShot(start, i);
      start = i;
    }
  }
  for (auto& v : out) v.confidence = round4(v.confidence);
  return out;
}

}  // namespace camtrace
