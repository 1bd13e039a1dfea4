#pragma once

// `camtrace report`'s page: one self-contained HTML file (styles and pictures inline, no script, nothing
// fetched) for the people who read an incident's evidence: the blast radius at a glance, a timeline of
// the affected sessions with the log deliveries on the same clock, and per finding the flagged frame
// beside the claimed camera's nearest reference view and the attributed camera's best match, with each
// witness's reading. Rendering is a pure function of findings.json and the pictures the command decoded,
// so the same inputs give the same bytes.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace camtrace {

// A small picture, already encoded, and what it shows.
struct ReportPicture {
  std::string dataUri;  // "data:image/jpeg;base64,..."
  std::string caption;  // "cap/s-001.mp4 frame 49", "ref/cam-A_day.mp4 frame 112 (pdq distance 94)"
};

// What the command found for one foreign_frames finding.
struct FindingPictures {
  ReportPicture flagged, claimed, attributed;  // empty dataUri: none (the reason is in `missing`)
  std::string missing;
};

struct ReportInputs {
  std::map<std::string, FindingPictures> byFinding;  // finding id -> pictures
  std::map<std::string, int64_t> captureFrames;      // capture as findings.json names it -> frames decoded
  std::vector<std::string> problems;                 // inputs not read, and why
  std::string findingsName, findingsSha256;
  size_t pictureLimit = 0;  // findings beyond this many are listed without pictures
  // Sessions shown in full (capture bar, witnesses), in findings order; the others one row per finding,
  // so that a 10,000-session incident's page stays a few MB. 0: all.
  size_t detailLimit = 0;
};

// The page for `findings` (a findings.json as audit or merge writes it).
std::string renderHtmlReport(const nlohmann::ordered_json& findings, const ReportInputs& inputs);

// RFC 4648 base64, for data: URIs.
std::string base64(const std::vector<uint8_t>& bytes);

}  // namespace camtrace
