#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "formats/log_time.h"
#include "report/findings_writer.h"

namespace camtrace {
namespace {

using ojson = nlohmann::ordered_json;

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string text(const ojson& object, const char* key) {
  const ojson& v = jsonMember(object, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v.get<double>());
    return buffer;
  }
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return {};
}

int64_t integer(const ojson& object, const char* key, int64_t otherwise = 0) {
  const ojson& v = jsonMember(object, key);
  return v.is_number_integer() ? v.get<int64_t>() : otherwise;
}

std::optional<double> timeOf(const ojson& object, const char* key) {
  const ojson& v = jsonMember(object, key);
  if (!v.is_string()) return std::nullopt;
  return parseLogTime(v.get<std::string>());
}

// An element id from a session id: letters, digits, "-" and "_" kept, the rest as "_".
std::string anchor(const std::string& session) {
  std::string out = "session-";
  for (const char c : session)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

const char* colourOf(const std::string& type) {
  if (type == "foreign_frames") return "#c0392b";
  if (type == "scene_change") return "#d68910";
  if (type == "cross_camera_delivery") return "#2e86c1";
  return "#7f8c8d";  // damage, errors and the rest
}

constexpr const char* kStyle = R"(
body{font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif;margin:24px;color:#1c2833;max-width:1200px}
h1{font-size:22px;margin-bottom:4px} h2{font-size:18px;border-bottom:1px solid #ccd;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 6px} .meta{color:#566573;font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:10px} .card{border:1px solid #d5d8dc;border-radius:6px;padding:8px 14px;min-width:150px}
.card b{display:block;font-size:22px} .card span{font-size:12px;color:#566573}
table{border-collapse:collapse;font-size:12px;margin:6px 0} td,th{border:1px solid #d5d8dc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f4f6f7} figure{display:inline-block;margin:4px 10px 4px 0;vertical-align:top;font-size:11px;max-width:200px}
figure img{display:block;border:2px solid #d5d8dc} figure.flagged img{border-color:#c0392b}
.finding{border-left:4px solid #d5d8dc;padding:4px 10px;margin:8px 0} .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.note{color:#7b241c}
)";

// A bar of `frames` frames with each finding of the capture drawn over the frames it covers.
std::string captureBar(const std::vector<const ojson*>& findings, int64_t frames) {
  constexpr int kWidth = 760, kHeight = 16;
  std::ostringstream svg;
  svg << "<svg width=\"" << kWidth << "\" height=\"" << kHeight + 14 << "\" role=\"img\">"
      << "<rect x=\"0\" y=\"0\" width=\"" << kWidth << "\" height=\"" << kHeight << "\" fill=\"#abebc6\"/>";
  const double scale = frames > 0 ? static_cast<double>(kWidth) / static_cast<double>(frames) : 0;
  for (const ojson* f : findings) {
    const int64_t first = integer(*f, "first_index", -1), last = integer(*f, "last_index", -1);
    if (first < 0 || last < first) continue;
    const double x = static_cast<double>(first) * scale;
    const double w = std::max(2.0, static_cast<double>(last - first + 1) * scale);
    svg << "<rect x=\"" << std::lround(x) << "\" y=\"0\" width=\"" << std::lround(w) << "\" height=\""
        << kHeight << "\" fill=\"" << colourOf(text(*f, "type")) << "\"><title>" << escape(text(*f, "type"))
        << " frames " << first << "-" << last << "</title></rect>";
  }
  svg << "<text x=\"0\" y=\"" << kHeight + 12 << "\" font-size=\"10\">frame 0</text><text x=\"" << kWidth
      << "\" y=\"" << kHeight + 12 << "\" font-size=\"10\" text-anchor=\"end\">" << frames
      << " frames</text></svg>";
  return svg.str();
}

// The affected sessions on the case's clock: log deliveries as ticks at their lines' times, foreign runs
// where the capture's frames have a time of day.
std::string timeline(const std::vector<std::string>& sessions,
                     const std::map<std::string, std::vector<const ojson*>>& bySession) {
  struct Mark {
    double from, to;
    std::string type, title;
  };
  std::map<std::string, std::vector<Mark>> marks;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& session : sessions)
    for (const ojson* f : bySession.at(session)) {
      const std::string type = text(*f, "type");
      if (type == "cross_camera_delivery") {
        for (const auto& line : jsonMember(jsonMember(*f, "evidence"), "log_lines"))
          if (const auto t = timeOf(line, "time")) {
            marks[session].push_back({*t, *t, type, text(line, "object") + " at " + text(line, "time")});
            lo = std::min(lo, *t), hi = std::max(hi, *t);
          }
      } else if (const auto t = timeOf(*f, "time")) {
        const double span = std::max(
            0.0, jsonMember(*f, "last_pts").is_number() && jsonMember(*f, "first_pts").is_number()
                     ? jsonMember(*f, "last_pts").get<double>() - jsonMember(*f, "first_pts").get<double>()
                     : 0.0);
        marks[session].push_back({*t, *t + span, type, type + " from " + text(*f, "time")});
        lo = std::min(lo, *t), hi = std::max(hi, *t + span);
      }
    }
  if (marks.empty())
    return "<p class=\"meta\">No finding has a time of day (the captures carry none, and no log delivery was "
           "found), so there is no timeline; each session's frames are shown below.</p>";
  if (hi - lo < 60) hi = lo + 60;
  constexpr int kLabel = 150, kWidth = 760, kRow = 18;
  const int height = static_cast<int>(marks.size()) * kRow + 24;
  std::ostringstream svg;
  svg << "<svg width=\"" << kLabel + kWidth + 10 << "\" height=\"" << height << "\" role=\"img\">";
  int row = 0;
  for (const auto& session : sessions) {
    const auto it = marks.find(session);
    if (it == marks.end()) continue;
    const int y = row++ * kRow;
    svg << "<text x=\"0\" y=\"" << y + 12 << "\" font-size=\"11\">" << escape(session) << "</text>"
        << "<line x1=\"" << kLabel << "\" x2=\"" << kLabel + kWidth << "\" y1=\"" << y + 8 << "\" y2=\""
        << y + 8 << "\" stroke=\"#d5d8dc\"/>";
    for (const Mark& m : it->second) {
      const double x = kLabel + (m.from - lo) / (hi - lo) * kWidth;
      const double w = std::max(3.0, (m.to - m.from) / (hi - lo) * kWidth);
      svg << "<rect x=\"" << std::lround(x) << "\" y=\"" << y + 2 << "\" width=\"" << std::lround(w)
          << "\" height=\"12\" fill=\"" << colourOf(m.type) << "\"><title>" << escape(m.title)
          << "</title></rect>";
    }
  }
  const int axis = row * kRow + 14;
  svg << "<text x=\"" << kLabel << "\" y=\"" << axis << "\" font-size=\"10\">" << escape(formatUtc(lo))
      << "</text><text x=\"" << kLabel + kWidth << "\" y=\"" << axis
      << "\" font-size=\"10\" text-anchor=\"end\">" << escape(formatUtc(hi)) << "</text></svg>";
  return svg.str();
}

void figure(std::ostringstream& html, const ReportPicture& picture, const char* role, const char* cssClass) {
  if (picture.dataUri.empty()) return;
  html << "<figure class=\"" << cssClass << "\"><img alt=\"" << role << "\" src=\"" << picture.dataUri
       << "\"><figcaption><b>" << role << "</b><br>" << escape(picture.caption) << "</figcaption></figure>";
}

void row(std::ostringstream& html, const std::string& name, const std::string& value) {
  if (!value.empty()) html << "<tr><th>" << escape(name) << "</th><td>" << escape(value) << "</td></tr>";
}

// Each witness's reading, as findings.json's evidence has it.
void witnesses(std::ostringstream& html, const ojson& f) {
  const ojson& e = jsonMember(f, "evidence");
  html << "<table>";
  const ojson& claimed = jsonMember(e, "claimed_camera");
  if (claimed.is_object())
    row(html, "claimed camera " + text(claimed, "camera"),
        "nearest hash distance " + text(claimed, "nearest_pdq_distance") + " of 256, structure " +
            text(claimed, "highest_structure_similarity") + ", score " + text(claimed, "score"));
  const ojson& attributed = jsonMember(e, "attributed_camera");
  if (attributed.is_object())
    row(html, "attributed camera " + text(attributed, "camera"),
        "hash distance " + text(attributed, "farthest_pdq_distance") + " of 256 at most, structure " +
            text(attributed, "lowest_structure_similarity") + " at least, score " +
            text(attributed, "score"));
  const ojson& temporal = jsonMember(e, "temporal");
  if (temporal.is_object())
    row(html, "cuts",
        std::string("into the run: ") + text(temporal, "cut_at_entry") +
            ", out of it: " + text(temporal, "cut_at_exit"));
  const ojson& mirror = jsonMember(e, "mirror_image_of");
  if (mirror.is_object())
    row(html, "mirror image of " + text(mirror, "camera"),
        text(mirror, "frames") + " frame(s) match its scene mirrored left to right (robust structure " +
            text(mirror, "lowest_robust_structure") +
            " at least): its own pictures mirrored on their way, or a stranger whose scene is its mirror "
            "image; not attributed");
  row(html, "burned-in clock", text(jsonMember(e, "burned_in_clock"), "reading"));
  row(html, "sensor noise", text(jsonMember(e, "sensor_noise"), "reading"));
  const ojson& signature = jsonMember(e, "stream_signature");
  if (signature.is_object() && jsonMember(signature, "claimed_camera_term").is_number() &&
      jsonMember(signature, "claimed_camera_term").get<double>() != 0)
    row(html, "stream signature", "term " + text(signature, "claimed_camera_term"));
  if (const int64_t damaged = integer(e, "decode_damaged_frames"); damaged > 0)
    row(html, "decoding damage", std::to_string(damaged) + " frame(s)");
  const ojson& delivery = jsonMember(e, "delivery");
  if (delivery.is_object()) {
    std::string objects;
    for (const auto& o : jsonMember(delivery, "objects"))
      if (o.is_string()) objects += (objects.empty() ? "" : ", ") + o.get<std::string>();
    std::string nodes;
    for (const auto& [node, n] : jsonMember(delivery, "cache_nodes").items())
      nodes += (nodes.empty() ? "" : ", ") + node + " (" + n.dump() + ")";
    row(html, "delivery in the logs", objects + (nodes.empty() ? "" : "; cache nodes " + nodes));
  }
  if (text(e, "source") == "logs") {
    std::string viewers, objects, nodes;
    for (const auto& v : jsonMember(e, "viewers"))
      if (v.is_string()) viewers += (viewers.empty() ? "" : ", ") + v.get<std::string>();
    for (const auto& o : jsonMember(jsonMember(e, "objects"), "examples"))
      if (o.is_string()) objects += (objects.empty() ? "" : ", ") + o.get<std::string>();
    for (const auto& [node, n] : jsonMember(e, "cache_nodes").items())
      nodes += (nodes.empty() ? "" : ", ") + node + " (" + n.dump() + ")";
    row(html, "log events",
        text(e, "events") + " from " + text(e, "first_time") + " to " + text(e, "last_time"));
    row(html, "viewers", viewers);
    row(html, "objects", objects);
    row(html, "cache nodes", nodes);
  }
  html << "</table>";
}

}  // namespace

std::string base64(const std::vector<uint8_t>& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n = (uint32_t{bytes[i]} << 16) | (i + 1 < bytes.size() ? uint32_t{bytes[i + 1]} << 8 : 0) |
                       (i + 2 < bytes.size() ? uint32_t{bytes[i + 2]} : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

std::string renderHtmlReport(const ojson& findings, const ReportInputs& inputs) {
  const ojson& summary = jsonMember(findings, "summary");
  const ojson& blast = jsonMember(summary, "blast_radius");
  const std::string caseId = text(findings, "case_id");
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
          "style-src 'unsafe-inline'\">"
       << "<title>camtrace report: " << escape(caseId) << "</title><style>" << kStyle
       << "</style></head><body>\n";
  const ojson& tool = jsonMember(findings, "tool");
  html << "<h1>camtrace report: case " << escape(caseId) << "</h1><p class=\"meta\">From "
       << escape(inputs.findingsName) << " (SHA-256 " << escape(inputs.findingsSha256) << "), written by "
       << escape(text(tool, "name") + " " + text(tool, "version")) << "; "
       << jsonMember(findings, "inputs").size() << " inputs recorded with their SHA-256.</p>\n";

  // At a glance.
  std::vector<std::string> viewers, cameras;
  for (const auto& v : jsonMember(summary, "viewers_affected"))
    if (v.is_string()) viewers.push_back(v.get<std::string>());
  for (const auto& c : jsonMember(summary, "cameras_exposed"))
    if (c.is_string()) cameras.push_back(c.get<std::string>());
  auto card = [&](const std::string& value, const std::string& what) {
    html << "<div class=\"card\"><b>" << escape(value) << "</b><span>" << escape(what) << "</span></div>";
  };
  html << "<h2 id=\"glance\">At a glance</h2><div class=\"cards\">";
  card(text(summary, "sessions_affected"),
       "sessions affected (" + text(summary, "sessions_audited") + " captured sessions audited)");
  card(text(summary, "frames_foreign"), "foreign frames of " + text(summary, "frames_audited") + " audited");
  card(std::to_string(cameras.size()), "cameras exposed");
  card(std::to_string(viewers.size()), "viewers affected");
  if (blast.is_object()) {
    card(text(blast, "sessions_with_cross_camera_delivery"), "sessions served another camera in the logs");
    if (!text(blast, "first_time").empty())
      card(text(blast, "first_time").substr(0, 16) + "Z",
           "first foreign delivery, to " + text(blast, "last_time"));
  }
  html << "</div>";
  std::string cameraList, viewerList;
  for (const auto& c : cameras) cameraList += (cameraList.empty() ? "" : ", ") + c;
  for (const auto& v : viewers) viewerList += (viewerList.empty() ? "" : ", ") + v;
  html << "<p>Cameras exposed: " << escape(cameraList.empty() ? "none" : cameraList)
       << ".<br>Viewers affected: " << escape(viewerList.empty() ? "none" : viewerList) << ".</p>";
  if (blast.is_object() && !jsonMember(blast, "cameras").empty()) {
    html << "<table><tr><th>camera exposed</th><th>sessions</th><th>viewers</th><th>foreign frames</th>"
            "<th>log events</th></tr>";
    for (const auto& c : jsonMember(blast, "cameras"))
      html << "<tr><td>" << escape(text(c, "camera")) << "</td><td>" << escape(text(c, "sessions"))
           << "</td><td>" << escape(text(c, "viewers")) << "</td><td>" << escape(text(c, "frames_foreign"))
           << "</td><td>" << escape(text(c, "log_events")) << "</td></tr>";
    html << "</table>";
  }
  if (blast.is_object() && !jsonMember(blast, "cache_nodes").empty()) {
    html << "<table><tr><th>cache node</th><th>events</th><th>sessions</th></tr>";
    for (const auto& n : jsonMember(blast, "cache_nodes"))
      html << "<tr><td>" << escape(text(n, "node")) << "</td><td>" << escape(text(n, "events")) << "</td><td>"
           << escape(text(n, "sessions")) << "</td></tr>";
    html << "</table>";
  }

  // Sessions, in the order findings.json first names them.
  std::vector<std::string> sessions;
  std::map<std::string, std::vector<const ojson*>> bySession;
  for (const auto& f : jsonMember(findings, "findings")) {
    const std::string session = text(f, "session");
    if (!bySession.count(session)) sessions.push_back(session);
    bySession[session].push_back(&f);
  }
  // Sessions shown in full (and on the timeline), in findings order; the rest one row per finding.
  const size_t detailed =
      inputs.detailLimit == 0 ? sessions.size() : std::min(sessions.size(), inputs.detailLimit);
  html << "<h2 id=\"timeline\">Timeline</h2><p class=\"legend\">"
       << "<span style=\"background:#c0392b\"></span>foreign frames"
       << "<span style=\"background:#d68910\"></span>change of scene (indeterminate)"
       << "<span style=\"background:#2e86c1\"></span>another camera's object delivered (logs)"
       << "<span style=\"background:#7f8c8d\"></span>damage<span style=\"background:#abebc6\"></span>"
          "the claimed camera's own frames</p>"
       << timeline({sessions.begin(), sessions.begin() + static_cast<long>(detailed)}, bySession);
  if (detailed < sessions.size())
    html << "<p class=\"meta\">The timeline shows the first " << detailed << " of " << sessions.size()
         << " affected sessions, those shown in full below.</p>";

  html << "<h2 id=\"sessions\">Sessions (" << sessions.size() << ")</h2>";
  size_t pictured = 0;
  for (size_t s = 0; s < detailed; ++s) {
    const std::string& session = sessions[s];
    const auto& list = bySession[session];
    html << "<section id=\"" << anchor(session) << "\" class=\"session\"><h3>Session " << escape(session)
         << ", claimed camera " << escape(text(*list.front(), "claimed_camera")) << "</h3>";
    std::map<std::string, std::vector<const ojson*>> byCapture;
    for (const ojson* f : list)
      if (!text(*f, "capture").empty()) byCapture[text(*f, "capture")].push_back(f);
    for (const auto& [capture, runs] : byCapture) {
      int64_t frames = 0;
      if (const auto it = inputs.captureFrames.find(capture); it != inputs.captureFrames.end())
        frames = it->second;
      for (const ojson* f : runs)  // a tampered last_index of INT64_MAX must not overflow
        frames = std::max(frames, std::min(integer(*f, "last_index", -1), int64_t{1} << 50) + 1);
      html << "<p class=\"meta\">" << escape(capture) << "</p>" << captureBar(runs, frames);
    }
    for (const ojson* f : list) {
      const std::string type = text(*f, "type"), id = text(*f, "id");
      html << "<div class=\"finding\" id=\"finding-" << escape(id)
           << "\" style=\"border-color:" << colourOf(type) << "\"><b>" << escape(type) << "</b> "
           << escape(id);
      if (integer(*f, "frames") > 0)
        html << ": frames " << integer(*f, "first_index") << "-" << integer(*f, "last_index") << " ("
             << integer(*f, "frames") << "), pts " << escape(text(*f, "first_pts")) << "-"
             << escape(text(*f, "last_pts")) << " s";
      if (!text(*f, "time").empty())
        html << ", " << escape(text(*f, "time")) << " (" << escape(text(*f, "time_source")) << ")";
      if (!text(*f, "attributed_camera").empty())
        html << "; attributed to <b>" << escape(text(*f, "attributed_camera")) << "</b>";
      html << ", confidence " << escape(text(*f, "confidence")) << "<br>";
      if (const auto it = inputs.byFinding.find(id); it != inputs.byFinding.end()) {
        const FindingPictures& p = it->second;
        figure(html, p.flagged, "flagged frame", "flagged");
        figure(html, p.claimed, "claimed camera, nearest reference", "claimed");
        figure(html, p.attributed, "attributed camera, best match", "attributed");
        if (integer(*f, "frames") > 1)
          html << "<p class=\"meta\">The run's first frame is shown, " << integer(*f, "frames") - 1
               << " more follow it.</p>";
        if (!p.missing.empty()) html << "<p class=\"note\">" << escape(p.missing) << "</p>";
        ++pictured;
      } else if (type == "foreign_frames" && inputs.pictureLimit > 0 && pictured >= inputs.pictureLimit) {
        html << "<p class=\"meta\">Pictures are shown for the first " << inputs.pictureLimit
             << " foreign-frame findings only (camtrace extract writes every flagged frame).</p>";
      }
      witnesses(html, *f);
      html << "</div>";
    }
    html << "</section>\n";
  }
  if (detailed < sessions.size()) {
    html << "<h2 id=\"more-sessions\">" << sessions.size() - detailed << " more affected sessions</h2>"
         << "<p class=\"meta\">One row per finding (findings.json has every detail; camtrace extract writes "
            "every flagged frame).</p><table><tr><th>session</th><th>claimed camera</th><th>finding</th>"
            "<th>frames</th><th>attributed to</th><th>time</th><th>confidence</th></tr>";
    for (size_t s = detailed; s < sessions.size(); ++s) {
      bool first = true;
      for (const ojson* f : bySession[sessions[s]]) {
        html << "<tr";
        if (first) html << " id=\"" << anchor(sessions[s]) << "\"";
        first = false;
        html << "><td>" << escape(sessions[s]) << "</td><td>" << escape(text(*f, "claimed_camera"))
             << "</td><td style=\"color:" << colourOf(text(*f, "type")) << "\">" << escape(text(*f, "type"))
             << " " << escape(text(*f, "id")) << "</td><td>";
        if (integer(*f, "frames") > 0) html << integer(*f, "first_index") << "-" << integer(*f, "last_index");
        html << "</td><td>" << escape(text(*f, "attributed_camera")) << "</td><td>"
             << escape(text(*f, "time")) << "</td><td>" << escape(text(*f, "confidence")) << "</td></tr>";
      }
    }
    html << "</table>\n";
  }

  std::vector<std::string> problems = inputs.problems;
  for (const auto& e : jsonMember(findings, "errors"))
    problems.push_back(text(e, "input") + ": " + text(e, "message"));
  if (!problems.empty()) {
    html << "<h2 id=\"problems\">What could not be read</h2><ul>";
    for (const auto& p : problems) html << "<li>" << escape(p) << "</li>";
    html << "</ul>";
  }
  html << "<p class=\"meta\">Every time is UTC. Hash distances are PDQ-style 256-bit Hamming distances; "
          "structure is the cosine similarity of camtrace's structure descriptors (docs/decisions.md).</p>"
       << "</body></html>\n";
  return html.str();
}

}  // namespace camtrace
