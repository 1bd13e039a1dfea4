#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/decoded_frame.h"
#include "formats/input_digest.h"

namespace camtrace {

enum class Verdict { Consistent, Foreign, Corrupt, Indeterminate };

// Scores and confidences are rounded to 4 decimals where they are computed, so that the JSON writers print
// the same digits on every machine (and pts to microseconds).
inline double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

const char* verdictName(Verdict verdict);

// The verdict on one frame and the evidence behind it.
struct FrameVerdict {
  int64_t index = 0;
  std::optional<double> pts;
  Verdict verdict = Verdict::Indeterminate;
  std::string attributedCamera;  // empty: null
  double confidence = 0;
  // Evidence: nearest profile entry of the claimed camera and of the best other camera.
  int pdqClaimed = 256;
  float structureClaimed = -1;
  float robustClaimed = -1;
  double codecClaimed = 0;  // stream-signature term against the claimed camera (0 or negative)
  std::string bestOther;  // empty when the case has one camera
  int pdqOther = 256;
  float structureOther = -1;
  float robustOther = -1;
  double scoreClaimed = 0;  // fused match score (see OriginClassifier)
  double scoreOther = 0;
  std::string runnerUp;  // second-best other camera
  double scoreRunnerUp = 0;
  int pdqAttributed = 256;  // nearest entry of the attributed camera, when foreign and attributed
  float structureAttributed = -1;
  float robustAttributed = -1;
  double temporalMargin = 0;  // log-odds of the verdict's path state against the best alternative
  bool cutBefore = false;     // the frame differs from its predecessor in both hash and structure
  int pdqStep = 0;            // hash distance to the previous frame
  float structureStep = 1;    // structure similarity to the previous frame
  bool sceneChange = false;   // part of a lasting unattributed change of scene
  bool decodeDamaged = false;
  bool referenceDamaged = false;
  FrameProvenance provenance;
};

struct CaptureResult {
  std::string session;
  std::string capture;  // as written in the manifest or on the command line
  std::string claimedCamera;
  std::string viewer;
  bool audited = false;  // false when the capture could not be read at all
  std::vector<FrameVerdict> frames;
};

struct Finding {
  std::string id;
  std::string type;  // "foreign_frames" or "scene_change"
  std::string session;
  std::string capture;
  std::string claimedCamera;
  std::string attributedCamera;  // empty: null
  int64_t firstIndex = 0;
  int64_t lastIndex = 0;
  std::optional<double> firstPts;
  std::optional<double> lastPts;
  int64_t frames = 0;
  double confidence = 0;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
};

struct InputError {
  std::string input;
  std::string message;
};

struct AuditResult {
  std::string caseId;
  std::vector<std::string> argv;
  std::vector<InputDigest> inputs;
  std::vector<CaptureResult> captures;
  std::vector<Finding> findings;
  std::vector<InputError> errors;

  bool anyAudited() const;
};

}  // namespace camtrace
