#include "case_auditor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "audit/camera_witness.h"
#include "audit/finding_builder.h"
#include "audit/learner_threads.h"
#include "audit/log_audit.h"
#include "audit/log_correlator.h"
#include "audit/origin_classifier.h"
#include "audit/parallel_jobs.h"
#include "audit/progress_line.h"
#include "audit/session_views.h"
#include "formats/evidence_files.h"
#include "formats/input_digest.h"
#include "formats/media_error.h"
#include "formats/pcap_rtp_reader.h"
#include "formats/still_folder_reader.h"

namespace fs = std::filesystem;

namespace camtrace {
bool isProfilePath(const std::string& path) {
  return fs::path(path).extension() == ".json";
}

namespace {

// The audit's readings analyse each picture where the decoder put it (its hooks take DecodedFrame::lumaView):
// no copy of every frame.
CaptureOptions lent(CaptureOptions options = {}) {
  options.borrowLuma = true;
  return options;
}

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
  static std::string besideWritten(const std::string& file, const std::string& fsPath,
                                   const std::string& display) {
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
  std::vector<FrameVerdict> verdicts;  // set by judgeCaptures
};

// `text` with the capture's filesystem path replaced by the path as the manifest wrote it.
std::string relativeTo(std::string text, const CaptureJob& job) {
  return asWritten(std::move(text), job.path, job.written);
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
      CaptureAnalysis analysis = analyzeCapture(references[i], analyzers, nullptr, lent());
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

namespace {

// Progress lines from worker threads, one at a time.
class Progress {
 public:
  explicit Progress(const std::function<void(const std::string&)>& sink) : sink_(sink) {}
  void operator()(const std::string& line) {
    if (!sink_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    sink_(line);
  }

 private:
  const std::function<void(const std::string&)>& sink_;
  std::mutex mutex_;
};

// Phase 1: every input this run reads, hashed before it is used.
InputCollector hashInputs(const CaseManifest& manifest, const ShardPlan& plan) {
  InputCollector inputs;
  if (!manifest.manifestPath.empty()) inputs.add(manifest.manifestPath, manifest.manifestPath);
  for (const auto& camera : manifest.cameras)
    for (const auto& ref : camera.references) inputs.add(manifest.resolve(ref), ref);
  for (size_t s = 0; s < manifest.sessions.size(); ++s)
    if (plan.ownsPosition(s))
      for (const auto& capture : manifest.sessions[s].captures)
        inputs.add(manifest.resolve(capture), capture);
  for (const auto& log : manifest.logs) inputs.add(manifest.resolve(log.path), log.path);
  return inputs;
}

// One reference of one camera, decoded on a worker.
struct ReferenceJob {
  size_t camera;
  std::string written;
  CameraProfile profile;
  std::string error;
  WitnessLearners learners;
  // The decoder threads it was read on: more than one only where it decoded clean on them (a damaged
  // stream is read again on one), so that reading it again on as many gives the same pictures.
  int decodeThreads = 1;
  // What could not be read of it (an HLS segment gone: the audit is partial) and the damage it carries,
  // as a session's capture reports them, named as the manifest wrote it.
  std::vector<std::string> unread{}, warnings{};
};

// What the references teach about each camera, in manifest order: its views here, the rest in the
// witnesses.
struct CameraModels {
  std::vector<CameraProfile> profiles;
  std::vector<std::unique_ptr<CameraWitness>> witnesses;
  std::map<std::string, size_t> index;  // camera id -> position
};

// Jobs handed back in job order as soon as each and every job before it has run (so that what is pooled
// sums the same as on one thread), each under one lock: a reference's clock pools are 24 bytes a pixel
// (50 MB for 1080p), and holding every job's until all had run put a case of many cameras' worth of them
// in memory at once.
class InOrderHandOver {
 public:
  InOrderHandOver(size_t jobs, std::function<void(size_t)> handBack)
      : handBack_(std::move(handBack)), ran_(jobs, false) {}
  void ran(size_t job) {
    const std::lock_guard lock(mutex_);
    ran_[job] = true;
    for (; next_ < ran_.size() && ran_[next_]; ++next_) handBack_(next_);
  }

 private:
  std::function<void(size_t)> handBack_;
  std::mutex mutex_;
  std::vector<bool> ran_;
  size_t next_ = 0;
};

// Phase 2a: every reference of every camera, one job each: its views, and what the witnesses learn of it
// (handed to them in job order as the jobs end: InOrderHandOver).
std::vector<ReferenceJob> readReferences(const CaseManifest& manifest,
                                         const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                                         const std::vector<std::unique_ptr<CameraWitness>>& witnesses,
                                         int threads, Progress& progress) {
  std::vector<ReferenceJob> jobs;
  for (size_t c = 0; c < manifest.cameras.size(); ++c)
    for (const auto& ref : manifest.cameras[c].references)
      jobs.push_back({c, ref, CameraProfile(manifest.cameras[c].id), {}, learnersOf(witnesses)});
  // runParallel's jobs must not throw: a reference that cannot be learned (memory) is reported as its
  // error, as one that cannot be read is (learnCameras).
  InOrderHandOver handOver(jobs.size(), [&](size_t i) {
    ReferenceJob& job = jobs[i];
    const bool cameraDone = i + 1 == jobs.size() || jobs[i + 1].camera != job.camera;
    try {
      if (job.error.empty())
        for (size_t w = 0; w < witnesses.size(); ++w) witnesses[w]->learn(job.camera, *job.learners[w]);
      if (cameraDone)
        for (const auto& witness : witnesses) witness->learnedAll(job.camera);
    } catch (const std::exception& e) {
      job.error = std::string("could not be learned: ") + e.what();
    }
    job.learners.clear();
  });
  runParallel(jobs.size(), threads, [&](size_t i) {
    ReferenceJob& job = jobs[i];
    const std::string path = manifest.resolve(job.written);
    try {
      if (isProfilePath(path)) {
        CameraProfile loaded = loadProfile(path);
        job.profile.merge(loaded);
      } else {
        // With threads to spare, each learner learns on one of its own while this one decodes.
        const int helpers = helpersPerJob(jobs.size(), threads);
        std::optional<LearnerThreads> learning;
        if (helpers > 0) learning.emplace(job.learners);
        job.decodeThreads = helpers + 1;  // as analyzeCapture decodes it, unless it turns out damaged
        // A damaged picture (concealed by the decoder, or predicted from one that was) teaches the witnesses
        // the damage, not the camera: left out, as the camera's views leave it out (CameraProfile::usable).
        FrameHook pool = [&job, &learning](const DecodedFrame& frame, FrameRecord& record) {
          if (record.decodeDamaged || record.referenceDamaged) return;
          const GrayView view = frame.lumaView();
          if (learning)
            learning->add(view, frame.chromaView());
          else
            for (auto& learner : job.learners) learner->add(view, frame.chromaView());
        };
        // A damaged reference decoded on several threads is read again on one: what was learned goes.
        auto forget = [&job, &witnesses, &learning] {
          const bool threaded = learning.has_value();
          job.decodeThreads = 1;
          learning.reset();
          job.learners = learnersOf(witnesses);
          if (threaded) learning.emplace(job.learners);
        };
        CaptureAnalysis analysis = analyzeCapture(path, analyzers, nullptr, lent(), pool, helpers, forget);
        if (learning) learning->finish();
        for (const auto& frame : analysis.frames) job.profile.add(frame);
        for (auto& unread : analysis.unread) job.unread.push_back(asWritten(unread, path, job.written));
        for (auto& warning : analysis.warnings) job.warnings.push_back(asWritten(warning, path, job.written));
        const auto damaged = std::count_if(analysis.frames.begin(), analysis.frames.end(), [](const auto& f) {
          return f.decodeDamaged || f.referenceDamaged;
        });
        if (damaged > 0)
          job.warnings.push_back(
              std::to_string(damaged) + " of " + std::to_string(analysis.frames.size()) +
              " pictures damaged (not decoded, concealed by the decoder, or predicted from "
              "a damaged picture): left out of what the camera is learned from");
      }
      job.profile.addSource(job.written);
      progress("profiled reference " + job.written);
    } catch (const std::exception& e) {
      const auto* media = dynamic_cast<const MediaError*>(&e);
      job.error = media ? media->detail() : e.what();
    }
    handOver.ran(i);
  });
  return jobs;
}

// Phase 2b: the references' views merged per camera in job order, so the sums are the same whatever the
// thread count (their witness learners were handed over as they were read: readReferences).
void learnCameras(const CaseManifest& manifest, std::vector<ReferenceJob>& jobs, CameraModels& models,
                  AuditResult& result) {
  for (const auto& camera : manifest.cameras) models.profiles.emplace_back(camera.id);
  for (auto& job : jobs) {
    if (!job.error.empty()) {
      result.errors.push_back({job.written, job.error});
      continue;
    }
    for (const auto& unread : job.unread) result.errors.push_back({job.written, unread});
    for (const auto& warning : job.warnings) result.warnings.push_back({job.written, warning});
    models.profiles[job.camera].merge(job.profile);
  }
  for (auto& witness : models.witnesses) witness->finishLearning();
  for (size_t c = 0; c < manifest.cameras.size(); ++c) models.index[manifest.cameras[c].id] = c;
}

// Phase 2c: the references once more, for the witnesses whose models are the start of more to learn from
// them (camera_witness.h, 4b): only the files of cameras a witness asks for, each decoded until its
// refiners are satisfied, handed back in job order as they are (InOrderHandOver). A reference the first look
// could not read was reported then and is skipped. False where no witness asked for anything.
bool refineCameras(const CaseManifest& manifest, const std::vector<ReferenceJob>& references,
                   CameraModels& models, int threads) {
  struct RefineJob {
    size_t camera;
    std::string path;
    int decodeThreads;
    std::vector<std::pair<size_t, std::unique_ptr<CameraWitness::Learner>>> refiners;  // witness, learner
  };
  std::vector<RefineJob> jobs;
  for (const auto& reference : references) {
    const std::string path = manifest.resolve(reference.written);
    if (!reference.error.empty() || isProfilePath(path)) continue;
    RefineJob job{reference.camera, path, reference.decodeThreads, {}};
    for (size_t w = 0; w < models.witnesses.size(); ++w)
      if (auto refiner = models.witnesses[w]->refiner(reference.camera))
        job.refiners.emplace_back(w, std::move(refiner));
    if (!job.refiners.empty()) jobs.push_back(std::move(job));
  }
  // runParallel's jobs must not throw: a witness failing to take a refiner back (memory) fails the audit
  // once every job has ended, as it did when they were handed back after them.
  std::exception_ptr failed;
  InOrderHandOver handOver(jobs.size(), [&](size_t i) {
    RefineJob& job = jobs[i];
    try {
      for (auto& [w, refiner] : job.refiners) models.witnesses[w]->refine(job.camera, *refiner);
      if (i + 1 == jobs.size() || jobs[i + 1].camera != job.camera)
        for (const auto& witness : models.witnesses) witness->refinedAll(job.camera);
    } catch (...) {
      if (!failed) failed = std::current_exception();
    }
    job.refiners.clear();
  });
  runParallel(jobs.size(), threads, [&](size_t i) {
    RefineJob& job = jobs[i];
    std::vector<CameraWitness::Learner*> refiners;
    for (auto& refiner : job.refiners) refiners.push_back(refiner.second.get());
    // Read on the decoder threads the first look used (where there were threads to spare and it decoded
    // clean on them), each refiner on a thread of its own; else on this one.
    std::optional<LearnerThreads> learning;
    if (job.decodeThreads > 1) learning.emplace(refiners);
    auto satisfied = [&] {
      if (learning) return learning->satisfied();
      return std::all_of(refiners.begin(), refiners.end(), [](const auto* r) { return r->satisfied(); });
    };
    try {
      CaptureOptions options;
      options.decodeThreads = job.decodeThreads;
      options.borrowLuma = true;
      auto reader = openCapture(job.path, options);
      DecodedFrame frame;
      while (!satisfied() && reader->next(frame)) {
        if (frame.unreadable || !frame.hasLuma()) continue;
        const GrayView view = frame.lumaView();
        if (learning)
          learning->add(view, frame.chromaView());
        else
          for (auto* refiner : refiners)
            if (!refiner->satisfied()) refiner->add(view, frame.chromaView());
      }
    } catch (const std::exception&) {  // read whole the first time: what it gave so far is kept
    }
    try {
      if (learning) learning->finish();
    } catch (const std::exception&) {  // as a refiner failing on this thread: what it learned is kept
    }
    handOver.ran(i);
  });
  if (failed) std::rethrow_exception(failed);
  for (auto& witness : models.witnesses) witness->finishRefining();
  return !jobs.empty();
}

// A profile holds views only: a camera known by profiles alone has no noise or clock witness.
void warnProfileOnlyCameras(const CaseManifest& manifest, AuditResult& result) {
  for (const auto& camera : manifest.cameras) {
    const auto& refs = camera.references;
    if (!refs.empty() && std::all_of(refs.begin(), refs.end(), [&](const std::string& r) {
          return isProfilePath(manifest.resolve(r));
        })) {
      result.warnings.push_back(
          {refs.front(),
           "camera " + camera.id +
               " is given by enrolled profile only, which carries its views but "
               "not its sensor-noise fingerprint or burned-in clock line: those witnesses are silent "
               "for it (give its reference footage for them)"});
    }
  }
}

// Phase 3a: every capture of this shard's sessions, one job each; a shard also decodes other shards'
// captures of cameras without references, because their profile comes from all of their sessions.
std::vector<CaptureJob> planCaptures(const CaseManifest& manifest, const ShardPlan& plan,
                                     const CameraModels& models) {
  std::set<std::string> profiledFromSessions;
  for (const auto& profile : models.profiles)
    if (profile.empty()) profiledFromSessions.insert(profile.cameraId());
  std::vector<CaptureJob> jobs;
  for (size_t s = 0; s < manifest.sessions.size(); ++s) {
    const bool ours = plan.ownsPosition(s);
    if (!ours && !profiledFromSessions.count(manifest.sessions[s].camera)) continue;
    for (size_t c = 0; c < manifest.sessions[s].captures.size(); ++c) {
      const std::string& capture = manifest.sessions[s].captures[c];
      jobs.push_back({s, c, ours, capture, manifest.resolve(capture), {}, false, {}, {}});
    }
  }
  return jobs;
}

// Phase 3b: decode every capture and measure its frames; the witnesses read only captures classified here.
void decodeCaptures(const CaseManifest& manifest, const CameraModels& models,
                    const std::vector<std::unique_ptr<Analyzer>>& analyzers, const AuditOptions& options,
                    Progress& progress, std::vector<CaptureJob>& jobs) {
  std::atomic<size_t> done{0};
  std::atomic<int64_t> frames{0};
  const auto start = std::chrono::steady_clock::now();
  runParallel(jobs.size(), options.threads, [&](size_t i) {
    CaptureJob& job = jobs[i];
    try {
      // Long captures say how far they are, every 1024 frames, so a terminal user sees work going on.
      auto frameProgress = [&](int64_t frames) {
        if (frames % 1024 == 0) progress(job.written + ": " + std::to_string(frames) + " frames decoded");
      };
      const size_t claimed = models.index.at(manifest.sessions[job.session].camera);
      WitnessReaders readers;
      auto freshReaders = [&] {
        readers.clear();
        if (job.classify)
          readers = readersOf(models.witnesses, claimed,
                              options.evidenceOnEveryFrame ? WitnessKind::All : WitnessKind::Deciding);
      };
      freshReaders();
      FrameHook read = [&readers, &options](const DecodedFrame& frame, FrameRecord& record) {
        const GrayView view = frame.lumaView();
        for (auto& reader : readers) reader->read(view, frame.chromaView(), record);
        if (options.interoperablePdq &&
            frame.rgb.size() == static_cast<size_t>(frame.width) * frame.height * 3)
          record.interoperablePdq = std::make_shared<const PdqResult>(
              computeInteroperablePdq(frame.rgb.data(), frame.width, frame.height));
      };
      CaptureOptions captureOptions = lent(options.capture);
      captureOptions.color |= options.interoperablePdq;
      job.analysis = analyzeCapture(job.path, analyzers, frameProgress, captureOptions, read,
                                    helpersPerJob(jobs.size(), options.threads), freshReaders, true);
      // Provenance names files as the manifest does, so that output does not depend on the working folder.
      // Each file's name made once and shared by its frames, as the reader shared it.
      SharedText asRead, written;
      for (auto& frame : job.analysis.frames) {
        if (!(frame.provenance.file == asRead)) {
          asRead = frame.provenance.file;
          written = relativeTo(asRead, job);
        }
        frame.provenance.file = written;
      }
      if (const auto& start = manifest.sessions[job.session].startTime; start && job.captureOrdinal == 0)
        setStartTime(job.analysis, *start);
      for (auto& reader : readers) {
        reader->finish(job.analysis.frames);
        for (auto& note : reader->notes()) job.analysis.warnings.push_back(std::move(note));
      }
      job.ok = true;
    } catch (const std::exception& e) {
      const auto* media = dynamic_cast<const MediaError*>(&e);
      job.error = media ? media->detail() : e.what();
    }
    frames += static_cast<int64_t>(job.analysis.frames.size());
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    progress(captureProgressLine(++done, jobs.size(), frames, elapsed.count(), job.written));
  });
}

// Phase 4: cameras without usable references are profiled from their own sessions' dominant scene.
void profileFromSessions(const CaseManifest& manifest, const std::vector<CaptureJob>& jobs,
                         CameraModels& models) {
  const size_t cameras = models.profiles.size();
  // The sessions of every camera learned from them (each shard decodes all of those, so every shard learns
  // alike): a view is left to the camera whose sessions it holds in most (CameraProfile::fromDominantScenes).
  std::vector<size_t> learning;
  for (size_t c = 0; c < cameras; ++c)
    if (models.profiles[c].empty()) learning.push_back(c);
  if (learning.empty()) return;
  std::vector<std::vector<FrameRecord>> own(cameras);
  std::vector<std::vector<size_t>> sessionOf(cameras);
  for (const auto& job : jobs) {
    const size_t c = models.index.at(manifest.sessions[job.session].camera);
    if (!job.ok || !models.profiles[c].empty()) continue;
    own[c].insert(own[c].end(), job.analysis.frames.begin(), job.analysis.frames.end());
    sessionOf[c].resize(own[c].size(), job.session);
  }
  std::vector<CameraProfile::CameraSessions> all;
  all.reserve(learning.size());
  for (size_t c : learning) all.push_back({manifest.cameras[c].id, own[c], sessionOf[c]});
  std::vector<CameraProfile> learned = CameraProfile::fromDominantScenes(all);
  for (size_t k = 0; k < learning.size(); ++k) {
    models.profiles[learning[k]] = std::move(learned[k]);
    models.profiles[learning[k]].addSource("sessions");
    models.profiles[learning[k]].setLearnedFromSessions();
  }
}

// Phase 5a, every capture at once: its verdicts. Witnesses that only support evidence (sensor noise, a third
// of an audit's time when read on every frame) are read on the frames of its runs only, the foreign and
// scene-change frames findings are made of, in a second pass over the capture, and their readings attached
// to its verdicts: the same findings as reading them on every frame, and no second pass at all for the
// clean captures most of a case is.
void judgeCaptures(const CaseManifest& manifest, const CameraModels& models,
                   const OriginClassifier& classifier, const AuditOptions& options,
                   std::vector<CaptureJob>& jobs) {
  runParallel(jobs.size(), options.threads, [&](size_t i) {
    CaptureJob& job = jobs[i];
    if (!job.classify || !job.ok || job.analysis.frames.empty()) return;
    const size_t claimed = models.index.at(manifest.sessions[job.session].camera);
    job.verdicts = classifier.classify(job.analysis.frames, claimed);
    if (options.evidenceOnEveryFrame) return;
    std::unordered_map<int64_t, size_t> wanted;  // frame index -> position in the records
    std::vector<size_t> positions;
    for (size_t k = 0; k < job.verdicts.size(); ++k)
      if (job.verdicts[k].verdict == Verdict::Foreign || job.verdicts[k].sceneChange) {
        wanted.emplace(job.analysis.frames[k].index, k);
        positions.push_back(k);
      }
    if (wanted.empty()) return;
    WitnessReaders readers = readersOf(models.witnesses, claimed, WitnessKind::EvidenceOnly);
    if (readers.empty()) return;
    FrameHook read = [&](const DecodedFrame& frame, const FrameRecord& record) {
      const auto at = wanted.find(record.index);
      if (at == wanted.end()) return;
      const GrayView view = frame.lumaView();
      for (auto& reader : readers) reader->read(view, frame.chromaView(), job.analysis.frames[at->second]);
    };
    try {
      analyzeCapture(job.path, {}, nullptr, lent(options.capture), read);
    } catch (const std::exception&) {
      return;  // read once already: its findings then go without this evidence
    }
    for (auto& reader : readers) reader->finish(job.analysis.frames);
    classifier.attachNoise(job.analysis.frames, claimed, positions, job.verdicts);
  });
}

// Phase 5b, one capture: its verdicts, findings and session views into `result`; what could not be read of
// it into errors, the damage it carries into warnings. Its frame records are freed.
void classifyCapture(const CaseManifest& manifest, const CameraModels& models, CaptureJob& job,
                     AuditResult& result) {
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
    return;
  }
  for (const auto& unread : job.analysis.unread)
    result.errors.push_back({job.written, relativeTo(unread, job)});
  for (const auto& warning : job.analysis.warnings)
    result.warnings.push_back({job.written, relativeTo(warning, job)});
  if (job.analysis.frames.empty()) {
    result.errors.push_back({job.written, "no picture could be decoded from it"});
    result.captures.push_back(std::move(capture));
    return;
  }
  const size_t claimed = models.index.at(session.camera);
  if (models.profiles[claimed].empty()) {
    result.errors.push_back(
        {job.written, "camera " + session.camera +
                          " has no usable profile: no reference and no clear scene in its sessions"});
  }
  capture.frames = std::move(job.verdicts);
  capture.audited = true;
  const bool allDamaged = std::all_of(capture.frames.begin(), capture.frames.end(),
                                      [](const FrameVerdict& v) { return v.verdict == Verdict::Corrupt; });
  if (allDamaged) {
    result.errors.push_back(
        {job.written, "all " + std::to_string(capture.frames.size()) +
                          " pictures are damaged or unreadable: nothing in it could be judged"});
  }
  auto findings = buildFindings(manifest.caseId, capture);
  collectSessionViews(capture, job.analysis.frames, findings, result,
                      !models.profiles[claimed].learnedFromSessions());
  job.analysis.frames.clear();
  job.analysis.frames.shrink_to_fit();
  for (auto& f : findings) {
    f.sessionOrdinal = capture.sessionOrdinal;
    f.captureOrdinal = capture.captureOrdinal;
  }
  result.findings.insert(result.findings.end(), findings.begin(), findings.end());
  result.captures.push_back(std::move(capture));
}

// Phase 6: hashing errors of inputs that failed later are the same failure: the reader's message is kept.
void keepHashingErrors(const CaseManifest& manifest, InputCollector& inputs, AuditResult& result) {
  std::set<std::string> reported;
  for (const auto& e : result.errors) reported.insert(e.input);
  for (const auto& log : manifest.logs) reported.insert(log.path);  // auditLogs says why a log cannot be read
  for (const auto& e : inputs.errors)
    if (!reported.count(e.input)) result.errors.push_back(e);
  result.inputs = std::move(inputs.digests);
}

// Gives the pages that freed memory leaves whole back to the system, between phases. Large buffers stay in
// the heap (cli/main.cpp), and what one phase frees lies in holes between what lives on: the reference
// phase's pools and the decoders' pictures are too scattered for the next phase's few large blocks (an
// hour's frame records, their verdicts), which then grew the heap instead. One hour of 1080p peaked at
// 324 MB without this and 304 MB with it (bench/README.md, "memory"); it costs a walk of the heap.
void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

AuditResult auditCase(const CaseManifest& manifest, const AuditOptions& options) {
  AuditResult result;
  result.caseId = manifest.caseId;
  result.argv = options.argv;
  auto analyzers = AnalyzerRegistry::instance().createAll(options.analyzerOptions);
  const ShardPlan plan(manifest, options.shard);
  Progress progress(options.progress);

  InputCollector inputs = hashInputs(manifest, plan);
  CameraModels models;
  models.witnesses = WitnessRegistry::instance().createAll(manifest.cameras);
  {
    auto references = readReferences(manifest, analyzers, models.witnesses, options.threads, progress);
    learnCameras(manifest, references, models, result);
    for (int round = 0; round < CameraWitness::kRefineRounds; ++round)
      if (!refineCameras(manifest, references, models, options.threads)) break;
  }
  releaseFreedMemory();
  warnProfileOnlyCameras(manifest, result);
  std::vector<CaptureJob> jobs = planCaptures(manifest, plan, models);
  decodeCaptures(manifest, models, analyzers, options, progress, jobs);
  releaseFreedMemory();
  profileFromSessions(manifest, jobs, models);
  for (const auto& profile : models.profiles)
    result.profileDigests.emplace_back(profile.cameraId(), sha256Hex(profile.toJson().dump()));
  const OriginClassifier classifier(models.profiles);
  judgeCaptures(manifest, models, classifier, options, jobs);
  for (auto& job : jobs)
    if (job.classify) classifyCapture(manifest, models, job, result);
  keepHashingErrors(manifest, inputs, result);
  auditLogs(manifest, plan, result, options.progress);
  // A shard sees only its sessions' views: the merge of all shards makes the second look instead.
  finishCase(result, !options.shard.sharded());
  return result;
}

void finishCase(AuditResult& result, bool wholeCase) {
  if (wholeCase) attributeFromSessionViews(result);
  tieFramesToDeliveries(result.findings);
  result.canonicalize();
}

}  // namespace camtrace
