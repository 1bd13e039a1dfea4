#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "audit/capture_analysis.h"
#include "audit/frame_time.h"
#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "cli/recorded_inputs.h"
#include "formats/evidence_files.h"
#include "formats/input_digest.h"
#include "formats/log_time.h"
#include "formats/video_writer.h"
#include "report/findings_writer.h"

namespace camtrace::cli {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

struct ExtractArgs {
  std::string findings = "-";
  std::string outdir;
  std::string casePath;
  bool sceneChanges = false;
};

// One finding's run, as findings.json has it.
struct Run {
  std::string id, type, session, claimed, attributed;
  int64_t first = 0, last = 0;
};

// A flagged frame written out, and where it came from.
struct Extracted {
  const Run* run = nullptr;
  int64_t index = 0;
  std::optional<double> pts;
  std::string png, sha256;
  int width = 0, height = 0;
  bool colour = false;
  FrameProvenance provenance;
  std::optional<std::string> time, timeSource;
};

// The runs to extract, grouped by capture in the order findings.json lists them.
std::vector<std::pair<std::string, std::vector<Run>>> runsByCapture(const ojson& findings,
                                                                    bool sceneChanges) {
  std::vector<std::pair<std::string, std::vector<Run>>> out;
  for (const auto& f : jsonMember(findings, "findings")) {
    const std::string type = jsonText(f, "type");
    if (type != "foreign_frames" && !(sceneChanges && type == "scene_change")) continue;
    Run run{jsonText(f, "id"),
            type,
            jsonText(f, "session"),
            jsonText(f, "claimed_camera"),
            jsonText(f, "attributed_camera"),
            f.value("first_index", int64_t{0}),
            f.value("last_index", int64_t{-1})};
    const std::string capture = jsonText(f, "capture");
    auto group = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == capture; });
    if (group == out.end()) group = out.insert(out.end(), {capture, {}});
    group->second.push_back(std::move(run));
  }
  return out;
}

// The outdir is checked like any output before it is made: never an input, never inside a folder that holds
// evidence.
void prepareOutdir(const fs::path& dir, const std::vector<std::string>& inputs,
                   const std::vector<std::string>& evidence) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UsageError("extract: --outdir " + dir.string() + ": is not a folder");
  if (!fs::exists(dir, ec)) {
    checkOutputs({{"--outdir", dir.string()}}, inputs, evidence);
    if (!fs::create_directory(dir, ec))
      throw UsageError("extract: --outdir " + dir.string() + ": cannot create it: " + ec.message());
  }
  checkOutputs({{"--outdir", (dir / "extract.json").string()}}, inputs, evidence);
}

ojson entryToJson(const Extracted& e) {
  ojson item;
  item["finding"] = e.run->id;
  item["type"] = e.run->type;
  item["session"] = e.run->session;
  item["claimed_camera"] = e.run->claimed;
  item["attributed_camera"] = nullable(e.run->attributed);
  item["index"] = e.index;
  item["pts"] = nullable(e.pts);
  item["time"] = nullable(e.time);
  item["time_source"] = nullable(e.timeSource);
  item["png"] = e.png;
  item["sha256"] = e.sha256;
  item["width"] = e.width;
  item["height"] = e.height;
  item["colour"] = e.colour;
  item["provenance"] = provenanceToJson(e.provenance);
  return item;
}

