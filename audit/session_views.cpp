#include "session_views.h"

#include <algorithm>
#include <map>
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

}  // namespace

void collectSessionViews(const CaptureResult& capture, const std::vector<FrameRecord>& records,
                         const std::vector<Finding>& findings, AuditResult& result) {
  CaptureViews seen{capture.sessionOrdinal, capture.captureOrdinal, capture.claimedCamera,
                    CameraProfile(capture.claimedCamera)};
  for (size_t i = 0; i < capture.frames.size() && i < records.size(); ++i) {
    const FrameVerdict& v = capture.frames[i];
    if (v.verdict == Verdict::Consistent || v.sceneChange) seen.views.add(records[i]);
  }
  if (!seen.views.empty()) result.sessionViews.push_back(std::move(seen));
  for (const auto& f : findings) {
    if (f.type != FindingType::ForeignFrames || !f.attributedCamera.empty()) continue;
    UnattributedViews u{f.id, f.claimedCamera, CameraProfile(f.claimedCamera)};
    for (size_t i = 0; i < capture.frames.size() && i < records.size(); ++i)
      if (capture.frames[i].index >= f.firstIndex && capture.frames[i].index <= f.lastIndex)
        u.views.add(records[i]);
    if (!u.views.empty()) result.unattributed.push_back(std::move(u));
  }
}

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
    std::string best, second;
    double bestScore = -1e9, secondScore = -1e9;
    for (const auto& [camera, profile] : observed) {
      if (camera == u.claimedCamera) continue;
      const double score = meanScore(u.views, profile);
      if (score > bestScore) {
        second = best;
        secondScore = bestScore;
        best = camera;
        bestScore = score;
      } else if (score > secondScore) {
        second = camera;
        secondScore = score;
      }
    }
    if (best.empty() || bestScore < kMinScore || bestScore - secondScore < kMinMargin) continue;
    auto finding = std::find_if(result.findings.begin(), result.findings.end(),
                                [&](const Finding& f) { return f.id == u.findingId; });
    if (finding == result.findings.end() || !finding->attributedCamera.empty()) continue;
    finding->attributedCamera = best;
    FramesEvidence& e = finding->framesEvidence();
    e.delivery.reset();  // tied again to the attributed camera's deliveries
    SessionViewsAttribution via;
    via.camera = best;
    via.score = round4(bestScore);
    if (!second.empty()) {
      via.runnerUp = second;
      via.runnerUpScore = round4(secondScore);
    }
    via.capturesOfCamera = capturesOf[best];
    via.views = static_cast<int64_t>(u.views.entries().size());
    e.attributedViaSessions = std::move(via);
    ++attributed;
    for (auto& capture : result.captures) {
      if (capture.session != finding->session || capture.capture != finding->capture) continue;
      for (auto& v : capture.frames)
        if (v.index >= finding->firstIndex && v.index <= finding->lastIndex && v.verdict == Verdict::Foreign)
          v.attributedCamera = best;
    }
  }
  return attributed;
}

}  // namespace camtrace
