#include "audit_result.h"

#include <algorithm>
#include <tuple>

namespace camtrace {

VerdictCounts CaptureResult::verdictCounts() const {
  if (frames.empty()) return {framesAudited, framesForeign, framesCorrupt, framesIndeterminate};
  VerdictCounts c;
  c.audited = static_cast<int64_t>(frames.size());
  for (const auto& f : frames) {
    c.foreign += f.verdict == Verdict::Foreign;
    c.corrupt += f.verdict == Verdict::Corrupt;
    c.indeterminate += f.verdict == Verdict::Indeterminate;
  }
  return c;
}

bool findingBefore(const Finding& a, const Finding& b) {
  if (a.fromLogs() != b.fromLogs()) return !a.fromLogs();
  if (a.fromLogs()) return std::tie(a.session, a.attributedCamera) < std::tie(b.session, b.attributedCamera);
  return std::tie(a.sessionOrdinal, a.captureOrdinal, a.firstIndex, a.type) <
         std::tie(b.sessionOrdinal, b.captureOrdinal, b.firstIndex, b.type);
}

const char* findingTypeName(FindingType type) {
  switch (type) {
    case FindingType::CrossCameraDelivery:
      return "cross_camera_delivery";
    case FindingType::ForeignFrames:
      return "foreign_frames";
    case FindingType::SceneChange:
      return "scene_change";
  }
  return "foreign_frames";
}

std::optional<FindingType> parseFindingType(std::string_view name) {
  for (FindingType type :
       {FindingType::CrossCameraDelivery, FindingType::ForeignFrames, FindingType::SceneChange})
    if (name == findingTypeName(type)) return type;
  return std::nullopt;
}

bool AuditResult::anyAudited() const {
  return std::any_of(captures.begin(), captures.end(), [](const auto& c) { return c.audited; }) ||
         std::any_of(logs.begin(), logs.end(), [](const LogReport& log) { return log.lines > 0; });
}

void AuditResult::canonicalize() {
  std::stable_sort(findings.begin(), findings.end(), findingBefore);
  std::stable_sort(captures.begin(), captures.end(), [](const CaptureResult& a, const CaptureResult& b) {
    return std::tie(a.sessionOrdinal, a.captureOrdinal) < std::tie(b.sessionOrdinal, b.captureOrdinal);
  });
  for (auto* notes : {&errors, &warnings}) {
    std::sort(notes->begin(), notes->end(), [](const InputError& a, const InputError& b) {
      return std::tie(a.input, a.message) < std::tie(b.input, b.message);
    });
    notes->erase(std::unique(notes->begin(), notes->end(),
                             [](const InputError& a, const InputError& b) {
                               return a.input == b.input && a.message == b.message;
                             }),
                 notes->end());
  }
  std::stable_sort(
      sessionViews.begin(), sessionViews.end(), [](const CaptureViews& a, const CaptureViews& b) {
        return std::tie(a.sessionOrdinal, a.captureOrdinal) < std::tie(b.sessionOrdinal, b.captureOrdinal);
      });
  std::stable_sort(
      unattributed.begin(), unattributed.end(),
      [](const UnattributedViews& a, const UnattributedViews& b) { return a.findingId < b.findingId; });
  std::sort(inputs.begin(), inputs.end(),
            [](const InputDigest& a, const InputDigest& b) { return a.path < b.path; });
  inputs.erase(std::unique(inputs.begin(), inputs.end(),
                           [](const InputDigest& a, const InputDigest& b) {
                             return a.path == b.path && a.sha256 == b.sha256;
                           }),
               inputs.end());
}

}  // namespace camtrace