int runExtract(const ExtractArgs& args, const GlobalOptions& global) {
  Console console(global);
  if (args.outdir.empty()) throw UsageError("extract: --outdir DIR is required");
  const ojson f = readFindings("extract", args.findings);
  const RecordedInputs places = recordedInputsOf(f, args.casePath, "extract");
  InputPlaces recorded = placesOfInputs(f, places);
  if (args.findings != "-") recorded.inputs.push_back(args.findings);
  const fs::path dir(args.outdir);
  prepareOutdir(dir, recorded.inputs, recorded.evidence);

  ojson frames = ojson::array(), errors = ojson::array();
  std::set<std::string> written;
  for (const auto& group : runsByCapture(f, args.sceneChanges)) {
    const std::string& capture = group.first;
    const std::vector<Run>& runs = group.second;
    auto notExtracted = [&](const std::string& why) {
      const std::string message = std::string("not extracted: ").append(why);
      errors.push_back({{"input", capture}, {"message", message}});
      console.warn(std::string(capture).append(": ").append(message));
    };
    const fs::path at = places.locate(capture);
    if (const std::string why = changedSinceAudit(at, recorded, places); !why.empty()) {
      notExtracted(why);
      continue;
    }
    // Runs are matched frame by frame, never expanded: a findings.json claiming a run of a trillion
    // frames costs a comparison a decoded frame, not a trillion entries.
    std::vector<Extracted> found;
    FrameHook keep = [&](const DecodedFrame& frame, const FrameRecord& record) {
      std::vector<const Run*> want;
      for (const auto& run : runs)
        if (record.index >= run.first && record.index <= run.last) want.push_back(&run);
      if (want.empty()) return;
      const bool colour = frame.rgb.size() == frame.luma.size() * 3;
      const std::vector<uint8_t> png = encodePng(capture, frame.width, frame.height,
                                                 colour ? frame.rgb.data() : frame.luma.data(), colour);
      const std::string sha =
          sha256Hex(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
      const std::string name = sha + ".png";
      // Named by their bytes: the same frame of two findings (or of two runs) is written once.
      if (written.insert(name).second)
        writeOutput((dir / name).string(), std::string(png.begin(), png.end()));
      for (const Run* run : want) {
        Extracted e;
        e.run = run;
        e.index = record.index;
        if (record.hasPts) e.pts = std::round(record.pts * 1e6) / 1e6;  // as findings.json writes it
        e.png = name;
        e.sha256 = sha;
        e.width = frame.width;
        e.height = frame.height;
        e.colour = colour;
        e.provenance = record.provenance;
        e.provenance.file = asWritten(e.provenance.file, at.string(), capture);  // as findings.json names it
        found.push_back(std::move(e));
      }
    };
    CaptureOptions options;
    options.color = true;
    int64_t decoded = 0;
    try {
      const CaptureAnalysis analysis = analyzeCapture(at.string(), {}, nullptr, options, keep);
      decoded = static_cast<int64_t>(analysis.frames.size());
      std::map<int64_t, const FrameRecord*> byIndex;
      for (const auto& record : analysis.frames) byIndex[record.index] = &record;
      for (auto& e : found) {
        const FrameTime& t = byIndex.at(e.index)->time;
        if (!std::isnan(t.seconds)) {
          e.time = formatUtc(t.seconds);
          e.timeSource = std::string(timeSourceName(t.source));
        }
      }
    } catch (const std::exception& e) {
      notExtracted(e.what());
      continue;
    }
    std::set<int64_t> got;
    for (const auto& e : found) got.insert(e.index);
    std::set<int64_t> named;  // a frame two runs share is named once
    for (const auto& run : runs) {
      for (int64_t i = std::max<int64_t>(0, run.first); i <= std::min(run.last, decoded - 1); ++i)
        if (!got.count(i) && named.insert(i).second)
          errors.push_back(
              {{"input", capture},
               {"message", "frame " + std::to_string(i) + " of finding " + run.id +
                               " was not decoded (damaged, or the capture holds fewer frames)"}});
      if (run.last >= decoded && run.last >= run.first)
        errors.push_back(
            {{"input", capture},
             {"message", "frames " + std::to_string(std::max(run.first, decoded)) + "-" +
                             std::to_string(run.last) + " of finding " + run.id +
                             " were not decoded: the capture holds " + std::to_string(decoded) + " frames"}});
    }
    for (const auto& e : found) frames.push_back(entryToJson(e));
    console.progress(capture + ": " + std::to_string(found.size()) + " frame(s) extracted");
  }

  ojson manifest;
  manifest["schema"] = "camtrace.extract/1";
  manifest["findings"] = args.findings;
  manifest["case_id"] = jsonMember(f, "case_id");
  manifest["frames"] = std::move(frames);
  manifest["errors"] = std::move(errors);
  writeOutput((dir / "extract.json").string(), manifest.dump(2) + "\n");
  console.info("extract: " + std::to_string(manifest["frames"].size()) + " frame(s), " +
               std::to_string(written.size()) + " picture(s) in " + dir.string());
  return manifest["errors"].empty() ? kClean : kPartial;
}

}  // namespace

void addExtractCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd =
      app.add_subcommand("extract", "Write the flagged frames of a findings.json as PNG pictures");
  cmd->add_option("findings", args->findings,
                  "findings.json from `camtrace audit` or `camtrace merge`; - for stdin (default)");
  cmd->add_option(
         "--outdir", args->outdir,
         "folder for the pictures and extract.json (made if missing; never inside an evidence folder)")
      ->required();
  cmd->add_option("--case", args->casePath,
                  "the case manifest, where it is now (default: where the audit's --case said, from the "
                  "folder extract runs in)");
  cmd->add_flag("--scene-changes", args->sceneChanges, "also extract the frames of scene_change findings");
  cmd->footer(
      "Decodes each capture that has foreign_frames findings (after checking that every file behind it "
      "still\n"
      "has the SHA-256 the audit recorded: a changed or missing one is refused and named) and writes each\n"
      "flagged frame as a colour PNG named by its own SHA-256, with extract.json listing every frame: the\n"
      "finding, session, cameras, index, pts, time of day, the picture's name and digest, and where it lies\n"
      "in the capture (provenance). Pictures are written whole (temporary, fsync, rename).\n"
      "Exit codes: 0 every flagged frame written, 3 some could not be (extract.json's errors say which),\n"
      "2 usage error (an outdir inside an evidence folder, a findings file camtrace did not write).\n"
      "Example:\n"
      "  camtrace extract findings.json --outdir flagged/\n");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runExtract(*args, global); }; });
}

}  // namespace camtrace::cli
