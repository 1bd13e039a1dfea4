// `camtrace report`: findings.json as one self-contained HTML page (report/html_report). The pictures are
// decoded again from the audited inputs, each checked against the SHA-256 the audit recorded first: the
// flagged frame of each foreign_frames finding, and the reference frames of the claimed and the attributed
// camera nearest to it by perceptual hash.

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "analyzers/analyzer.h"
#include "audit/capture_analysis.h"
#include "audit/case_auditor.h"
#include "audit/case_manifest.h"
#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "cli/recorded_inputs.h"
#include "formats/input_digest.h"
#include "formats/video_writer.h"
#include "report/findings_writer.h"
#include "report/html_report.h"

namespace camtrace::cli {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

struct ReportArgs {
  std::string findings = "-";
  std::string output;
  std::string casePath;
  size_t pictures = 200;
  size_t detail = 200;
};

constexpr int kThumbWidth = 192;

// The frame `kThumbWidth` wide (colour where it was decoded in colour).
YuvImage smallPicture(const DecodedFrame& frame) {
  const bool colour = frame.rgb.size() == frame.luma.size() * 3;
  const cv::Mat full(frame.height, frame.width, colour ? CV_8UC3 : CV_8UC1,
                     const_cast<uint8_t*>(colour ? frame.rgb.data() : frame.luma.data()));
  const int width = std::min(kThumbWidth, frame.width) & ~1;
  const int height =
      std::max(2, static_cast<int>(static_cast<int64_t>(frame.height) * width / frame.width) & ~1);
  cv::Mat small, rgb, i420;
  cv::resize(full, small, {width, height}, 0, 0, cv::INTER_AREA);
  if (colour) {
    rgb = small;
  } else {
    cv::cvtColor(small, rgb, cv::COLOR_GRAY2RGB);
  }
  cv::cvtColor(rgb, i420, cv::COLOR_RGB2YUV_I420);
  YuvImage image(width, height);
  const uint8_t* planes = i420.ptr<uint8_t>();
  std::copy(planes, planes + image.y.size(), image.y.begin());
  std::copy(planes + image.y.size(), planes + image.y.size() + image.u.size(), image.u.begin());
  std::copy(planes + image.y.size() + image.u.size(), planes + image.y.size() + 2 * image.u.size(),
            image.v.begin());
  return image;
}

std::string jpegUri(const std::string& name, const YuvImage& picture) {
  return "data:image/jpeg;base64," + base64(encodeJpeg(name, picture, 5));
}

// A finding to picture: its first flagged frame, and the best reference frame of each camera it names.
struct Wanted {
  std::string id, capture, claimed, attributed;
  int64_t index = 0;
  Hash256 pdq;
  bool decoded = false;
  struct Best {  // the nearest reference frame so far, encoded once the references are all weighed
    int distance = std::numeric_limits<int>::max();
    std::string source, caption;
    YuvImage picture;
  };
  Best claimedBest, attributedBest;
};

int runReport(const ReportArgs& args, const GlobalOptions& global) {
  Console console(global);
  if (args.output.empty()) throw UsageError("report: -o FILE is required (report.html)");
  const std::string bytes = readInput("report", args.findings);
  const ojson f = parseFindings("report", args.findings, bytes);
  const RecordedInputs places = recordedInputsOf(f, args.casePath, "report");
  InputPlaces recorded = placesOfInputs(f, places);
  if (args.findings != "-") recorded.inputs.push_back(args.findings);
  checkOutputs({{"-o", args.output}}, recorded.inputs, recorded.evidence);

  ReportInputs inputs;
  inputs.findingsName = args.findings == "-" ? "standard input" : args.findings;
  inputs.findingsSha256 = sha256Hex(bytes);
  inputs.pictureLimit = args.pictures;
  inputs.detailLimit = args.detail;
  std::vector<Wanted> wanted;
  for (const auto& finding : jsonMember(f, "findings")) {
    if (jsonText(finding, "type") != "foreign_frames" || wanted.size() >= args.pictures) continue;
    Wanted w;
    w.id = jsonText(finding, "id");
    w.capture = jsonText(finding, "capture");
    w.claimed = jsonText(finding, "claimed_camera");
    w.attributed = jsonText(finding, "attributed_camera");
    w.index = finding.value("first_index", int64_t{0});
    wanted.push_back(std::move(w));
  }
  // The perceptual hash only, run on each frame in the hooks below (they see the pixels; the pipeline's
  // analyzers would run after them).
  std::unique_ptr<Analyzer> hasher;
  for (auto& analyzer : AnalyzerRegistry::instance().createAll())
    if (analyzer->name() == "pdq") hasher = std::move(analyzer);
  if (!hasher) throw std::runtime_error("report: the pdq analyzer is not built in");
  auto hashOf = [&hasher](const DecodedFrame& frame) {
    FrameSignals signals;
    hasher->analyze(FramePicture({frame.luma.data(), frame.width, frame.height, frame.width}), signals);
    return signals.pdq;
  };
  const std::vector<std::unique_ptr<Analyzer>> none;
  CaptureOptions colour;
  colour.color = true;

  // The flagged frames, capture by capture.
  std::map<std::string, std::vector<Wanted*>> byCapture;
  for (auto& w : wanted) byCapture[w.capture].push_back(&w);
  for (auto& entry : byCapture) {
    const std::string& capture = entry.first;
    const std::vector<Wanted*>& list = entry.second;
    const fs::path at = places.locate(capture);
    if (const std::string why = changedSinceAudit(at, recorded, places); !why.empty()) {
      const std::string problem = std::string(capture).append(": not pictured: ").append(why);
      inputs.problems.push_back(problem);
      console.warn(problem);
      continue;
    }
    FrameHook keep = [&](const DecodedFrame& frame, FrameRecord& record) {
      if (frame.unreadable || frame.luma.empty()) return;
      for (Wanted* w : list)
        if (w->index == record.index) {
          w->pdq = hashOf(frame);
          w->decoded = true;
          inputs.byFinding[w->id].flagged = {jpegUri(capture, smallPicture(frame)),
                                             capture + " frame " + std::to_string(record.index)};
        }
    };
    try {
      const CaptureAnalysis analysis = analyzeCapture(at.string(), none, nullptr, colour, keep);
      inputs.captureFrames[capture] = static_cast<int64_t>(analysis.frames.size());
    } catch (const std::exception& e) {
      inputs.problems.push_back(capture + ": not pictured: " + e.what());
    }
    console.progress("report: " + capture + " decoded");
  }

  // The references of the cameras the pictured findings name, each frame weighed against every flagged
  // frame that names its camera; only the best so far keeps a thumbnail.
  std::set<std::string> cameras;
  for (const auto& w : wanted)
    if (w.decoded) cameras.insert(w.claimed), cameras.insert(w.attributed);
  CaseManifest manifest;
  bool haveManifest = false;
  if (!places.manifestRecorded.empty() && !cameras.empty()) {
    try {
      manifest = loadManifest(places.manifestNow.string());
      haveManifest = true;
    } catch (const std::exception& e) {
      inputs.problems.push_back("no reference pictures: the case manifest cannot be read: " +
                                std::string(e.what()));
    }
  }
  for (const auto& camera : manifest.cameras) {
    if (!haveManifest || !cameras.count(camera.id)) continue;
    for (const auto& written : camera.references) {
      const fs::path at = places.locate(written);
      if (isProfilePath(at.string())) continue;  // views only, no pictures
      if (const std::string why = changedSinceAudit(at, recorded, places); !why.empty()) {
        inputs.problems.push_back(std::string(written).append(": not pictured: ").append(why));
        continue;
      }
      FrameHook weigh = [&](const DecodedFrame& frame, FrameRecord& record) {
        if (frame.unreadable || frame.luma.empty()) return;
        const Hash256 pdq = hashOf(frame);
        for (auto& w : wanted) {
          if (!w.decoded) continue;
          for (auto* best : {camera.id == w.claimed ? &w.claimedBest : nullptr,
                             camera.id == w.attributed ? &w.attributedBest : nullptr}) {
            if (best == nullptr) continue;
            const int d = pdq.distance(w.pdq);
            if (d >= best->distance) continue;
            best->distance = d;
            best->source = written;
            best->picture = smallPicture(frame);
            best->caption = written + " frame " + std::to_string(record.index) + " (hash distance " +
                            std::to_string(d) + ")";
          }
        }
      };
      try {
        analyzeCapture(at.string(), none, nullptr, colour, weigh);
      } catch (const std::exception& e) {
        inputs.problems.push_back(written + ": not pictured: " + e.what());
      }
      console.progress("report: reference " + written + " weighed");
    }
  }
  for (const auto& w : wanted) {
    if (!w.decoded) continue;
    FindingPictures& p = inputs.byFinding[w.id];
    for (auto [best, shown] :
         {std::pair{&w.claimedBest, &p.claimed}, std::pair{&w.attributedBest, &p.attributed}})
      if (!best->source.empty()) *shown = {jpegUri(best->source, best->picture), best->caption};
    if (p.claimed.dataUri.empty())
      p.missing = "No reference picture of the claimed camera " + w.claimed +
                  " (no reference footage, or it could not be read).";
  }
  for (const auto& w : wanted) {
    if (w.decoded || inputs.byFinding.count(w.id)) continue;
    inputs.byFinding[w.id].missing = "Frame " + std::to_string(w.index) + " of " + w.capture +
                                     " was not decoded (see what could not be read, at the end).";
    // A capture that was read but holds no such frame (damaged there, or a findings.json not of it): said,
    // and the page is partial like one whose capture could not be read.
    if (const auto read = inputs.captureFrames.find(w.capture); read != inputs.captureFrames.end())
      inputs.problems.push_back(w.capture + ": frame " + std::to_string(w.index) + " of finding " + w.id +
                                " was not decoded (the capture gave " + std::to_string(read->second) +
                                " frames)");
  }

  writeOutput(args.output, renderHtmlReport(f, inputs));
  console.info("report: " + args.output + " (" + std::to_string(wanted.size()) + " finding(s) pictured)");
  return inputs.problems.empty() ? kClean : kPartial;
}

}  // namespace

void addReportCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "Write findings.json as one self-contained HTML page");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_option("-o,--output", args->output,
                  "the HTML file to write (never an input or in an evidence folder)")
      ->required();
  cmd->add_option("--case", args->casePath,
                  "the case manifest, where it is now (default: where the audit's --case said, from the "
                  "folder report runs in)");
  cmd->add_option("--pictures", args->pictures, "foreign_frames findings to picture, in findings order")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--detail", args->detail,
                  "sessions shown in full, in findings order (0: all); the others one row per finding")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000000));
  cmd->footer(
      "One HTML file with everything inline (pictures as data: URIs, no script, a Content-Security-Policy\n"
      "that forbids fetching anything): the blast radius at a glance (sessions, frames, cameras exposed,\n"
      "viewers, cache nodes), a timeline of the affected sessions with the log deliveries on the same\n"
      "clock, and per session its capture's frames coloured by finding and each finding's witnesses\n"
      "(hash, structure, cuts, a mirror image, burned-in clock, sensor noise, delivery). Each\n"
      "foreign_frames finding shows its first flagged frame beside the claimed camera's nearest reference\n"
      "frame and the attributed camera's best match (by perceptual hash). The pictures are decoded again\n"
      "from the inputs the audit recorded, each checked against its SHA-256 first: a changed or missing\n"
      "one is not read, and said.\n"
      "Exit codes: 0 written with every picture, 3 written without some (the page and stderr say which),\n"
      "2 usage error.\n"
      "Example:\n"
      "  camtrace report findings.json -o report.html\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runReport(*args, global); }; });
}

}  // namespace camtrace::cli
