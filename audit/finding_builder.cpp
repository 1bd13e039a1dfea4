#include "finding_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
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
nlohmann::ordered_json cameraEvidence(const std::string& camera, const std::vector<int>& pdq,
                                      const std::vector<float>& structure, const std::vector<float>& robust,
                                      bool worstCase) {
  double hash = 0, shape = 0;
  for (size_t i = 0; i < pdq.size(); ++i) {
    hash += OriginClassifier::hashTerm(pdq[i]) / static_cast<double>(pdq.size());
    shape += OriginClassifier::structureTerm(structure[i], robust[i]) / static_cast<double>(pdq.size());
  }
  const int pdqValue =
      worstCase ? *std::max_element(pdq.begin(), pdq.end()) : *std::min_element(pdq.begin(), pdq.end());
  const float structureValue = worstCase ? *std::min_element(structure.begin(), structure.end())
                                         : *std::max_element(structure.begin(), structure.end());
  nlohmann::ordered_json e;
  e["camera"] = camera;
  e[worstCase ? "farthest_pdq_distance" : "nearest_pdq_distance"] = pdqValue;
  e[worstCase ? "lowest_structure_similarity" : "highest_structure_similarity"] = round4(structureValue);
  e["hash_term"] = round4(hash);
  e["structure_term"] = round4(shape);
  e["score"] = round4(hash + shape);
  return e;
}

// Sensor noise of the run's frames against the claimed and the attributed camera's fingerprints: supporting
// evidence only, it does not change verdicts. Measured (audit --explain, noise_claimed): a frame's
// correlation with another camera's fingerprint stayed below 0.101 on simulate seed 1 and below 0.013 on the
// real clips, so 0.11 or more says "this sensor (or this scene's fine texture)". Below it says little: on the
// real clips a tenth of the cameras' own frames correlated below 0.021 with their own fingerprint (small,
// recompressed pictures), so a missing pattern is not read as foreign.
std::optional<nlohmann::ordered_json> sensorNoiseEvidence(const std::vector<FrameVerdict>& frames,
                                                          const Run& run) {
  const bool sceneChange = run.type == FindingType::SceneChange;
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
  const char* reading = "inconclusive";
  if (claimed >= kSameSensor && sceneChange)
    reading =
        "same sensor: the frames carry the claimed camera's noise pattern, so the camera itself changed its "
        "view";
  else if (claimed >= kSameSensor)
    reading = "contradicts: the frames carry the claimed camera's noise pattern";
  else if (nAttributed && attributed >= kSameSensor)
    reading = "supports: the frames carry the attributed camera's noise pattern, not the claimed camera's";
  nlohmann::ordered_json e;
  e["frames_measured"] = nClaimed;
  e["claimed_camera_correlation"] = round4(claimed);
  e["attributed_camera_correlation"] =
      nAttributed ? nlohmann::ordered_json(round4(attributed)) : nlohmann::ordered_json(nullptr);
  e["same_sensor_threshold"] = kSameSensor;
  e["reading"] = reading;
  return e;
}

