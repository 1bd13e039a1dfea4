#include "evidence_json.h"

#include <cmath>
#include <cstdio>

#include "report/findings_writer.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

ojson countsToJson(const CountList& counts) {
  ojson out = ojson::object();
  for (const auto& [key, n] : counts) out[key] = n;
  return out;
}

ojson cameraToJson(const CameraMatchEvidence& e) {
  ojson out;
  out["camera"] = e.camera;
  out[e.worstCase ? "farthest_pdq_distance" : "nearest_pdq_distance"] = e.pdqDistance;
  out[e.worstCase ? "lowest_structure_similarity" : "highest_structure_similarity"] = e.structureSimilarity;
  out["hash_term"] = e.hashTerm;
  out["structure_term"] = e.structureTerm;
  out["score"] = e.score;
  return out;
}

const char* noiseReadingText(NoiseReading reading) {
  switch (reading) {
    case NoiseReading::Inconclusive:
      return "inconclusive";
    case NoiseReading::SameSensorViewChanged:
      return "same sensor: the frames carry the claimed camera's noise pattern, so the camera itself changed "
             "its view";
    case NoiseReading::Contradicts:
      return "contradicts: the frames carry the claimed camera's noise pattern";
    case NoiseReading::Supports:
      return "supports: the frames carry the attributed camera's noise pattern, not the claimed camera's";
  }
  return "inconclusive";
}

ojson noiseToJson(const SensorNoiseEvidence& e) {
  ojson out;
  out["frames_measured"] = e.framesMeasured;
  out["claimed_camera_correlation"] = e.claimedCorrelation;
  out["attributed_camera_correlation"] = nullable(e.attributedCorrelation);
  out["same_sensor_threshold"] = e.sameSensorThreshold;
  out["reading"] = noiseReadingText(e.reading);
  return out;
}

// Worded from the standing most of the run's frames have (the first of equals in the order written).
std::string clockReading(const ClockEvidence& e, bool sceneChange) {
  OsdStanding most = OsdStanding::Unread;
  int64_t mostFrames = 0;
  for (const auto& [standing, n] : {std::pair{OsdStanding::Consistent, e.consistent},
                                    {OsdStanding::OtherZone, e.otherTimeZone},
                                    {OsdStanding::Behind, e.behind},
                                    {OsdStanding::Ahead, e.ahead}})
    if (n > mostFrames) most = standing, mostFrames = n;
  const double offset = e.offsetSeconds.value_or(0);
  char hours[32], seconds[32];
  std::snprintf(hours, sizeof hours, "%+g h", std::round(offset / 900) / 4);
  std::snprintf(seconds, sizeof seconds, "%+.0f s", offset);
  switch (most) {
    case OsdStanding::Unread:
      return "not read: the clock cells of these frames matched no learned digit";
    case OsdStanding::Consistent:
      return sceneChange ? "consistent: the session's own clock runs on through the change of view"
                         : "consistent with the session's clock: proves little (cameras in one time zone "
                           "show one time)";
    case OsdStanding::OtherZone:
      return std::string("supports: the burned-in clock is ") + hours +
             " from the session's, to the second: another time zone";
    case OsdStanding::Behind:
    case OsdStanding::Ahead:
      return std::string("supports: the burned-in clock shows another moment (") + seconds +
             "): not the claimed camera's live picture";
  }
  return "";
}

ojson clockToJson(const ClockEvidence& e, bool sceneChange) {
  ojson out;
  out["frames_read"] = e.framesRead;
  out["first_shown"] = nullable(e.firstShown);
  out[osdStandingName(OsdStanding::Consistent)] = e.consistent;
  out[osdStandingName(OsdStanding::OtherZone)] = e.otherTimeZone;
  out[osdStandingName(OsdStanding::Behind)] = e.behind;
  out[osdStandingName(OsdStanding::Ahead)] = e.ahead;
  out["offset_seconds"] = nullable(e.offsetSeconds);
  out["reading"] = clockReading(e, sceneChange);
  return out;
}

