#include "case_auditor.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>

#include "audit/finding_builder.h"
#include "audit/log_audit.h"
#include "audit/log_correlator.h"
#include "audit/noise_evidence.h"
#include "audit/origin_classifier.h"
#include "audit/osd_evidence.h"
#include "audit/parallel_jobs.h"
#include "audit/session_views.h"
#include "formats/evidence_files.h"
#include "formats/input_digest.h"
#include "formats/media_error.h"
#include "formats/pcap_rtp_reader.h"
#include "formats/still_folder_reader.h"

namespace fs = std::filesystem;

namespace camtrace {
namespace {

bool isProfilePath(const std::string& path) { return fs::path(path).extension() == ".json"; }

// Everything the audit reads, hashed before it is used: the digest in findings.json is of the bytes that
// were audited.
struct InputCollector {
  std::vector<InputDigest> digests;
  std::vector<InputError> errors;
  std::set<std::string> seen;

  void add(const std::string& fsPathWritten, const std::string& displayWritten) {
    // A stream inside a packet capture ("gw.pcapng#ssrc=0x...") is evidence by its whole file.
    std::string fsPath = fsPathWritten, display = displayWritten;
    if (auto pcap = parsePacketCaptureName(fsPathWritten)) {
      fsPath = pcap->file;
      display = displayWritten.substr(0, displayWritten.rfind("#ssrc="));
    }
    // A glob of stills is evidence by every file it matches, a playlist by itself, its variant and segments.
    try {
      if (auto stills = expandStillGlob(fsPathWritten)) {
        std::error_code ec;
        for (const auto& file : *stills) {
          // A still that is not a regular file is the reader's to report, once, as unreadable.
          if (fs::is_regular_file(file, ec)) hash(file, besideWritten(file, fsPathWritten, displayWritten));
        }
        return;
      }
    } catch (const MediaError& e) {
      errors.push_back({displayWritten, e.detail()});
      return;
    }
    const auto files = evidenceFilesOf(fsPath);
    if (files.size() > 1) {
      std::error_code ec;
      for (const auto& file : files) {
        // A missing segment is the reader's to report, once, as a part not read.
        if (file == fsPath || fs::exists(file, ec)) hash(file, besideWritten(file, fsPath, display));
      }
      return;
    }
    hash(fsPath, display);
  }

  // `file`, read because of the input at `fsPath` (written `display`), named as the manifest would name it.
  static std::string besideWritten(const std::string& file, const std::string& fsPath, const std::string& display) {
    if (file == fsPath) return display;
    const fs::path relative = fs::path(file).lexically_relative(fs::path(fsPath).parent_path());
    return (fs::path(display).parent_path() / relative).generic_string();
  }

