#pragma once

// What each witness says about a finding, as values: built in audit/ (finding_builder, log_correlator,
// session_views), written to JSON, with the prose readings an analyst reads, in one place
// (report/evidence_json), and read back from shard results there too.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace camtrace {

// Keys with counts, in the order they are written.
using CountList = std::vector<std::pair<std::string, int64_t>>;

// One camera's match over a run: its best frame (the claimed camera: "nearest", "highest") or its worst
// (the attributed camera: "farthest", "lowest"), and each signal's mean share of the fused score.
struct CameraMatchEvidence {
  std::string camera;
  bool worstCase = false;
  int pdqDistance = 0;
  double structureSimilarity = 0;
  double hashTerm = 0;
  double structureTerm = 0;
  double score = 0;
};

struct RankedCamera {
  std::string camera;
  double score =
      0;  // runner-up: its mean score margin behind the attributed camera; nearest other: its score
};

struct TemporalEvidence {
  bool cutAtEntry = false;
  bool cutAtExit = false;
  double pathMargin = 0;
};

// What the run's noise correlations mean (decided in audit/finding_builder, worded in report/).
enum class NoiseReading { Inconclusive, SameSensorViewChanged, Contradicts, Supports };

struct SensorNoiseEvidence {
  int64_t framesMeasured = 0;
  double claimedCorrelation = 0;
  std::optional<double> attributedCorrelation;
  double sameSensorThreshold = 0;
  NoiseReading reading = NoiseReading::Inconclusive;
};

// The burned-in clock over the run; worded from the standing most frames have.
struct ClockEvidence {
  int64_t framesRead = 0;
  std::optional<std::string> firstShown;
  int64_t consistent = 0, otherTimeZone = 0, behind = 0, ahead = 0;
  std::optional<double> offsetSeconds;  // median, to a tenth of a second
};

// Where the run lies in the evidence.
struct RunProvenance {
  std::string file;
  std::optional<int64_t> firstPacketPosition, lastPacketPosition;
  std::optional<std::string> lastFile;  // when the run ends in another file (stills, segments)
  struct Segments {
    std::string first;
    int64_t firstMediaSequence = -1;
    std::string last;
    int64_t lastMediaSequence = -1;
  };
  std::optional<Segments> segments;  // HLS
  struct Rtp {
    uint32_t ssrc = 0;
    int64_t firstSequence = -1, lastSequence = -1;
    int64_t firstPcapPacket = -1, lastPcapPacket = -1;
  };
  std::optional<Rtp> rtp;  // RTP in a packet capture
};

// The log deliveries (cross_camera_delivery findings) of the session that brought a run's frames.
struct DeliveryTie {
  std::vector<std::string> findings;
  CountList cacheNodes, cacheStatus;
  std::vector<std::string> objects;
};

// An unattributed run attributed by the views other sessions showed as their own cameras'.
struct SessionViewsAttribution {
  std::string camera;
  double score = 0;
  std::optional<std::string> runnerUp;
  std::optional<double> runnerUpScore;
  int64_t capturesOfCamera = 0;
  int64_t views = 0;
  // A scene change of the claimed camera's found to be the camera's recurring view: how many of its
  // captures show it, and the claimed camera's score over its other captures (null: it has none).
  bool fromSceneChange = false;
  int64_t capturesShowing = 0;
  std::optional<double> claimedScore;
};

// A run cut into the capture that no camera's references explain, whose views the claimed camera's other
// captures show on frames judged its own: its own view, not another camera's feed (a scene_change).
struct ClaimedSessionViews {
  double score = 0;      // the run's views against the claimed camera's other captures' own frames
  int64_t captures = 0;  // those captures
  std::optional<std::string> bestOther;  // the best other camera's session views, and their score
  std::optional<double> bestOtherScore;
  // Shown in most of the claimed camera's other captures, counting their scene changes: `score` is then
  // against all their views, `captures` those that show the run's, of `capturesOfCamera` (session_views).
  bool inSceneChanges = false;
  int64_t capturesOfCamera = 0;
};

// A scene change cut out of the claimed camera's view and back into it whose pictures are that view
// magnified (a pan/tilt/zoom camera's closer preset; analyzers/structure_zoom.h). The window is in
// fractions of the picture's width and height.
struct CloserViewEvidence {
  double zoom = 0;
  double left = 0, top = 0, width = 0, height = 0;
  double similarity = 0;  // the lower of the entry's and the exit's zoomed structure correlation
  int64_t frames = 0;     // frames of the run that are the closer view
};

// An unattributed run whose pictures are a camera of the case's scene mirrored left to right: a stranger
// whose scene looks so, or that camera's own pictures mirrored on their way (a mirror setting, a cache
// that stored them flipped). Not attributed: a mirrored picture is not what the camera sends.
struct MirrorImageEvidence {
  std::string camera;
  int64_t frames = 0;                // frames of the run that are its mirror image
  double lowestRobustStructure = 0;  // the least robust structure of those frames, mirrored
};

// A run of frames (foreign_frames, scene_change).
struct FramesEvidence {
  CameraMatchEvidence claimed;
  std::optional<CameraMatchEvidence> attributed;
  std::optional<RankedCamera> runnerUp;      // when attributed
  std::optional<RankedCamera> nearestOther;  // when not
  TemporalEvidence temporal;
  int64_t decodeDamagedFrames = 0;
  double streamSignatureTerm = 0;  // the stream-signature term against the claimed camera
  std::optional<SensorNoiseEvidence> sensorNoise;
  std::optional<ClockEvidence> clock;
  RunProvenance provenance;
  std::optional<SessionViewsAttribution> attributedViaSessions;
  std::optional<ClaimedSessionViews> shownByClaimedCamera;
  std::optional<CloserViewEvidence> closerView;
  std::optional<MirrorImageEvidence> mirrorImageOf;
  std::optional<DeliveryTie> delivery;
};

// A line of a log, cited; empty texts are null.
struct CitedLogLine {
  std::string log;
  int64_t line = 0;
  std::optional<std::string> time;
  std::string object, node, cacheStatus, event;
};

// What the logs say of one session served another camera's objects (cross_camera_delivery).
struct DeliveryEvidence {
  int64_t events = 0;
  std::optional<std::string> firstTime, lastTime;
  std::vector<std::string> viewers;
  std::optional<std::vector<std::string>> viewersDisplayed;  // null when no log says what was displayed
  int64_t objectsDistinct = 0;
  std::vector<std::string> objectExamples;
  std::vector<std::string> ownerFrom;
  CountList cacheNodes, cacheStatus, keyPatterns, minutes;
  std::optional<double> rttMsMedian, bitrateKbpsMedian, caseRttMsMedian, caseBitrateKbpsMedian;
  std::vector<CitedLogLine> logLines;
};

}  // namespace camtrace