ojson provenanceToJson(const RunProvenance& p) {
  ojson out;
  out["file"] = p.file;
  if (p.firstPacketPosition) out["first_packet_position"] = *p.firstPacketPosition;
  if (p.lastPacketPosition) out["last_packet_position"] = *p.lastPacketPosition;
  if (p.lastFile) out["last_file"] = *p.lastFile;
  if (p.segments) {
    out["first_segment"] = p.segments->first;
    out["first_media_sequence"] = p.segments->firstMediaSequence;
    out["last_segment"] = p.segments->last;
    out["last_media_sequence"] = p.segments->lastMediaSequence;
  }
  if (p.rtp) {
    out["ssrc"] = p.rtp->ssrc;
    out["first_rtp_sequence"] = p.rtp->firstSequence;
    out["last_rtp_sequence"] = p.rtp->lastSequence;
    out["first_pcap_packet"] = p.rtp->firstPcapPacket;
    out["last_pcap_packet"] = p.rtp->lastPcapPacket;
  }
  return out;
}

ojson framesToJson(const FramesEvidence& e, bool sceneChange) {
  ojson out;
  out["claimed_camera"] = cameraToJson(e.claimed);
  if (e.attributed) {
    out["attributed_camera"] = cameraToJson(*e.attributed);
    if (e.runnerUp) out["runner_up"] = {{"camera", e.runnerUp->camera}, {"score_margin", e.runnerUp->score}};
  } else if (e.nearestOther) {
    out["nearest_other_camera"] = {{"camera", e.nearestOther->camera}, {"score", e.nearestOther->score}};
  }
  out["temporal"] = {{"cut_at_entry", e.temporal.cutAtEntry},
                     {"cut_at_exit", e.temporal.cutAtExit},
                     {"path_margin", e.temporal.pathMargin}};
  out["decode_damaged_frames"] = e.decodeDamagedFrames;
  out["stream_signature"] = {{"claimed_camera_term", e.streamSignatureTerm}};
  if (e.sensorNoise) out["sensor_noise"] = noiseToJson(*e.sensorNoise);
  if (e.clock) out["burned_in_clock"] = clockToJson(*e.clock, sceneChange);
  out["provenance"] = provenanceToJson(e.provenance);
  if (const auto& via = e.attributedViaSessions) {
    out["attributed_via_sessions"] = {{"camera", via->camera},
                                      {"score", via->score},
                                      {"runner_up", nullable(via->runnerUp)},
                                      {"runner_up_score", nullable(via->runnerUpScore)},
                                      {"captures_of_camera", via->capturesOfCamera},
                                      {"views", via->views}};
    if (via->fromSceneChange) {
      out["attributed_via_sessions"]["from_scene_change"] = true;
      out["attributed_via_sessions"]["captures_showing"] = via->capturesShowing;
      out["attributed_via_sessions"]["claimed_camera_score"] = nullable(via->claimedScore);
    }
  }
  if (const auto& c = e.shownByClaimedCamera) {
    out["shown_by_claimed_camera"] = {{"score", c->score},
                                      {"captures", c->captures},
                                      {"best_other_camera", nullable(c->bestOther)},
                                      {"best_other_score", nullable(c->bestOtherScore)}};
    if (c->inSceneChanges) {
      out["shown_by_claimed_camera"]["in_scene_changes"] = true;
      out["shown_by_claimed_camera"]["captures_of_camera"] = c->capturesOfCamera;
    }
  }
  if (const auto& c = e.closerView) {
    out["closer_view_of_claimed_view"] = {{"zoom", c->zoom},     {"left", c->left},
                                          {"top", c->top},       {"width", c->width},
                                          {"height", c->height}, {"similarity", c->similarity},
                                          {"frames", c->frames}};
  }
  if (const auto& m = e.mirrorImageOf) {
    out["mirror_image_of"] = {
        {"camera", m->camera}, {"frames", m->frames}, {"lowest_robust_structure", m->lowestRobustStructure}};
  }
  if (const auto& d = e.delivery) {
    out["delivery"] = {{"findings", d->findings},
                       {"cache_nodes", countsToJson(d->cacheNodes)},
                       {"cache_status", countsToJson(d->cacheStatus)},
                       {"objects", d->objects}};
  }
  return out;
}

