#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit_result.h"

namespace camtrace {

constexpr const char* kFindingsSchema = "camtrace.findings/1";

// findings.json (docs/design.md): key order is fixed by construction and numbers are rounded where they are
// computed, so the same inputs give the same bytes.
nlohmann::ordered_json findingsToJson(const AuditResult& result);

// frames.jsonl: one line per decoded frame, captures in manifest order, frames in presentation order.
// With `explain`, each line also carries an `evidence` object: the signals behind its verdict; with
// `provenance`, a `provenance` object: file, packet byte position, HLS segment and media sequence.
void writeFramesJsonl(std::ostream& out, const AuditResult& result, bool explain = false,
                      bool provenance = false);

// A member of a JSON object, or null when it is missing or the value is no object: for reading findings
// back (summaries of merged shards, the incident view) without trusting their shape.
const nlohmann::ordered_json& jsonMember(const nlohmann::ordered_json& object, const char* key);
// The member's text, or "" when it is missing or no string.
std::string jsonText(const nlohmann::ordered_json& object, const char* key);

// How findings.json writes what is not known: null for an empty text or an absent value.
nlohmann::ordered_json nullable(const std::string& text);
template <typename T>
nlohmann::ordered_json nullable(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// Where a frame lies in the evidence (frames.jsonl's `provenance`, extract's manifest).
nlohmann::ordered_json provenanceToJson(const FrameProvenance& provenance);

// The parts of findings.json, shared with the shard-result writer.
nlohmann::ordered_json findingToJson(const Finding& finding);
nlohmann::ordered_json inputsToJson(const AuditResult& result);
nlohmann::ordered_json logsToJson(const AuditResult& result);
nlohmann::ordered_json notesToJson(const std::vector<InputError>& notes);  // "errors", "warnings"
nlohmann::ordered_json toolToJson(const AuditResult& result);

// Both files' text as camtrace writes it: two-space indented JSON and a final newline. `framesSha256`, when
// given, is the SHA-256 of the frames.jsonl written with these findings (written first): findings.json
// names the frames that belong to it.
std::string dumpFindings(const AuditResult& result, const std::string& framesSha256 = "");

}  // namespace camtrace
