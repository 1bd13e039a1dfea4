#include "shard_result.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "audit/case_auditor.h"
#include "audit/log_correlator.h"
#include "audit/session_views.h"
#include "formats/log_time.h"
#include "report/evidence_json.h"
#include "report/findings_writer.h"
#include "report/json_reader.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

ojson histogramToJson(const ValueHistogram& h) {
  ojson out = ojson::array();
  for (const auto& [value, count] : h.counts) out.push_back({value, count});
  return out;
}

}  // namespace

std::string dumpShardResult(const ShardResult& shard) {
  const AuditResult& r = shard.result;
  ojson root;
  root["schema"] = kShardSchema;
  root["tool"] = toolToJson(r);
  root["case_id"] = r.caseId;
  root["shards"] = {{"count", shard.count}, {"indexes", shard.indexes}};
  ojson profiles = ojson::array();
  for (const auto& [camera, digest] : shard.result.profileDigests)
    profiles.push_back({{"camera", camera}, {"sha256", digest}});
  root["profiles"] = std::move(profiles);
  root["inputs"] = inputsToJson(r);
  root["logs"] = logsToJson(r);
  root["network"] = {{"rtt_ms", histogramToJson(r.network.rttMs)},
                     {"bitrate_kbps", histogramToJson(r.network.bitrateKbps)}};
  ojson captures = ojson::array();
  for (const auto& c : r.captures) {
    const VerdictCounts n = c.verdictCounts();
    captures.push_back({{"session", c.session},
                        {"capture", c.capture},
                        {"session_ordinal", c.sessionOrdinal},
                        {"capture_ordinal", c.captureOrdinal},
                        {"claimed_camera", c.claimedCamera},
                        {"viewer", c.viewer},
                        {"audited", c.audited},
                        {"frames_audited", n.audited},
                        {"frames_foreign", n.foreign},
                        {"frames_corrupt", n.corrupt},
                        {"frames_indeterminate", n.indeterminate}});
  }
  root["captures"] = std::move(captures);
  ojson findings = ojson::array();
  for (const auto& f : r.findings) {
    ojson item = findingToJson(f);
    item["session_ordinal"] = f.sessionOrdinal;
    item["capture_ordinal"] = f.captureOrdinal;
    findings.push_back(std::move(item));
  }
  root["findings"] = std::move(findings);
  root["errors"] = notesToJson(r.errors);
  root["warnings"] = notesToJson(r.warnings);
  ojson views = ojson::array();
  for (const auto& v : r.sessionViews)
    views.push_back({{"session_ordinal", v.sessionOrdinal},
                     {"capture_ordinal", v.captureOrdinal},
                     {"camera", v.camera},
                     {"views", v.views.toJson()},
                     {"held_entries", v.heldEntries}});
  root["session_views"] = std::move(views);
  ojson unattributed = ojson::array();
  for (const auto& u : r.unattributed)
    unattributed.push_back({{"finding", u.findingId},
                            {"claimed_camera", u.claimedCamera},
                            {"indeterminate_frames", u.indeterminateFrames},
                            {"views", u.views.toJson()}});
  root["unattributed"] = std::move(unattributed);
  return root.dump(2) + "\n";
}