ojson deliveryToJson(const DeliveryEvidence& e) {
  ojson out;
  out["source"] = "logs";
  out["events"] = e.events;
  out["first_time"] = nullable(e.firstTime);
  out["last_time"] = nullable(e.lastTime);
  out["viewers"] = e.viewers;
  out["viewers_displayed"] = nullable(e.viewersDisplayed);
  out["objects"] = {{"distinct", e.objectsDistinct}, {"examples", e.objectExamples}};
  out["owner_from"] = e.ownerFrom;
  out["cache_nodes"] = countsToJson(e.cacheNodes);
  out["cache_status"] = countsToJson(e.cacheStatus);
  out["key_patterns"] = countsToJson(e.keyPatterns);
  out["minutes"] = countsToJson(e.minutes);
  out["network"] = {{"rtt_ms_median", nullable(e.rttMsMedian)},
                    {"bitrate_kbps_median", nullable(e.bitrateKbpsMedian)},
                    {"case_rtt_ms_median", nullable(e.caseRttMsMedian)},
                    {"case_bitrate_kbps_median", nullable(e.caseBitrateKbpsMedian)}};
  auto lines = ojson::array();
  for (const auto& l : e.logLines) {
    ojson line;
    line["log"] = l.log;
    line["line"] = l.line;
    line["time"] = nullable(l.time);
    line["object"] = l.object;
    line["node"] = nullable(l.node);
    line["cache_status"] = nullable(l.cacheStatus);
    line["event"] = nullable(l.event);
    lines.push_back(std::move(line));
  }
  out["log_lines"] = std::move(lines);
  return out;
}

}  // namespace

ojson evidenceToJson(const Finding& finding) {
  if (finding.fromLogs()) return deliveryToJson(finding.deliveryEvidence());
  return framesToJson(finding.framesEvidence(), finding.type == FindingType::SceneChange);
}

