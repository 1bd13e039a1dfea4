#pragma once

#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace camtrace::sim {

// How an audit's frames.jsonl compares with a case's truth.json (simulate and bench/ write truth.json).
// Damaged frames are scored apart: the claimed camera's may be `corrupt` or `consistent`, never `foreign`;
// another camera's (served through the same packet loss) are counted found where called `foreign`.
struct TruthScore {
  int64_t frames = 0;
  int64_t truePositives = 0;    // foreign and really foreign
  int64_t falsePositives = 0;   // foreign but from the claimed camera (undamaged)
  int64_t falseNegatives = 0;   // really foreign, not called foreign
  int64_t attributedRight = 0;  // true positives attributed to their true camera
  int64_t damaged = 0;
  int64_t damagedForeign = 0;           // damaged frames of the claimed camera called foreign
  int64_t damagedOthers = 0;            // damaged frames of another camera
  int64_t damagedOthersFound = 0;       // of those, called foreign
  int64_t damagedOthersAttributed = 0;  // of those, attributed to their true camera
  int64_t cleanFrames = 0;              // undamaged frames of sessions with no foreign frame
  int64_t cleanForeign = 0;             // of those, called foreign
  int64_t countMismatches = 0;          // sessions whose frame count differs from the truth
  int64_t singleFrameBursts = 0;        // foreign frames whose both neighbours are the claimed camera's
  int64_t singleFrameFound = 0;         // of those, called foreign
  int64_t ownFrames = 0;                // undamaged frames from the claimed camera
  int64_t ownVouched = 0;               // of those, called consistent (not indeterminate, not foreign)
  std::vector<std::string> mistakes;    // "s-001 #12: foreign (cam-B) but truth cam-A", first 50

  double precision() const {
    return truePositives + falsePositives == 0
               ? 1.0
               : double(truePositives) / double(truePositives + falsePositives);
  }
  double recall() const {
    return truePositives + falseNegatives == 0
               ? 1.0
               : double(truePositives) / double(truePositives + falseNegatives);
  }
  // Share of the claimed cameras' own frames camtrace vouches for: the rest are indeterminate (a scene
  // change, no detail) or foreign.
  double vouched() const { return ownFrames == 0 ? 1.0 : double(ownVouched) / double(ownFrames); }
  double attribution() const {
    return truePositives == 0 ? 1.0 : double(attributedRight) / double(truePositives);
  }
  double damagedRecall() const {
    return damagedOthers == 0 ? 1.0 : double(damagedOthersFound) / double(damagedOthers);
  }
  std::string summary() const;
  void add(const TruthScore& other);
};

TruthScore scoreAgainstTruth(const nlohmann::json& truth, std::istream& framesJsonl);

}  // namespace camtrace::sim
