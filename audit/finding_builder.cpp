#include "finding_builder.h"

#include <algorithm>
#include <cmath>

#include "formats/input_digest.h"

namespace camtrace {
namespace {

double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

Finding makeFinding(const std::string& caseId, const CaptureResult& capture, const std::vector<FrameVerdict>& run) {
  const FrameVerdict& first = run.front();
  const FrameVerdict& last = run.back();
  Finding f;
  f.type = "foreign_frames";
  f.session = capture.session;
  f.capture = capture.capture;
  f.claimedCamera = capture.claimedCamera;
  f.attributedCamera = first.attributedCamera;
  f.firstIndex = first.index;
  f.lastIndex = last.index;
  f.firstPts = first.pts;
  f.lastPts = last.pts;
  f.frames = static_cast<int64_t>(run.size());
  f.id = sha256Hex(caseId + '\n' + f.type + '\n' + f.session + '\n' + f.capture + '\n' + std::to_string(f.firstIndex))
             .substr(0, 16);

  int pdqClaimedMin = 256, pdqOtherMax = 0, damaged = 0;
  float structureClaimedMax = -1, structureOtherMin = 1;
  double scoreClaimed = 0, scoreOther = 0, confidence = 0;
  for (const auto& v : run) {
    pdqClaimedMin = std::min(pdqClaimedMin, v.pdqClaimed);
    structureClaimedMax = std::max(structureClaimedMax, v.structureClaimed);
    pdqOtherMax = std::max(pdqOtherMax, v.pdqOther);
    structureOtherMin = std::min(structureOtherMin, v.structureOther);
    scoreClaimed += v.scoreClaimed / static_cast<double>(run.size());
    scoreOther += v.scoreOther / static_cast<double>(run.size());
    confidence += v.confidence / static_cast<double>(run.size());
    if (v.decodeDamaged || v.referenceDamaged) ++damaged;
  }
  f.confidence = round4(confidence);
  auto& e = f.evidence;
  e["claimed_camera"] = {{"nearest_pdq_distance", pdqClaimedMin},
                         {"best_structure_similarity", round4(structureClaimedMax)},
                         {"mean_score", round4(scoreClaimed)}};
  if (!first.bestOther.empty()) {
    e["best_other_camera"] = {{"camera", first.bestOther},
                              {"worst_pdq_distance", pdqOtherMax},
                              {"worst_structure_similarity", round4(structureOtherMin)},
                              {"mean_score", round4(scoreOther)}};
  }
  e["decode_damaged_frames"] = damaged;
  nlohmann::ordered_json provenance;
  provenance["file"] = first.provenance.file;
  if (first.provenance.packetPosition >= 0) provenance["first_packet_position"] = first.provenance.packetPosition;
  if (last.provenance.packetPosition >= 0) provenance["last_packet_position"] = last.provenance.packetPosition;
  if (last.provenance.file != first.provenance.file) provenance["last_file"] = last.provenance.file;
  e["provenance"] = provenance;
  return f;
}

}  // namespace

std::vector<Finding> buildFindings(const std::string& caseId, const CaptureResult& capture) {
  std::vector<Finding> findings;
  std::vector<FrameVerdict> run;
  auto flush = [&] {
    if (!run.empty()) findings.push_back(makeFinding(caseId, capture, run));
    run.clear();
  };
  for (const auto& v : capture.frames) {
    if (v.verdict != Verdict::Foreign) {
      flush();
      continue;
    }
    if (!run.empty() && (run.back().attributedCamera != v.attributedCamera || run.back().index + 1 != v.index)) flush();
    run.push_back(v);
  }
  flush();
  return findings;
}

}  // namespace camtrace
