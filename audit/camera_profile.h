#pragma once

#include <set>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/structure_descriptor.h"
#include "audit/capture_analysis.h"

namespace camtrace {

struct ProfileEntry {
  Hash256 pdq;
  StructureDescriptor structure{};
};

// How close a frame comes to a camera: the nearest entry by each signal (they may be different entries:
// the hash nearest under daylight, the structure nearest under IR).
struct ProfileMatch {
  int pdqDistance = 256;
  float structureSimilarity = -1;
  float robustStructure = -1;  // best robustStructureSimilarity over the entries
  double codecTerm = 0;        // signatureEvidence of the frame's stream, when the capture allows it
  double clockTerm =
      0;  // the burned-in clock against the session's (claimed camera only; see OriginClassifier)
};

// What a camera looks like: a set of distinct views of its scene (different light, IR, people present),
// taken from reference footage or from the camera's own sessions. Entries are deduplicated so that a
// profile stays small (a few hundred entries) however long the footage.
class CameraProfile {
 public:
  static constexpr const char* kSchema = "camtrace.profile/1";
  static constexpr size_t kMaxEntries = 2048;

  explicit CameraProfile(std::string cameraId = {}) : cameraId_(std::move(cameraId)) {}

  // Adds a frame's view unless it is unusable (damaged, flat) or an entry already covers it.
  void add(const FrameRecord& frame);
  void addSource(std::string source) { sources_.push_back(std::move(source)); }
  // Merges the other profile's sources and signatures, and its first `entries` entries (all by default).
  void merge(const CameraProfile& other, size_t entries = kMaxEntries);

  // The dominant scene of a camera that has no reference footage, from its sessions: the views that a
  // third of a session's frames resemble, in half of its sessions or more. Short bursts of another scene
  // are a minority of their session and stay out; so does a session served wholly by another camera, a
  // minority of the camera's sessions. `sessionOf[i]` numbers frame i's session (empty: one session).
  static CameraProfile fromDominantScene(std::string cameraId, std::span<const FrameRecord> frames,
                                         std::span<const size_t> sessionOf = {});
  // The same for several cameras at once: a view that holds in a larger share of another camera's sessions
  // than of the camera's own is left to that camera.
  struct CameraSessions {
    std::string cameraId;
    std::span<const FrameRecord> frames;
    std::span<const size_t> sessionOf;
  };
  static std::vector<CameraProfile> fromDominantScenes(const std::vector<CameraSessions>& cameras);
  // A view of one frame, as the dominant-scene learner adds it (no usability check), and how many frames
  // the profile was learned from.
  void addView(const FrameRecord& frame) { addView(frame.signals); }
  void addView(const FrameSignals& signals) { addEntry({signals.pdq, signals.structure}); }
  void setFramesSeen(int64_t frames) { framesSeen_ = frames; }
  // Profiled from the camera's own sessions (no usable reference): its views are what filled most of
  // them, which may be another camera's feed served into them (fromDominantScenes), so they vouch for less.
  void setLearnedFromSessions() { learnedFromSessions_ = true; }
  bool learnedFromSessions() const { return learnedFromSessions_; }

  // How a frame's stream signature bears on this camera: 0 when the camera is known to produce it (or
  // nothing is known), kForeignSignature when its references never did. Equal signatures prove little
  // (one camera model, one encoder setting), so there is no reward for a match.
  double signatureEvidence(const std::string& signature) const;
  bool knowsSignature(const std::string& signature) const { return signatures_.count(signature) > 0; }
  const std::set<std::string>& signatures() const { return signatures_; }
  static constexpr double kForeignSignature = -3;

  ProfileMatch match(const FrameSignals& signals) const;
  // The best robustStructureSimilarity over the entries of the picture whose per-cell descriptor is
  // `cells`, mirrored left to right (mirrorCells).
  float mirroredRobustStructure(const StructureVector& cells) const;
  ProfileMatch match(const Hash256& pdq, const StructureVector& structure,
                     const StructureVector& cells) const;

  const std::string& cameraId() const { return cameraId_; }
  const std::vector<ProfileEntry>& entries() const { return entries_; }
  const std::vector<std::string>& sources() const { return sources_; }
  int64_t framesSeen() const { return framesSeen_; }
  bool empty() const { return entries_.empty(); }

  nlohmann::ordered_json toJson() const;
  // Throws std::invalid_argument with a reason when the JSON is not a camtrace profile.
  static CameraProfile fromJson(const nlohmann::json& json);

  static bool usable(const FrameRecord& frame);

 private:
  void addEntry(const ProfileEntry& entry);

  std::string cameraId_;
  std::vector<std::string> sources_;
  int64_t framesSeen_ = 0;
  bool learnedFromSessions_ = false;
  std::vector<ProfileEntry> entries_;
  std::set<std::string> signatures_;      // stream signatures seen in the references
  std::vector<StructureVector> vectors_;  // entries_[i].structure, normalised once
  std::vector<StructureVector> cells_;    // entries_[i].structure, normalised per cell once
};

}  // namespace camtrace
