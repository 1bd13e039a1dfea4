#pragma once

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/structure_zoom.h"
#include "audit/camera_profile.h"
#include "audit/clock_reading.h"
#include "audit/finding_evidence.h"
#include "audit/frame_time.h"
#include "formats/decoded_frame.h"
#include "formats/input_digest.h"
#include "formats/shared_text.h"

namespace camtrace {

enum class Verdict { Consistent, Foreign, Corrupt, Indeterminate };

// Scores and confidences are rounded to 4 decimals where they are computed, so that the JSON writers print
// the same digits on every machine (and pts to microseconds).
inline double round4(double x) {
  return std::round(x * 10000.0) / 10000.0;
}

const char* verdictName(Verdict verdict);

// The verdict on one frame and the evidence behind it.
struct FrameVerdict {
  // Fields are grouped by size, 8-byte ones first, so that no padding is wasted: an hour of 1080p holds
  // about 107,000 verdicts while its frames are judged (issue 12's memory target).
  int64_t index = 0;
  std::optional<double> pts;
  FrameTime time;                // its time of day, where the capture tells
  std::string attributedCamera;  // empty: null
  double confidence = 0;
  // Evidence: nearest profile entry of the claimed camera and of the best other camera.
  double codecClaimed = 0;  // stream-signature term against the claimed camera (0 or negative)
  std::string bestOther;    // empty when the case has one camera
  double scoreClaimed = 0;  // fused match score (see OriginClassifier)
  double scoreOther = 0;
  std::string runnerUp;  // second-best other camera
  // An unattributed foreign frame that matches a camera of the case better mirrored left to right than as
  // it is, with the robust structure a camera's own frames keep: that camera (empty: none). Shared text:
  // one copy a camera, not a string a frame.
  SharedText mirrorOf;
  double scoreRunnerUp = 0;
  double temporalMargin = 0;  // log-odds of the verdict's path state against the best alternative
  OsdFrameClock clock;        // the burned-in clock, read and set against the session's
  std::string
      pdqHex;  // with `audit --pdq`: ThreatExchange's PDQ of the frame (empty: not asked, or no picture)
  FrameProvenance provenance;
  Verdict verdict = Verdict::Indeterminate;
  int pdqClaimed = 256;
  float structureClaimed = -1;
  float robustClaimed = -1;
  int pdqOther = 256;
  float structureOther = -1;
  float robustOther = -1;
  int pdqAttributed = 256;  // nearest entry of the attributed camera, when foreign and attributed
  float structureAttributed = -1;
  float robustAttributed = -1;
  float robustMirrored = -1;  // the frame mirrored, against mirrorOf's references
  int pdqStep = 0;            // hash distance to the previous frame
  float structureStep = 1;    // structure similarity to the previous frame
  // Sensor-noise correlation with the claimed camera's fingerprint and, for an attributed foreign frame,
  // with the attributed camera's; NaN where no fingerprint of the frame's size exists.
  float noiseClaimed = std::numeric_limits<float>::quiet_NaN();
  float noiseAttributed = std::numeric_limits<float>::quiet_NaN();
  int pdqQuality = 0;
  bool cutBefore = false;    // the frame differs from its predecessor in both hash and structure
  bool sceneChange = false;  // part of a lasting unattributed change of scene
  // Where the frame's view sits, magnified, in the claimed camera's view it was cut from and cut back to
  // (a pan/tilt/zoom camera's closer preset); zoom 0 elsewhere.
  ZoomMatch closerView;
  bool decodeDamaged = false;
  bool referenceDamaged = false;
};

struct VerdictCounts {
  int64_t audited = 0, foreign = 0, corrupt = 0, indeterminate = 0;
};

struct CaptureResult {
  std::string session;
  std::string capture;  // as written in the manifest or on the command line
  std::string claimedCamera;
  std::string viewer;
  bool audited = false;    // false when the capture could not be read at all
  int sessionOrdinal = 0;  // positions in the manifest: the order of output, whatever shards ran it
  int captureOrdinal = 0;
  std::vector<FrameVerdict> frames;  // empty in a merged result: the counts below stand for them
  int64_t framesAudited = 0, framesForeign = 0, framesCorrupt = 0,
          framesIndeterminate = 0;  // merged results only