  void hash(const std::string& fsPath, const std::string& display) {
    if (!seen.insert(display).second) return;
    try {
      auto list = digestInput(fsPath, display);
      digests.insert(digests.end(), list.begin(), list.end());
    } catch (const MediaError& e) {
      errors.push_back({display, e.detail()});
    }
  }
};

struct CaptureJob {
  size_t session = 0;
  size_t captureOrdinal = 0;
  bool classify = true;  // false: decoded only to profile a camera without references
  std::string written;
  std::string path;
  CaptureAnalysis analysis;
  bool ok = false;
  std::string error;
  std::vector<OsdGlyph> osdGlyphs;  // the glyphs the capture's clock cells showed, by name
};

// `text` with the capture's filesystem path replaced by the path as the manifest wrote it.
std::string relativeTo(std::string text, const CaptureJob& job) {
  if (job.path != job.written && text.rfind(job.path, 0) == 0) text.replace(0, job.path.size(), job.written);
  return text;
}

}  // namespace

CameraProfile loadProfile(const std::string& path) {
  requireRegularFile(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MediaError(path, "cannot open profile");
  try {
    auto profile = CameraProfile::fromJson(nlohmann::json::parse(in));
    return profile;
  } catch (const std::exception& e) {
    throw MediaError(path, std::string("not a usable camera profile: ") + e.what());
  }
}

CameraProfile enrollCamera(const std::string& cameraId, const std::vector<std::string>& references,
                           const AuditOptions& options) {
  auto analyzers = AnalyzerRegistry::instance().createAll(options.analyzerOptions);
  std::vector<CameraProfile> parts(references.size(), CameraProfile(cameraId));
  std::vector<std::optional<MediaError>> failures(references.size());
  runParallel(references.size(), options.threads, [&](size_t i) {
    try {
      if (isProfilePath(references[i])) {
        parts[i] = loadProfile(references[i]);
        return;
      }
      if (options.progress) options.progress("reference " + references[i]);
      CaptureAnalysis analysis = analyzeCapture(references[i], analyzers);
      for (const auto& frame : analysis.frames) parts[i].add(frame);
      parts[i].addSource(references[i]);
    } catch (const MediaError& e) {
      failures[i] = e;
    } catch (const std::exception& e) {
      failures[i] = MediaError(references[i], e.what());
    }
  });
  for (const auto& failure : failures) {
    if (failure) throw *failure;
  }
  CameraProfile profile(cameraId);
  for (const auto& part : parts) profile.merge(part);
  return profile;
}

AuditResult auditCase(const CaseManifest& manifest, const AuditOptions& options) {
  AuditResult result;
  result.caseId = manifest.caseId;
  result.argv = options.argv;
  auto analyzers = AnalyzerRegistry::instance().createAll(options.analyzerOptions);

  InputCollector inputs;
  if (!manifest.manifestPath.empty()) inputs.add(manifest.manifestPath, manifest.manifestPath);
  for (const auto& camera : manifest.cameras)
    for (const auto& ref : camera.references) inputs.add(manifest.resolve(ref), ref);
  const ShardPlan plan(manifest, options.shard);
  auto ours = [&plan](size_t session) { return plan.ownsPosition(session); };
  for (size_t s = 0; s < manifest.sessions.size(); ++s)
    if (ours(s))
      for (const auto& capture : manifest.sessions[s].captures) inputs.add(manifest.resolve(capture), capture);
  for (const auto& log : manifest.logs) inputs.add(manifest.resolve(log.path), log.path);

  // References of all cameras, one job each.
  struct ReferenceJob {
    size_t camera;
    std::string written;
    CameraProfile profile;
    std::string error;
    NoiseFingerprintBuilder noise;
    OsdLayoutBuilder osd;
  };
  const bool withNoise = manifest.cameras.size() <= kMaxNoiseCameras;
  std::vector<ReferenceJob> refJobs;
  for (size_t c = 0; c < manifest.cameras.size(); ++c)
    for (const auto& ref : manifest.cameras[c].references) refJobs.push_back({c, ref, CameraProfile(manifest.cameras[c].id), {}, {}, {}});
  std::mutex progressMutex;
  auto progress = [&](const std::string& line) {
    if (!options.progress) return;
    std::lock_guard<std::mutex> lock(progressMutex);
    options.progress(line);
  };
  runParallel(refJobs.size(), options.threads, [&](size_t i) {
    ReferenceJob& job = refJobs[i];
    const std::string path = manifest.resolve(job.written);
    try {
      if (isProfilePath(path)) {
        CameraProfile loaded = loadProfile(path);
        job.profile.merge(loaded);
      } else {
        FrameHook pool = [&job, withNoise](const DecodedFrame& frame, FrameRecord&) {
          const GrayView view{frame.luma.data(), frame.width, frame.height, frame.width};
          if (withNoise) job.noise.add(view);
          job.osd.add(view);
        };
        CaptureAnalysis analysis = analyzeCapture(path, analyzers, nullptr, {}, pool);
        for (const auto& frame : analysis.frames) job.profile.add(frame);
      }
      job.profile.addSource(job.written);
      progress("profiled reference " + job.written);
    } catch (const std::exception& e) {
      const auto* media = dynamic_cast<const MediaError*>(&e);
      job.error = media ? media->detail() : e.what();
    }
  });
  std::vector<CameraProfile> profiles;
  for (const auto& camera : manifest.cameras) profiles.emplace_back(camera.id);
  std::vector<NoiseFingerprintBuilder> noiseBuilders(manifest.cameras.size());
  std::vector<OsdLayoutBuilder> osdBuilders(manifest.cameras.size());
  for (auto& job : refJobs) {
    if (!job.error.empty()) {
      result.errors.push_back({job.written, job.error});
      continue;
    }

    profiles[job.camera].merge(job.profile);
    noiseBuilders[job.camera].merge(job.noise);  // in job order: the same sums whatever the thread count
    job.noise = NoiseFingerprintBuilder();
    osdBuilders[job.camera].merge(job.osd);
    job.osd = OsdLayoutBuilder();
  }
  // A profile holds views only: a camera known by profiles alone has no noise or clock witness.
  for (const auto& camera : manifest.cameras) {
    const auto& refs = camera.references;
    if (!refs.empty() && std::all_of(refs.begin(), refs.end(), [&](const std::string& r) { return isProfilePath(manifest.resolve(r)); })) {
      result.warnings.push_back({refs.front(), "camera " + camera.id + " is given by enrolled profile only, which carries its views but "
                                               "not its sensor-noise fingerprint or burned-in clock line: those witnesses are silent "
                                               "for it (give its reference footage for them)"});
    }
  }
  std::vector<NoiseFingerprint> fingerprints;
  for (const auto& builder : noiseBuilders) fingerprints.push_back(builder.finish());
  noiseBuilders.clear();  // two doubles a pixel per camera: not kept while the captures decode
  noiseBuilders.shrink_to_fit();
  std::vector<OsdLayout> clockLines;
  for (const auto& builder : osdBuilders) clockLines.push_back(builder.finish());
  osdBuilders.clear();
  osdBuilders.shrink_to_fit();
  std::map<std::string, size_t> cameraIndex;
  for (size_t c = 0; c < manifest.cameras.size(); ++c) cameraIndex[manifest.cameras[c].id] = c;

  // Every capture of this shard's sessions, one job each; a shard also decodes other shards' captures of
  // cameras without references, because their profile comes from all of their sessions.
  std::set<std::string> profiledFromSessions;
  for (const auto& profile : profiles)
    if (profile.empty()) profiledFromSessions.insert(profile.cameraId());
  std::vector<CaptureJob> jobs;
  for (size_t s = 0; s < manifest.sessions.size(); ++s) {
    if (!ours(s) && !profiledFromSessions.count(manifest.sessions[s].camera)) continue;
    for (size_t c = 0; c < manifest.sessions[s].captures.size(); ++c) {
      const std::string& capture = manifest.sessions[s].captures[c];
      jobs.push_back({s, c, ours(s), capture, manifest.resolve(capture), {}, false, {}, {}});
    }
  }
  std::atomic<size_t> done{0};
  runParallel(jobs.size(), options.threads, [&](size_t i) {
    CaptureJob& job = jobs[i];
    try {
      // Long captures say how far they are, every 1024 frames, so a terminal user sees work going on.
      auto frameProgress = [&](int64_t frames) {
        if (frames % 1024 == 0) progress(job.written + ": " + std::to_string(frames) + " frames decoded");
      };
      const size_t claimed = cameraIndex.at(manifest.sessions[job.session].camera);
      FrameHook measure = nullptr;  // a capture decoded only to profile its camera is not classified here
      OsdGlyphReader clock(clockLines[claimed]);
      if (job.classify) measure = [&fingerprints, &clock, claimed](const DecodedFrame& frame, FrameRecord& record) {
        measureNoise(frame, record, fingerprints, claimed);
        record.osdNames = clock.read(GrayView{frame.luma.data(), frame.width, frame.height, frame.width});
      };
      job.analysis = analyzeCapture(job.path, analyzers, frameProgress, options.capture, measure);
      job.osdGlyphs = clock.glyphs();
      job.ok = true;
    } catch (const std::exception& e) {
      const auto* media = dynamic_cast<const MediaError*>(&e);
      job.error = media ? media->detail() : e.what();
    }
    progress("decoded " + std::to_string(++done) + "/" + std::to_string(jobs.size()) + " captures (" + job.written + ")");
  });

  // Cameras without usable references: profile from their own sessions' dominant scene.
  for (size_t c = 0; c < profiles.size(); ++c) {
    if (!profiles[c].empty()) continue;
    std::vector<FrameRecord> own;
    for (const auto& job : jobs) {
      if (job.ok && manifest.sessions[job.session].camera == manifest.cameras[c].id) {
        own.insert(own.end(), job.analysis.frames.begin(), job.analysis.frames.end());
      }
    }
    profiles[c] = CameraProfile::fromDominantScene(manifest.cameras[c].id, own);
    profiles[c].addSource("sessions");
  }

  for (const auto& profile : profiles)
    result.profileDigests.emplace_back(profile.cameraId(), sha256Hex(profile.toJson().dump()));
  OriginClassifier classifier(profiles);
  for (auto& job : jobs) {
    if (!job.classify) continue;
    const SessionSpec& session = manifest.sessions[job.session];
    CaptureResult capture;
    capture.sessionOrdinal = static_cast<int>(job.session);
    capture.captureOrdinal = static_cast<int>(job.captureOrdinal);
    capture.session = session.id;
    capture.capture = job.written;
    capture.claimedCamera = session.camera;
    capture.viewer = session.viewer;
    if (!job.ok) {
      result.errors.push_back({job.written, job.error});
      result.captures.push_back(std::move(capture));
      continue;
    }
    for (const auto& unread : job.analysis.unread) result.errors.push_back({job.written, relativeTo(unread, job)});
    for (const auto& warning : job.analysis.warnings) result.warnings.push_back({job.written, relativeTo(warning, job)});
    if (job.analysis.frames.empty()) {
      result.errors.push_back({job.written, "no picture could be decoded from it"});
      result.captures.push_back(std::move(capture));
      continue;
    }
    // Provenance names files as the manifest does, so that output does not depend on the working folder.
    for (auto& frame : job.analysis.frames) frame.provenance.file = relativeTo(frame.provenance.file, job);
    size_t claimed = 0;
    while (profiles[claimed].cameraId() != session.camera) ++claimed;
    if (profiles[claimed].empty()) {
      result.errors.push_back({job.written, "camera " + session.camera + " has no usable profile: no reference and no clear scene in its sessions"});
    }
    const auto clocks = readSessionClock(clockLines[claimed], job.analysis.frames, job.osdGlyphs);
    capture.frames = classifier.classify(job.analysis.frames, claimed, clocks);
    capture.audited = true;
    const bool allDamaged = std::all_of(capture.frames.begin(), capture.frames.end(),
                                        [](const FrameVerdict& v) { return v.verdict == Verdict::Corrupt; });
    if (allDamaged) {
      result.errors.push_back({job.written, "all " + std::to_string(capture.frames.size()) +
                                                " pictures are damaged or unreadable: nothing in it could be judged"});
    }
    auto findings = buildFindings(manifest.caseId, capture);
    collectSessionViews(capture, job.analysis.frames, findings, result);
    job.analysis.frames.clear();
    job.analysis.frames.shrink_to_fit();
    for (auto& f : findings) {
      f.sessionOrdinal = capture.sessionOrdinal;
      f.captureOrdinal = capture.captureOrdinal;
    }
    result.findings.insert(result.findings.end(), findings.begin(), findings.end());
    result.captures.push_back(std::move(capture));
  }

  // Hashing errors of inputs that failed later are the same failure: keep the reader's message.
  std::set<std::string> reported;
  for (const auto& e : result.errors) reported.insert(e.input);
  for (const auto& log : manifest.logs) reported.insert(log.path);  // auditLogs says why a log cannot be read
  for (const auto& e : inputs.errors)
    if (!reported.count(e.input)) result.errors.push_back(e);
  result.inputs = std::move(inputs.digests);
  auditLogs(manifest, plan, result);
  // A shard sees only its sessions' views: the merge of all shards makes this second look instead.
  if (!options.shard.sharded()) attributeFromSessionViews(result);
  tieFramesToDeliveries(result.findings);
  result.canonicalize();
  return result;
}

}  // namespace camtrace