namespace {

LogReport parseLog(const JsonReader& in, const ojson& l) {
  LogReport log;
  log.path = in.text(l, "path");
  log.format = in.text(l, "format");
  log.lines = in.integer(l, "lines");
  log.events = in.integer(l, "events");
  log.malformed = in.integer(l, "malformed_lines");
  log.badTimes = in.integer(l, "unreadable_times");
  log.judged = in.integer(l, "events_judged");
  log.originRecords = in.integer(l, "origin_records");
  log.noOwner = in.integer(l, "objects_without_owner");
  log.noCamera = in.integer(l, "sessions_without_camera");
  log.examples = in.texts(l, "malformed_examples");
  return log;
}

CaptureResult parseCapture(const JsonReader& in, const ojson& c) {
  CaptureResult capture;
  capture.session = in.text(c, "session");
  capture.capture = in.text(c, "capture");
  capture.sessionOrdinal = static_cast<int>(in.integer(c, "session_ordinal"));
  capture.captureOrdinal = static_cast<int>(in.integer(c, "capture_ordinal"));
  capture.claimedCamera = in.text(c, "claimed_camera");
  capture.viewer = in.text(c, "viewer");
  if (!in.member(c, "audited").is_boolean()) in.fail("\"audited\" is not true or false");
  capture.audited = in.member(c, "audited").get<bool>();
  capture.framesAudited = in.integer(c, "frames_audited");
  capture.framesForeign = in.integer(c, "frames_foreign");
  capture.framesCorrupt = in.integer(c, "frames_corrupt");
  capture.framesIndeterminate = in.integer(c, "frames_indeterminate");
  return capture;
}

Finding parseFinding(const JsonReader& in, const ojson& f) {
  Finding finding;
  finding.id = in.text(f, "id");
  const auto type = parseFindingType(in.text(f, "type"));
  if (!type) in.fail("a finding of unknown type \"" + in.text(f, "type") + "\"");
  finding.type = *type;
  finding.session = in.text(f, "session");
  finding.capture = in.nullableText(f, "capture");
  finding.claimedCamera = in.text(f, "claimed_camera");
  finding.attributedCamera = in.nullableText(f, "attributed_camera");
  if (!finding.fromLogs()) {
    finding.firstIndex = in.integer(f, "first_index");
    finding.lastIndex = in.integer(f, "last_index");
  }
  finding.firstPts = in.nullableNumber(f, "first_pts");
  finding.lastPts = in.nullableNumber(f, "last_pts");
  if (const std::string time = in.nullableText(f, "time"); !time.empty()) {
    finding.time = parseLogTime(time);
    if (!finding.time) in.fail("\"time\" is not a UTC time");
  }
  finding.timeSource = in.nullableText(f, "time_source");
  finding.frames = in.integer(f, "frames");
  const auto confidence = in.nullableNumber(f, "confidence");
  if (!confidence) in.fail("a finding without confidence");
  finding.confidence = *confidence;
  parseEvidence(in, in.member(f, "evidence"), finding);
  finding.sessionOrdinal = static_cast<int>(in.integer(f, "session_ordinal"));
  finding.captureOrdinal = static_cast<int>(in.integer(f, "capture_ordinal"));
  return finding;
}

}  // namespace

ShardResult parseShardResult(const std::string& text, const std::string& source) {
  JsonReader in(source);
  ojson root = ojson::parse(text, nullptr, false);
  if (root.is_discarded()) in.fail("not JSON");
  if (!root.is_object() || root.value("schema", std::string()) != kShardSchema) {
    if (root.is_object() && root.value("schema", std::string()) == "camtrace.findings/1")
      in.fail(
          "is a findings.json, not a shard result (write shard results with `camtrace audit --shard I/N`)");
    in.fail(std::string("not a camtrace shard result (schema ") + kShardSchema + ")");
  }
  ShardResult shard;
  AuditResult& r = shard.result;
  r.argv = in.texts(in.member(root, "tool"), "argv");
  r.caseId = in.text(root, "case_id");
  const ojson& shards = in.member(root, "shards");
  shard.count = static_cast<int>(in.integer(shards, "count"));
  for (const auto& i : in.array(shards, "indexes")) {
    if (!i.is_number_integer() || i.get<int64_t>() < 0 || i.get<int64_t>() >= shard.count)
      in.fail("a shard index out of range");
    shard.indexes.push_back(i.get<int>());
  }
  if (shard.count < 1 || shard.indexes.empty()) in.fail("covers no shard");
  for (const auto& p : in.array(root, "profiles"))
    shard.result.profileDigests.emplace_back(in.text(p, "camera"), in.text(p, "sha256"));
  for (const auto& i : in.array(root, "inputs"))
    r.inputs.push_back(
        {in.text(i, "path"), static_cast<uint64_t>(in.integer(i, "bytes")), in.text(i, "sha256")});
  for (const auto& l : in.array(root, "logs")) r.logs.push_back(parseLog(in, l));
  const ojson& network = in.member(root, "network");
  r.network.rttMs = in.histogram(network, "rtt_ms");
  r.network.bitrateKbps = in.histogram(network, "bitrate_kbps");
  for (const auto& c : in.array(root, "captures")) r.captures.push_back(parseCapture(in, c));
  for (const auto& f : in.array(root, "findings")) r.findings.push_back(parseFinding(in, f));
  for (const auto& e : in.array(root, "errors"))
    r.errors.push_back({in.text(e, "input"), in.text(e, "message")});
  for (const auto& e : in.array(root, "warnings"))
    r.warnings.push_back({in.text(e, "input"), in.text(e, "message")});
  auto profile = [&](const ojson& object) {
    try {
      return CameraProfile::fromJson(nlohmann::json::parse(in.member(object, "views").dump()));
    } catch (const std::invalid_argument& e) {
      in.fail(std::string("views that are not a camera profile: ") + e.what());
    }
  };
  for (const auto& v : in.array(root, "session_views")) {
    CaptureViews views{static_cast<int>(in.integer(v, "session_ordinal")),
                       static_cast<int>(in.integer(v, "capture_ordinal")), in.text(v, "camera"), profile(v)};
    views.heldEntries = static_cast<size_t>(std::max<int64_t>(
        0,
        in.optionalInteger(v, "held_entries").value_or(static_cast<int64_t>(views.views.entries().size()))));
    r.sessionViews.push_back(std::move(views));
  }
  for (const auto& u : in.array(root, "unattributed"))
    r.unattributed.push_back({in.text(u, "finding"), in.text(u, "claimed_camera"), profile(u),
                              in.optionalInteger(u, "indeterminate_frames").value_or(0)});
  return shard;
}

