#include "findings_writer.h"

#include <cmath>
#include <set>

#include "formats/log_time.h"
#include "report/blast_radius.h"
#include "report/evidence_json.h"
#include "report/library_versions.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

}  // namespace

ojson nullable(const std::string& text) {
  return text.empty() ? ojson(nullptr) : ojson(text);
}

const ojson& jsonMember(const ojson& object, const char* key) {
  static const ojson kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string jsonText(const ojson& object, const char* key) {
  const ojson& v = jsonMember(object, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

ojson findingToJson(const Finding& f) {
  ojson item;
  item["id"] = f.id;
  item["type"] = findingTypeName(f.type);
  item["session"] = f.session;
  item["capture"] = nullable(f.capture);
  item["claimed_camera"] = f.claimedCamera;
  item["attributed_camera"] = nullable(f.attributedCamera);
  item["first_index"] = f.fromLogs() ? ojson(nullptr) : ojson(f.firstIndex);
  item["last_index"] = f.fromLogs() ? ojson(nullptr) : ojson(f.lastIndex);
  item["first_pts"] = nullable(f.firstPts);
  item["last_pts"] = nullable(f.lastPts);
  item["time"] = f.time ? ojson(formatUtc(*f.time)) : ojson(nullptr);
  item["time_source"] = nullable(f.timeSource);
  item["frames"] = f.frames;
  item["confidence"] = f.confidence;
  item["evidence"] = evidenceToJson(f);
  return item;
}

ojson inputsToJson(const AuditResult& result) {
  auto inputs = ojson::array();
  for (const auto& input : result.inputs)
    inputs.push_back({{"path", input.path}, {"bytes", input.bytes}, {"sha256", input.sha256}});
  return inputs;
}

ojson logsToJson(const AuditResult& result) {
  auto logs = ojson::array();
  for (const auto& log : result.logs) {
    logs.push_back({{"path", log.path},
                    {"format", log.format},
                    {"lines", log.lines},
                    {"events", log.events},
                    {"malformed_lines", log.malformed},
                    {"unreadable_times", log.badTimes},
                    {"events_judged", log.judged},
                    {"origin_records", log.originRecords},
                    {"objects_without_owner", log.noOwner},
                    {"sessions_without_camera", log.noCamera},
                    {"malformed_examples", log.examples}});
  }
  return logs;
}

ojson notesToJson(const std::vector<InputError>& notes) {
  auto out = ojson::array();
  for (const auto& e : notes) out.push_back({{"input", e.input}, {"message", e.message}});
  return out;
}

ojson toolToJson(const AuditResult& result) {
  ojson libraries = ojson::object();
  for (const auto& [name, version] : libraryVersions()) libraries[name] = version;
  return {
      {"name", "camtrace"}, {"version", CAMTRACE_VERSION}, {"libraries", libraries}, {"argv", result.argv}};
}

ojson findingsToJson(const AuditResult& result) {
  ojson root;
  root["schema"] = kFindingsSchema;
  root["tool"] = toolToJson(result);
  root["case_id"] = result.caseId;
  root["inputs"] = inputsToJson(result);
  root["logs"] = logsToJson(result);
  root["summary"] = summarize(result);
  auto findings = ojson::array();
  for (const auto& f : result.findings) findings.push_back(findingToJson(f));
  root["findings"] = std::move(findings);
  root["errors"] = notesToJson(result.errors);
  root["warnings"] = notesToJson(result.warnings);
  return root;
}

std::string dumpFindings(const AuditResult& result, const std::string& framesSha256) {
  ojson root = findingsToJson(result);
  if (!framesSha256.empty()) root["frames_sha256"] = framesSha256;
  return root.dump(2) + "\n";
}

ojson provenanceToJson(const FrameProvenance& provenance) {
  ojson p;
  p["file"] = provenance.file;
  p["packet_position"] = provenance.packetPosition >= 0 ? ojson(provenance.packetPosition) : ojson(nullptr);
  p["segment"] = nullable(provenance.segment);
  p["media_sequence"] = provenance.mediaSequence >= 0 ? ojson(provenance.mediaSequence) : ojson(nullptr);
  if (provenance.discontinuity) p["discontinuity"] = true;
  if (!std::isnan(provenance.programDateTime)) p["program_date_time"] = formatUtc(provenance.programDateTime);
  if (provenance.rtp) {
    p["ssrc"] = provenance.ssrc;
    p["rtp_sequence"] = {provenance.firstSequence, provenance.lastSequence};
    p["pcap_packets"] = {provenance.firstPacketNumber, provenance.lastPacketNumber};
  }
  return p;
}

void writeFramesJsonl(std::ostream& out, const AuditResult& result, bool explain, bool provenance) {
  for (const auto& capture : result.captures) {
    for (const auto& v : capture.frames) {
      ojson line;
      line["session"] = capture.session;
      line["capture"] = capture.capture;
      line["index"] = v.index;
      line["pts"] = nullable(v.pts);
      const bool timed = v.time.source != TimeSource::None;
      line["time"] = timed ? ojson(formatUtc(v.time.seconds)) : ojson(nullptr);
      line["time_source"] = timed ? ojson(std::string(timeSourceName(v.time.source))) : ojson(nullptr);
      line["verdict"] = verdictName(v.verdict);
      line["claimed_camera"] = capture.claimedCamera;
      line["attributed_camera"] = nullable(v.attributedCamera);
      line["confidence"] = v.confidence;
      if (!v.pdqHex.empty()) {
        line["pdq"] = v.pdqHex;
        line["pdq_quality"] = v.pdqQuality;
      }
      if (explain) {
        ojson e;
        e["pdq_distance"] = v.pdqClaimed;
        e["structure_similarity"] = round4(v.structureClaimed);
        e["score"] = round4(v.scoreClaimed);
        e["robust_structure"] = round4(v.robustClaimed);
        e["best_other_robust_structure"] = round4(v.robustOther);
        e["best_other_camera"] = nullable(v.bestOther);
        e["best_other_score"] = round4(v.scoreOther);
        e["cut_before"] = v.cutBefore;
        e["pdq_step"] = v.pdqStep;
        e["structure_step"] = round4(v.structureStep);
        e["path_margin"] = round4(v.temporalMargin);
        e["decode_damaged"] = v.decodeDamaged;
        e["reference_damaged"] = v.referenceDamaged;
        e["scene_change"] = v.sceneChange;
        e["noise_claimed"] = std::isnan(v.noiseClaimed) ? ojson(nullptr) : ojson(round4(v.noiseClaimed));
        e["noise_attributed"] =
            std::isnan(v.noiseAttributed) ? ojson(nullptr) : ojson(round4(v.noiseAttributed));
        const bool clockRead = v.clock.standing != OsdStanding::Unread;
        e["osd_clock"] = nullable(v.clock.shown);
        e["osd_standing"] = osdStandingName(v.clock.standing);
        e["osd_offset_s"] = clockRead ? ojson(round4(v.clock.offsetSeconds)) : ojson(nullptr);
        e["osd_offset_modulo_h"] =
            clockRead && v.clock.offsetModuloHours > 0 ? ojson(v.clock.offsetModuloHours) : ojson(nullptr);
        e["osd_clock_half_day"] = clockRead ? ojson(v.clock.halfDay) : ojson(nullptr);
        line["evidence"] = std::move(e);
      }
      if (provenance) line["provenance"] = provenanceToJson(v.provenance);
      out << line.dump() << '\n';
    }
  }
}

}  // namespace camtrace
