#include <cmath>

#include <nlohmann/json.hpp>

#include "audit/capture_analysis.h"
#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "formats/capture_reader.h"
#include "formats/evidence_files.h"
#include "formats/media_error.h"
#include "formats/pcap_rtp_reader.h"

namespace camtrace::cli {
namespace {

struct ProbeArgs {
  std::vector<std::string> captures;
  std::vector<std::string> rtpMap;
  bool frames = false;
  std::string output = "-";
};

using ojson = nlohmann::ordered_json;

double round6(double x) {
  return std::round(x * 1e6) / 1e6;
}

ojson probeOne(const std::string& path, bool withFrames, const CaptureOptions& options) {
  auto reader = openCapture(path, options);
  int64_t frames = 0, keyframes = 0, damaged = 0, referenceDamaged = 0, unreadable = 0;
  std::optional<double> firstPts, lastPts;
  ojson detail = ojson::array();
  DecodedFrame frame;
  while (reader->next(frame)) {
    ++frames;
    keyframes += frame.keyframe;
    damaged += frame.decodeDamaged() && !frame.unreadable;
    referenceDamaged += frame.referenceDamaged;
    unreadable += frame.unreadable;
    if (!std::isnan(frame.pts)) {
      if (!firstPts) firstPts = frame.pts;
      lastPts = frame.pts;
    }
    if (withFrames) {
      ojson f;
      f["index"] = frame.index;
      f["pts"] = std::isnan(frame.pts) ? ojson(nullptr) : ojson(round6(frame.pts));
      f["keyframe"] = frame.keyframe;
      f["corrupt"] = frame.corruptFlag;
      f["decode_error_flags"] = frame.decodeErrorFlags;
      f["reference_damaged"] = frame.referenceDamaged;
      f["unreadable"] = frame.unreadable;
      f["stream_signature"] = frame.streamSignature;
      f["file"] = frame.provenance.file;
      f["packet_position"] = frame.provenance.packetPosition;
      f["packet_size"] = frame.provenance.packetSize;
      if (!frame.provenance.segment.empty()) {
        f["segment"] = frame.provenance.segment;
        f["media_sequence"] = frame.provenance.mediaSequence;
      }
      if (frame.provenance.rtp) {
        f["ssrc"] = frame.provenance.ssrc;
        f["rtp_sequence"] = {frame.provenance.firstSequence, frame.provenance.lastSequence};
        f["pcap_packets"] = {frame.provenance.firstPacketNumber, frame.provenance.lastPacketNumber};
      }
      detail.push_back(std::move(f));
    }
  }
  const CaptureInfo& info = reader->info();
  ojson out;
  out["path"] = path;
  out["container"] = info.container;
  out["codec"] = info.codec;
  out["width"] = info.width;
  out["height"] = info.height;
  out["frame_rate"] = round6(info.frameRate);
  out["duration"] = round6(info.duration);
  out["frames"] = frames;
  out["keyframes"] = keyframes;
  out["decode_damaged_frames"] = damaged;
  out["reference_damaged_frames"] = referenceDamaged;
  out["unreadable_frames"] = unreadable;
  out["first_pts"] = firstPts ? ojson(round6(*firstPts)) : ojson(nullptr);
  out["last_pts"] = lastPts ? ojson(round6(*lastPts)) : ojson(nullptr);
  out["warnings"] = reader->warnings();
  out["unread"] = reader->unreadParts();
  if (withFrames) out["frame_list"] = std::move(detail);
  if (auto pcap = parsePacketCaptureName(path)) {
    ojson streams = ojson::array();
    for (const auto& s : scanRtpStreams(pcap->file, options.rtpMap)) {
      streams.push_back({{"capture", s.capture},
                         {"ssrc", s.ssrc},
                         {"source", s.source},
                         {"destination", s.destination},
                         {"payload_type", s.payloadType},
                         {"codec", s.codec.empty() ? ojson(nullptr) : ojson(s.codec)},
                         {"packets", s.packets},
                         {"lost", s.lost},
                         {"duplicates", s.duplicates},
                         {"reordered", s.reordered},
                         {"timestamp_jumps", s.timestampJumps}});
    }
    out["rtp_streams"] = std::move(streams);
  }
  return out;
}

int runProbe(const ProbeArgs& args, const GlobalOptions& global) {
  Console console(global);
  const std::vector<std::string> inputs = evidenceFilesOf(args.captures);
  checkOutputs({{"-o", args.output}}, inputs, inputs);
  ojson root;
  root["schema"] = "camtrace.probe/1";
  ojson captures = ojson::array(), errors = ojson::array();
  CaptureOptions options;
  options.rtpMap = parseRtpMap(args.rtpMap);
  for (const auto& path : args.captures) {
    console.progress("probing " + path);
    try {
      captures.push_back(probeOne(path, args.frames, options));
      for (const auto& part : captures.back()["unread"]) {
        console.warn(path + ": " + part.get<std::string>());
        errors.push_back({{"input", path}, {"message", part}});
      }
    } catch (const MediaError& e) {
      console.warn(e.what());
      errors.push_back({{"input", path}, {"message", e.detail()}});
    }
  }
  const bool none = captures.empty();
  root["captures"] = std::move(captures);
  const bool partial = !errors.empty();
  root["errors"] = std::move(errors);
  writeOutput(args.output, root.dump(2) + "\n");
  return none ? kUsage : partial ? kPartial : kClean;
}

}  // namespace

void addProbeCommand(CLI::App& app, const GlobalOptions& global, CommandRunner& run) {
  auto args = std::make_shared<ProbeArgs>();
  CLI::App* cmd =
      app.add_subcommand("probe", "Describe captures as JSON: streams, frames, damage, provenance");
  cmd->add_option("captures", args->captures, "capture files or still folders")->required();
  cmd->add_flag("--frames", args->frames, "list every frame with its pts, flags and packet position");
  cmd->add_option("--rtp-map", args->rtpMap,
                  "PT=h264|h265|jpeg: codec of an RTP payload type no SDP in the capture names");
  cmd->add_option("-o,--output", args->output, "output path; - for stdout (default)");
  cmd->footer(
      "Examples:\n  camtrace probe cap/s-004.ts --frames | jq '.captures[0].decode_damaged_frames'\n"
      "  camtrace probe net/gw.pcapng | jq '.captures[0].rtp_streams'   # RTP streams and their capture "
      "names");
  cmd->callback([args, &global, &run] { run = [args, &global] { return runProbe(*args, global); }; });
}

}  // namespace camtrace::cli