namespace {

// argv with the manifest's path left out: shards of one case may name it differently ("case.json",
// "./case.json", an absolute path); the case id and the inputs' SHA-256 tell whether it is the same case.
std::vector<std::string> argvBesideCase(std::vector<std::string> argv) {
  for (size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--case" && i + 1 < argv.size()) argv[i + 1] = "CASE";
    if (argv[i].rfind("--case=", 0) == 0) argv[i] = "--case=CASE";
  }
  return argv;
}

std::string firstDifference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  auto at = [i](const std::vector<std::string>& v) {
    return i < v.size() ? "\"" + v[i] + "\"" : std::string("nothing");
  };
  return "argument " + std::to_string(i) + " is " + at(a) + " in one and " + at(b) + " in the other";
}

}  // namespace

ShardResult mergeShardResults(std::vector<ShardResult> parts) {
  if (parts.empty()) throw std::runtime_error("nothing to merge");
  // The part holding the lowest shard speaks for the merge, so any order of merging gives the same bytes.
  std::stable_sort(parts.begin(), parts.end(), [](const ShardResult& a, const ShardResult& b) {
    return (a.indexes.empty() ? -1 : a.indexes.front()) < (b.indexes.empty() ? -1 : b.indexes.front());
  });
  ShardResult out;
  out.count = parts[0].count;
  out.result.profileDigests = parts[0].result.profileDigests;
  out.result.caseId = parts[0].result.caseId;
  out.result.argv = parts[0].result.argv;
  std::set<int> covered;
  std::map<std::string, InputDigest> inputs;
  std::vector<LogReport> logs;  // only the part holding shard 0 reports them, in manifest order
  for (auto& part : parts) {
    AuditResult& r = part.result;
    if (r.caseId != out.result.caseId)
      throw std::runtime_error("shards of different cases: \"" + out.result.caseId + "\" and \"" + r.caseId +
                               "\"");
    if (part.count != out.count)
      throw std::runtime_error("shards of different splits: " + std::to_string(out.count) + " and " +
                               std::to_string(part.count) + " shards");
    if (argvBesideCase(r.argv) != argvBesideCase(out.result.argv)) {
      throw std::runtime_error("shards audited with different arguments (" +
                               firstDifference(out.result.argv, r.argv) + "); rerun them alike");
    }
    if (part.result.profileDigests != out.result.profileDigests)
      throw std::runtime_error("shards used different camera profiles (references changed between runs?)");
    for (int i : part.indexes)
      if (!covered.insert(i).second)
        throw std::runtime_error("shard " + std::to_string(i) + " is given twice");
    for (const auto& input : r.inputs) {
      auto [it, fresh] = inputs.emplace(input.path, input);
      if (!fresh && it->second.sha256 != input.sha256)
        throw std::runtime_error(
            "input " + input.path +
            " has different SHA-256 in different shards: the evidence changed between runs");
    }
    if (!r.logs.empty()) logs = std::move(r.logs);
    out.result.network.rttMs.merge(r.network.rttMs);
    out.result.network.bitrateKbps.merge(r.network.bitrateKbps);
    std::move(r.captures.begin(), r.captures.end(), std::back_inserter(out.result.captures));
    std::move(r.findings.begin(), r.findings.end(), std::back_inserter(out.result.findings));
    std::move(r.errors.begin(), r.errors.end(), std::back_inserter(out.result.errors));
    std::move(r.warnings.begin(), r.warnings.end(), std::back_inserter(out.result.warnings));
    std::move(r.sessionViews.begin(), r.sessionViews.end(), std::back_inserter(out.result.sessionViews));
    std::move(r.unattributed.begin(), r.unattributed.end(), std::back_inserter(out.result.unattributed));
  }
  out.indexes.assign(covered.begin(), covered.end());
  for (auto& [path, input] : inputs) out.result.inputs.push_back(input);
  out.result.logs = std::move(logs);
  // What one unsharded run does last, once every session's views are here (docs/scale-out.md).
  finishCase(out.result, out.complete());
  return out;
}

}  // namespace camtrace