namespace {

CameraMatchEvidence parseCamera(const JsonReader& in, const ojson& o) {
  CameraMatchEvidence e;
  e.camera = in.text(o, "camera");
  e.worstCase = in.has(o, "farthest_pdq_distance");
  e.pdqDistance =
      static_cast<int>(in.integer(o, e.worstCase ? "farthest_pdq_distance" : "nearest_pdq_distance"));
  e.structureSimilarity =
      in.number(o, e.worstCase ? "lowest_structure_similarity" : "highest_structure_similarity");
  e.hashTerm = in.number(o, "hash_term");
  e.structureTerm = in.number(o, "structure_term");
  e.score = in.number(o, "score");
  return e;
}

SensorNoiseEvidence parseNoise(const JsonReader& in, const ojson& o) {
  SensorNoiseEvidence e;
  e.framesMeasured = in.integer(o, "frames_measured");
  e.claimedCorrelation = in.number(o, "claimed_camera_correlation");
  e.attributedCorrelation = in.nullableNumber(o, "attributed_camera_correlation");
  e.sameSensorThreshold = in.number(o, "same_sensor_threshold");
  const std::string reading = in.text(o, "reading");
  bool known = false;
  for (NoiseReading r : {NoiseReading::Inconclusive, NoiseReading::SameSensorViewChanged,
                         NoiseReading::Contradicts, NoiseReading::Supports}) {
    if (reading == noiseReadingText(r)) e.reading = r, known = true;
  }
  if (!known) in.fail("a sensor-noise reading camtrace does not write: \"" + reading + "\"");
  return e;
}

ClockEvidence parseClock(const JsonReader& in, const ojson& o) {
  ClockEvidence e;
  e.framesRead = in.integer(o, "frames_read");
  e.firstShown = in.optionalText(o, "first_shown");
  e.consistent = in.integer(o, osdStandingName(OsdStanding::Consistent));
  e.otherTimeZone = in.integer(o, osdStandingName(OsdStanding::OtherZone));
  e.behind = in.integer(o, osdStandingName(OsdStanding::Behind));
  e.ahead = in.integer(o, osdStandingName(OsdStanding::Ahead));
  e.offsetSeconds = in.nullableNumber(o, "offset_seconds");
  return e;
}

RunProvenance parseProvenance(const JsonReader& in, const ojson& o) {
  RunProvenance p;
  p.file = in.text(o, "file");
  p.firstPacketPosition = in.optionalInteger(o, "first_packet_position");
  p.lastPacketPosition = in.optionalInteger(o, "last_packet_position");
  if (in.has(o, "last_file")) p.lastFile = in.text(o, "last_file");
  if (in.has(o, "first_segment"))
    p.segments = RunProvenance::Segments{in.text(o, "first_segment"), in.integer(o, "first_media_sequence"),
                                         in.text(o, "last_segment"), in.integer(o, "last_media_sequence")};
  if (in.has(o, "ssrc"))
    p.rtp = RunProvenance::Rtp{static_cast<uint32_t>(in.integer(o, "ssrc")),
                               in.integer(o, "first_rtp_sequence"), in.integer(o, "last_rtp_sequence"),
                               in.integer(o, "first_pcap_packet"), in.integer(o, "last_pcap_packet")};
  return p;
}

FramesEvidence parseFrames(const JsonReader& in, const ojson& o) {
  FramesEvidence e;
  e.claimed = parseCamera(in, in.member(o, "claimed_camera"));
  if (in.has(o, "attributed_camera")) e.attributed = parseCamera(in, in.member(o, "attributed_camera"));
  if (in.has(o, "runner_up")) {
    const ojson& r = in.member(o, "runner_up");
    e.runnerUp = RankedCamera{in.text(r, "camera"), in.number(r, "score_margin")};
  }
  if (in.has(o, "nearest_other_camera")) {
    const ojson& r = in.member(o, "nearest_other_camera");
    e.nearestOther = RankedCamera{in.text(r, "camera"), in.number(r, "score")};
  }
  const ojson& t = in.member(o, "temporal");
  e.temporal = {in.boolean(t, "cut_at_entry"), in.boolean(t, "cut_at_exit"), in.number(t, "path_margin")};
  e.decodeDamagedFrames = in.integer(o, "decode_damaged_frames");
  e.streamSignatureTerm = in.number(in.member(o, "stream_signature"), "claimed_camera_term");
  if (in.has(o, "sensor_noise")) e.sensorNoise = parseNoise(in, in.member(o, "sensor_noise"));
  if (in.has(o, "burned_in_clock")) e.clock = parseClock(in, in.member(o, "burned_in_clock"));
  e.provenance = parseProvenance(in, in.member(o, "provenance"));
  if (in.has(o, "attributed_via_sessions")) {
    const ojson& v = in.member(o, "attributed_via_sessions");
    SessionViewsAttribution via;
    via.camera = in.text(v, "camera");
    via.score = in.number(v, "score");
    via.runnerUp = in.optionalText(v, "runner_up");
    via.runnerUpScore = in.nullableNumber(v, "runner_up_score");
    via.capturesOfCamera = in.integer(v, "captures_of_camera");
    via.views = in.integer(v, "views");
    if (in.has(v, "from_scene_change")) {
      via.fromSceneChange = in.boolean(v, "from_scene_change");
      via.capturesShowing = in.integer(v, "captures_showing");
      via.claimedScore = in.nullableNumber(v, "claimed_camera_score");
    }
    e.attributedViaSessions = std::move(via);
  }
  if (in.has(o, "shown_by_claimed_camera")) {
    const ojson& c = in.member(o, "shown_by_claimed_camera");
    e.shownByClaimedCamera = ClaimedSessionViews{in.number(c, "score"), in.integer(c, "captures"),
                                                 in.optionalText(c, "best_other_camera"),
                                                 in.nullableNumber(c, "best_other_score")};
    if (in.has(c, "in_scene_changes")) {
      e.shownByClaimedCamera->inSceneChanges = in.boolean(c, "in_scene_changes");
      e.shownByClaimedCamera->capturesOfCamera = in.integer(c, "captures_of_camera");
    }
  }
  if (in.has(o, "closer_view_of_claimed_view")) {
    const ojson& c = in.member(o, "closer_view_of_claimed_view");
    e.closerView = CloserViewEvidence{
        in.number(c, "zoom"),   in.number(c, "left"),       in.number(c, "top"),    in.number(c, "width"),
        in.number(c, "height"), in.number(c, "similarity"), in.integer(c, "frames")};
  }
  if (in.has(o, "mirror_image_of")) {
    const ojson& m = in.member(o, "mirror_image_of");
    e.mirrorImageOf = MirrorImageEvidence{in.text(m, "camera"), in.integer(m, "frames"),
                                          in.number(m, "lowest_robust_structure")};
  }
  if (in.has(o, "delivery")) {
    const ojson& d = in.member(o, "delivery");
    e.delivery = DeliveryTie{in.texts(d, "findings"), in.counts(d, "cache_nodes"),
                             in.counts(d, "cache_status"), in.texts(d, "objects")};
  }
  return e;
}

DeliveryEvidence parseDelivery(const JsonReader& in, const ojson& o) {
  DeliveryEvidence e;
  e.events = in.integer(o, "events");
  e.firstTime = in.optionalText(o, "first_time");
  e.lastTime = in.optionalText(o, "last_time");
  e.viewers = in.texts(o, "viewers");
  if (!in.member(o, "viewers_displayed").is_null()) e.viewersDisplayed = in.texts(o, "viewers_displayed");
  const ojson& objects = in.member(o, "objects");
  e.objectsDistinct = in.integer(objects, "distinct");
  e.objectExamples = in.texts(objects, "examples");
  e.ownerFrom = in.texts(o, "owner_from");
  e.cacheNodes = in.counts(o, "cache_nodes");
  e.cacheStatus = in.counts(o, "cache_status");
  e.keyPatterns = in.counts(o, "key_patterns");
  e.minutes = in.counts(o, "minutes");
  const ojson& network = in.member(o, "network");
  e.rttMsMedian = in.nullableNumber(network, "rtt_ms_median");
  e.bitrateKbpsMedian = in.nullableNumber(network, "bitrate_kbps_median");
  e.caseRttMsMedian = in.nullableNumber(network, "case_rtt_ms_median");
  e.caseBitrateKbpsMedian = in.nullableNumber(network, "case_bitrate_kbps_median");
  for (const auto& l : in.array(o, "log_lines")) {
    e.logLines.push_back({in.text(l, "log"), in.integer(l, "line"), in.optionalText(l, "time"),
                          in.text(l, "object"), in.optionalText(l, "node").value_or(""),
                          in.optionalText(l, "cache_status").value_or(""),
                          in.optionalText(l, "event").value_or("")});
  }
  return e;
}

}  // namespace

void parseEvidence(const JsonReader& in, const ojson& evidence, Finding& finding) {
  if (!evidence.is_object()) in.fail("a finding whose evidence is not an object");
  if (finding.fromLogs())
    finding.evidence = parseDelivery(in, evidence);
  else
    finding.evidence = parseFrames(in, evidence);
}

}  // namespace camtrace
