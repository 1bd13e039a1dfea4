#include "finding_builder.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "audit/origin_classifier.h"
#include "formats/input_digest.h"

namespace camtrace {
namespace {

struct Run {
  FindingType type;
  size_t begin = 0;  // indexes into capture.frames
  size_t end = 0;
};

// Each signal's value and its share of the fused score, averaged over the run: an analyst sees which
// witness said what.
CameraMatchEvidence cameraEvidence(const std::string& camera, const std::vector<int>& pdq,
                                   const std::vector<float>& structure, const std::vector<float>& robust,
                                   bool worstCase) {
  double hash = 0, shape = 0;
  for (size_t i = 0; i < pdq.size(); ++i) {
    hash += OriginClassifier::hashTerm(pdq[i]) / static_cast<double>(pdq.size());
    shape += OriginClassifier::structureTerm(structure[i], robust[i]) / static_cast<double>(pdq.size());
  }
  CameraMatchEvidence e;
  e.camera = camera;
  e.worstCase = worstCase;
  e.pdqDistance =
      worstCase ? *std::max_element(pdq.begin(), pdq.end()) : *std::min_element(pdq.begin(), pdq.end());
  e.structureSimilarity = round4(worstCase ? *std::min_element(structure.begin(), structure.end())
                                           : *std::max_element(structure.begin(), structure.end()));
  e.hashTerm = round4(hash);
  e.structureTerm = round4(shape);
  e.score = round4(hash + shape);
  return e;
}

// Sensor noise of the run's frames against the claimed and the attributed camera's fingerprints: supporting
// evidence only, it does not change verdicts. Measured (audit --explain, noise_claimed): a frame's
// correlation with another camera's fingerprint stayed below 0.101 on simulate seed 1 and below 0.013 on the
// real clips, so 0.11 or more says "this sensor (or this scene's fine texture)". Below it says little: on the
// real clips a tenth of the cameras' own frames correlated below 0.021 with their own fingerprint (small,
// recompressed pictures), so a missing pattern is not read as foreign.
std::optional<SensorNoiseEvidence> sensorNoiseEvidence(const std::vector<FrameVerdict>& frames,
                                                       const Run& run) {
  constexpr double kSameSensor = 0.11;
  double claimed = 0, attributed = 0;
  int64_t nClaimed = 0, nAttributed = 0;
  for (size_t i = run.begin; i < run.end; ++i) {
    if (!std::isnan(frames[i].noiseClaimed)) {
      claimed += frames[i].noiseClaimed;
      ++nClaimed;
    }
    if (!std::isnan(frames[i].noiseAttributed)) {
      attributed += frames[i].noiseAttributed;
      ++nAttributed;
    }
  }
  if (nClaimed == 0) return std::nullopt;
  claimed /= static_cast<double>(nClaimed);
  if (nAttributed) attributed /= static_cast<double>(nAttributed);
  SensorNoiseEvidence e;
  if (claimed >= kSameSensor)
    e.reading = run.type == FindingType::SceneChange ? NoiseReading::SameSensorViewChanged
                                                     : NoiseReading::Contradicts;
  else if (nAttributed && attributed >= kSameSensor)
    e.reading = NoiseReading::Supports;
  e.framesMeasured = nClaimed;
  e.claimedCorrelation = round4(claimed);
  if (nAttributed) e.attributedCorrelation = round4(attributed);
  e.sameSensorThreshold = kSameSensor;
  return e;
}

// The burned-in clock over the run, when the capture's clock was read at all.
std::optional<ClockEvidence> clockEvidence(const std::vector<FrameVerdict>& frames, const Run& run) {
  if (std::none_of(frames.begin(), frames.end(),
                   [](const FrameVerdict& v) { return v.clock.standing != OsdStanding::Unread; }))
    return std::nullopt;
  ClockEvidence e;
  std::vector<double> offsets;
  for (size_t i = run.begin; i < run.end; ++i) {
    const OsdFrameClock& c = frames[i].clock;
    switch (c.standing) {
      case OsdStanding::Unread:
        continue;
      case OsdStanding::Consistent:
        ++e.consistent;
        break;
      case OsdStanding::OtherZone:
        ++e.otherTimeZone;
        break;
      case OsdStanding::Behind:
        ++e.behind;
        break;
      case OsdStanding::Ahead:
        ++e.ahead;
        break;
    }
    offsets.push_back(c.offsetSeconds);
    if (!e.firstShown && !c.shown.empty()) e.firstShown = c.shown;
  }
  e.framesRead = static_cast<int64_t>(offsets.size());
  if (!offsets.empty()) {
    std::nth_element(offsets.begin(), offsets.begin() + static_cast<long>(offsets.size() / 2), offsets.end());
    e.offsetSeconds = std::round(offsets[offsets.size() / 2] * 10) / 10;
  }
  return e;
}

// The claimed camera's closer view the run shows, where the classifier placed one (its first such frame).
std::optional<CloserViewEvidence> closerViewEvidence(const std::vector<FrameVerdict>& frames,
                                                     const Run& run) {
  std::optional<CloserViewEvidence> e;
  for (size_t i = run.begin; i < run.end; ++i) {
    const ZoomMatch& m = frames[i].closerView;
    if (m.placement.zoom <= 0) continue;
    if (!e) {
      const double cells = kStructureCells;
      const double side = 1.0 / m.placement.zoom;
      e = CloserViewEvidence{m.placement.zoom,
                             round4(m.placement.left / cells),
                             round4(m.placement.top / cells),
                             round4(side),
                             round4(side),
                             round4(m.similarity),
                             0};
    }
    ++e->frames;
  }
  return e;
}

// The camera of the case whose scene mirrored the run's frames show, where half of them or more name one
// (the camera most of them name; of two named alike, the first named).
std::optional<MirrorImageEvidence> mirrorImageEvidence(const std::vector<FrameVerdict>& frames,
                                                       const Run& run) {
  std::vector<MirrorImageEvidence> named;
  for (size_t i = run.begin; i < run.end; ++i) {
    if (frames[i].mirrorOf.empty()) continue;
    const std::string& camera = frames[i].mirrorOf;
    auto it = std::find_if(named.begin(), named.end(),
                           [&](const MirrorImageEvidence& e) { return e.camera == camera; });
    if (it == named.end()) {
      named.push_back({camera, 0, frames[i].robustMirrored});
      it = named.end() - 1;
    }
    ++it->frames;
    it->lowestRobustStructure = std::min<double>(it->lowestRobustStructure, frames[i].robustMirrored);
  }
  const auto most = std::max_element(named.begin(), named.end(),
                                     [](const auto& a, const auto& b) { return a.frames < b.frames; });
  if (most == named.end() || most->frames * 2 < static_cast<int64_t>(run.end - run.begin))
    return std::nullopt;
  most->lowestRobustStructure = round4(most->lowestRobustStructure);
  return *most;
}

// Where the run lies in the evidence: file and packet positions, HLS segments, RTP sequence and capture
// packet numbers of its first and last frames.
RunProvenance provenanceEvidence(const FrameProvenance& first, const FrameProvenance& last) {
  RunProvenance p;
  p.file = first.file;
  if (first.packetPosition >= 0) p.firstPacketPosition = first.packetPosition;
  if (last.packetPosition >= 0) p.lastPacketPosition = last.packetPosition;
  if (last.file != first.file) p.lastFile = last.file;
  if (!first.segment.empty())
    p.segments =
        RunProvenance::Segments{first.segment, first.mediaSequence, last.segment, last.mediaSequence};
  if (first.rtp)
    p.rtp = RunProvenance::Rtp{first.ssrc, first.firstSequence, last.lastSequence, first.firstPacketNumber,
                               last.lastPacketNumber};
  return p;
}

Finding makeFinding(const std::string& caseId, const CaptureResult& capture, const Run& run) {
  const auto& frames = capture.frames;
  const FrameVerdict& first = frames[run.begin];
  const FrameVerdict& last = frames[run.end - 1];
  Finding f;
  f.type = run.type;
  f.session = capture.session;
  f.capture = capture.capture;
  f.claimedCamera = capture.claimedCamera;
  f.attributedCamera = run.type == FindingType::ForeignFrames ? first.attributedCamera : "";
  f.firstIndex = first.index;
  f.lastIndex = last.index;
  f.firstPts = first.pts;
  if (first.time.source != TimeSource::None) {
    f.time = first.time.seconds;
    f.timeSource = timeSourceName(first.time.source);
  }
  f.lastPts = last.pts;
  f.frames = static_cast<int64_t>(run.end - run.begin);
  f.id = sha256Hex(caseId + '\n' + findingTypeName(f.type) + '\n' + f.session + '\n' + f.capture + '\n' +
                   std::to_string(f.firstIndex))
             .substr(0, 16);

  std::vector<int> pdqClaimed, pdqAttributed;
  std::vector<float> structureClaimed, structureAttributed, robustClaimed, robustAttributed;
  double confidence = 0, margin = 0, runnerUpMargin = 0;
  int64_t damaged = 0;
  std::string runnerUp;
  for (size_t i = run.begin; i < run.end; ++i) {
    const FrameVerdict& v = frames[i];
    pdqClaimed.push_back(v.pdqClaimed);
    structureClaimed.push_back(v.structureClaimed);
    pdqAttributed.push_back(v.pdqAttributed);
    structureAttributed.push_back(v.structureAttributed);
    robustClaimed.push_back(v.robustClaimed);
    robustAttributed.push_back(v.robustAttributed);
    confidence += v.confidence / static_cast<double>(f.frames);
    margin += v.temporalMargin / static_cast<double>(f.frames);
    damaged += v.decodeDamaged || v.referenceDamaged;
    const bool attributedIsBest = v.bestOther == f.attributedCamera;
    const std::string& other = attributedIsBest ? v.runnerUp : v.bestOther;
    const double otherScore = attributedIsBest ? v.scoreRunnerUp : v.scoreOther;
    if (runnerUp.empty()) runnerUp = other;
    runnerUpMargin +=
        (v.scoreOther - (attributedIsBest ? otherScore : v.scoreOther)) / static_cast<double>(f.frames);
  }
  f.confidence = round4(confidence);
  FramesEvidence e;
  e.claimed = cameraEvidence(f.claimedCamera, pdqClaimed, structureClaimed, robustClaimed, false);
  if (!f.attributedCamera.empty()) {
    e.attributed =
        cameraEvidence(f.attributedCamera, pdqAttributed, structureAttributed, robustAttributed, true);
    if (!runnerUp.empty()) e.runnerUp = RankedCamera{runnerUp, round4(runnerUpMargin)};
  } else if (!first.bestOther.empty()) {
    e.nearestOther = RankedCamera{first.bestOther, round4(first.scoreOther)};
  }
  const bool exitCut = run.end < frames.size() && frames[run.end].cutBefore;
  e.temporal = {first.cutBefore, exitCut, round4(margin)};
  e.decodeDamagedFrames = damaged;
  double codec = 0;
  for (size_t i = run.begin; i < run.end; ++i)
    codec += frames[i].codecClaimed / static_cast<double>(f.frames);
  e.streamSignatureTerm = round4(codec);
  e.sensorNoise = sensorNoiseEvidence(frames, run);
  e.clock = clockEvidence(frames, run);
  if (run.type == FindingType::SceneChange) e.closerView = closerViewEvidence(frames, run);
  if (run.type == FindingType::ForeignFrames && f.attributedCamera.empty())
    e.mirrorImageOf = mirrorImageEvidence(frames, run);
  e.provenance = provenanceEvidence(first.provenance, last.provenance);
  f.evidence = std::move(e);
  return f;
}

// A scene change run is cut in two at a cut beside a steady shot (this many frames or more without a cut):
// a feed cut in holds its shot, while a moving camera's own unplaced pictures jump every frame or three (a
// patrol over a diver's footage: a hundred chains of 1-3 frames in a session). Held as one run, a stranger's
// shot no reference had, with the camera's own unplaced pictures around it, was one scene change whose views
// no camera's session views explained on average (the second held-out set: 100 frames of the towers
// camera's second shot between its burst's attributed frames and the patrol's own pictures); each piece is
// now asked on its own (session_views).
constexpr size_t kSteadyShotFrames = 8;

// The runs of scene change that `begin`..`end` (one run) is cut into: at each cut with a steady shot on
// either side of it.
std::vector<std::pair<size_t, size_t>> sceneChangePieces(const std::vector<FrameVerdict>& frames,
                                                         size_t begin, size_t end) {
  std::vector<std::pair<size_t, size_t>> shots;  // cut-free chains
  for (size_t i = begin; i < end; ++i)
    if (i == begin || frames[i].cutBefore)
      shots.emplace_back(i, i + 1);
    else
      shots.back().second = i + 1;
  std::vector<std::pair<size_t, size_t>> pieces{shots.front()};
  for (size_t k = 1; k < shots.size(); ++k) {
    const bool steady = shots[k - 1].second - shots[k - 1].first >= kSteadyShotFrames ||
                        shots[k].second - shots[k].first >= kSteadyShotFrames;
    if (steady)
      pieces.push_back(shots[k]);
    else
      pieces.back().second = shots[k].second;
  }
  return pieces;
}

std::optional<FindingType> runType(const FrameVerdict& v) {
  if (v.sceneChange) return FindingType::SceneChange;
  if (v.verdict == Verdict::Foreign) return FindingType::ForeignFrames;
  return std::nullopt;
}

}  // namespace

std::vector<Finding> buildFindings(const std::string& caseId, const CaptureResult& capture) {
  std::vector<Finding> findings;
  const auto& frames = capture.frames;
  for (size_t i = 0; i < frames.size();) {
    const std::optional<FindingType> type = runType(frames[i]);
    if (!type) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < frames.size() && runType(frames[end]) == type &&
           frames[end].index == frames[end - 1].index + 1 &&
           (type == FindingType::SceneChange || frames[end].attributedCamera == frames[i].attributedCamera)) {
      ++end;
    }
    if (*type == FindingType::SceneChange) {
      for (const auto& [from, to] : sceneChangePieces(frames, i, end))
        findings.push_back(makeFinding(caseId, capture, {*type, from, to}));
    } else {
      findings.push_back(makeFinding(caseId, capture, {*type, i, end}));
    }
    i = end;
  }
  return findings;
}

}  // namespace camtrace