  // Counted from `frames` when they are at hand, else the stored counts (a merged result).
  VerdictCounts verdictCounts() const;
};

// What a finding reports. Declared in the order of their names, which is the order findings of one place
// are written in.
enum class FindingType {
  CrossCameraDelivery,  // "cross_camera_delivery": the logs show another camera's objects served (no capture,
                        // no frames)
  ForeignFrames,        // "foreign_frames": a run of frames from another camera
  SceneChange,          // "scene_change": a lasting view no camera matches (the camera moved or was replaced)
};
const char* findingTypeName(FindingType type);
std::optional<FindingType> parseFindingType(std::string_view name);

struct Finding {
  std::string id;
  FindingType type = FindingType::ForeignFrames;
  std::string session;
  std::string capture;
  std::string claimedCamera;
  std::string attributedCamera;  // empty: null
  int64_t firstIndex = 0;
  int64_t lastIndex = 0;
  std::optional<double> firstPts;
  std::optional<double> lastPts;
  // The first frame's time of day and where it came from (audit/frame_time.h; "log" for the first log
  // event of a cross-camera delivery); nullopt and empty where nothing tells.
  std::optional<double> time;
  std::string timeSource;
  int64_t frames = 0;
  double confidence = 0;
  // FramesEvidence for runs of frames, DeliveryEvidence for cross_camera_delivery.
  std::variant<FramesEvidence, DeliveryEvidence> evidence;
  int sessionOrdinal = -1;  // frames findings: the capture's manifest positions (ordering only)
  int captureOrdinal = -1;

  bool fromLogs() const { return type == FindingType::CrossCameraDelivery; }
  FramesEvidence& framesEvidence() { return std::get<FramesEvidence>(evidence); }
  const FramesEvidence& framesEvidence() const { return std::get<FramesEvidence>(evidence); }
  DeliveryEvidence& deliveryEvidence() { return std::get<DeliveryEvidence>(evidence); }
  const DeliveryEvidence& deliveryEvidence() const { return std::get<DeliveryEvidence>(evidence); }
};

// The order findings are written in, whatever order (or shards) produced them: frames findings by manifest
// position and first frame, then log findings by session and owning camera.
bool findingBefore(const Finding& a, const Finding& b);

// A distribution of a network measure over log events, with values kept to 3 significant digits so that
// it stays small and sums exactly across shards.
struct ValueHistogram {
  std::map<double, int64_t> counts;
  void add(double value);
  void merge(const ValueHistogram& other);
  std::optional<double> median() const;
  int64_t total() const;
};

struct NetworkStats {
  ValueHistogram rttMs;
  ValueHistogram bitrateKbps;
};

// What reading one log came to (findings.json "logs").
struct LogReport {
  std::string path;  // as written in the manifest
  std::string format;
  int64_t lines = 0;
  int64_t events = 0;
  int64_t malformed = 0;
  int64_t badTimes = 0;
  // Events a session and owner could be judged for; events that say where objects came from (origin
  // lines); served objects whose owner no field, pattern or origin line names; sessions whose camera
  // neither the manifest nor the log names.
  int64_t judged = 0, originRecords = 0, noOwner = 0, noCamera = 0;
  std::vector<std::string> examples;
};

struct InputError {
  std::string input;
  std::string message;
};

// Views a capture showed as its claimed camera's (consistent frames and scene changes), and the views of a
// foreign finding that no reference attributed or of a scene change: the inputs of audit/session_views.h.
struct CaptureViews {
  int sessionOrdinal = 0;
  int captureOrdinal = 0;
  std::string camera;
  CameraProfile views;
  // views' first entries, of frames judged consistent; the rest are of scene changes only, views the
  // camera is not known to film.
  size_t heldEntries = 0;
};
struct UnattributedViews {
  std::string findingId;
  std::string claimedCamera;
  CameraProfile views;
  int64_t indeterminateFrames = 0;  // a scene change's frames the second look would turn foreign
};

struct AuditResult {
  std::string caseId;
  std::vector<std::string> argv;
  std::vector<InputDigest> inputs;
  std::vector<CaptureResult> captures;
  std::vector<Finding> findings;
  std::vector<InputError> errors;  // inputs not read, wholly or in part: the result is partial
  // Damage the evidence carries (packet loss, corrupt packets) and evidence weaker than it could be (a log
  // field mapped to a name no line has, a profile without sensor noise): said, never partial.
  std::vector<InputError> warnings;
  std::vector<LogReport> logs;
  NetworkStats network;                                             // over every log event of the case
  std::vector<std::pair<std::string, std::string>> profileDigests;  // camera -> SHA-256 of the profile used
  std::vector<CaptureViews> sessionViews;
  std::vector<UnattributedViews> unattributed;

  // Whether any frame of a capture, or any line of a log, was audited (else the exit code is 2).
  bool anyAudited() const;
  // Sorts findings, errors and inputs into their written order and drops exact duplicates (the same
  // reference error seen by every shard).
  void canonicalize();
};

}  // namespace camtrace