// The burned-in clock over the run, when the capture's clock was read at all.
std::optional<nlohmann::ordered_json> clockEvidence(const std::vector<FrameVerdict>& frames, const Run& run) {
  if (std::none_of(frames.begin(), frames.end(),
                   [](const FrameVerdict& v) { return v.clock.standing != OsdStanding::Unread; }))
    return std::nullopt;
  std::map<OsdStanding, int64_t> counts;
  std::vector<double> offsets;
  std::string firstShown;
  for (size_t i = run.begin; i < run.end; ++i) {
    const OsdFrameClock& c = frames[i].clock;
    ++counts[c.standing];
    if (c.standing == OsdStanding::Unread) continue;
    offsets.push_back(c.offsetSeconds);
    if (firstShown.empty()) firstShown = c.shown;
  }
  nlohmann::ordered_json e;
  e["frames_read"] = static_cast<int64_t>(offsets.size());
  e["first_shown"] =
      firstShown.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(firstShown);
  OsdStanding most = OsdStanding::Unread;
  int64_t mostFrames = 0;
  for (OsdStanding s :
       {OsdStanding::Consistent, OsdStanding::OtherZone, OsdStanding::Behind, OsdStanding::Ahead}) {
    e[osdStandingName(s)] = counts[s];
    if (counts[s] > mostFrames) most = s, mostFrames = counts[s];
  }
  double offset = 0;
  if (!offsets.empty()) {
    std::nth_element(offsets.begin(), offsets.begin() + static_cast<long>(offsets.size() / 2), offsets.end());
    offset = offsets[offsets.size() / 2];
  }
  e["offset_seconds"] = offsets.empty() ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(std::round(offset * 10) / 10);
  char hours[32], seconds[32];
  std::snprintf(hours, sizeof hours, "%+g h", std::round(offset / 900) / 4);
  std::snprintf(seconds, sizeof seconds, "%+.0f s", offset);
  const bool sceneChange = run.type == FindingType::SceneChange;
  std::string reading;
  switch (most) {
    case OsdStanding::Unread:
      reading = "not read: the clock cells of these frames matched no learned digit";
      break;
    case OsdStanding::Consistent:
      reading =
          sceneChange
              ? "consistent: the session's own clock runs on through the change of view"
              : "consistent with the session's clock: proves little (cameras in one time zone show one time)";
      break;
    case OsdStanding::OtherZone:
      reading = std::string("supports: the burned-in clock is ") + hours +
                " from the session's, to the second: another time zone";
      break;
    case OsdStanding::Behind:
    case OsdStanding::Ahead:
      reading = std::string("supports: the burned-in clock shows another moment (") + seconds +
                "): not the claimed camera's live picture";
      break;
  }
  e["reading"] = reading;
  return e;
}

// Where the run lies in the evidence: file and packet positions, HLS segments, RTP sequence and capture
// packet numbers of its first and last frames.
nlohmann::ordered_json provenanceEvidence(const FrameProvenance& first, const FrameProvenance& last) {
  nlohmann::ordered_json provenance;
  provenance["file"] = first.file;
  if (first.packetPosition >= 0) provenance["first_packet_position"] = first.packetPosition;
  if (last.packetPosition >= 0) provenance["last_packet_position"] = last.packetPosition;
  if (last.file != first.file) provenance["last_file"] = last.file;
  if (!first.segment.empty()) {
    provenance["first_segment"] = first.segment;
    provenance["first_media_sequence"] = first.mediaSequence;
    provenance["last_segment"] = last.segment;
    provenance["last_media_sequence"] = last.mediaSequence;
  }
  if (first.rtp) {
    provenance["ssrc"] = first.ssrc;
    provenance["first_rtp_sequence"] = first.firstSequence;
    provenance["last_rtp_sequence"] = last.lastSequence;
    provenance["first_pcap_packet"] = first.firstPacketNumber;
    provenance["last_pcap_packet"] = last.lastPacketNumber;
  }
  return provenance;
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
  auto& e = f.evidence;
  e["claimed_camera"] = cameraEvidence(f.claimedCamera, pdqClaimed, structureClaimed, robustClaimed, false);
  if (!f.attributedCamera.empty()) {
    e["attributed_camera"] =
        cameraEvidence(f.attributedCamera, pdqAttributed, structureAttributed, robustAttributed, true);
    if (!runnerUp.empty()) e["runner_up"] = {{"camera", runnerUp}, {"score_margin", round4(runnerUpMargin)}};
  } else if (!first.bestOther.empty()) {
    e["nearest_other_camera"] = {{"camera", first.bestOther}, {"score", round4(first.scoreOther)}};
  }
  const bool exitCut = run.end < frames.size() && frames[run.end].cutBefore;
  e["temporal"] = {
      {"cut_at_entry", first.cutBefore}, {"cut_at_exit", exitCut}, {"path_margin", round4(margin)}};
  e["decode_damaged_frames"] = damaged;
  double codec = 0;
  for (size_t i = run.begin; i < run.end; ++i)
    codec += frames[i].codecClaimed / static_cast<double>(f.frames);
  e["stream_signature"] = {{"claimed_camera_term", round4(codec)}};
  if (auto noise = sensorNoiseEvidence(frames, run)) e["sensor_noise"] = *noise;
  if (auto clock = clockEvidence(frames, run)) e["burned_in_clock"] = *clock;
  e["provenance"] = provenanceEvidence(first.provenance, last.provenance);
  return f;
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
    findings.push_back(makeFinding(caseId, capture, {*type, i, end}));
    i = end;
  }
  return findings;
}

}  // namespace camtrace
