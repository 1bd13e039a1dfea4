#include "camera_profile.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "audit/view_chains.h"

namespace camtrace {
namespace {

// An entry covers a new view when both signals say it is the same picture: within 20 of 256 hash bits
// (PDQ's own "near duplicate" range is about 30) and a structure correlation above 0.95.
constexpr int kDuplicatePdq = 20;
constexpr float kDuplicateStructure = 0.95f;

// Frames whose hash quality is this low are too flat or dark to describe their camera.
constexpr int kMinQuality = 20;

std::string bytesToHex(const StructureDescriptor& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool hexToBytes(const std::string& text, StructureDescriptor& bytes) {
  if (text.size() != bytes.size() * 2) return false;
  auto digit = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  for (size_t i = 0; i < bytes.size(); ++i) {
    int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

}  // namespace

bool CameraProfile::usable(const FrameRecord& frame) {
  return !frame.unreadable && !frame.decodeDamaged && !frame.referenceDamaged &&
         frame.signals.pdqQuality >= kMinQuality;
}

void CameraProfile::addEntry(const ProfileEntry& entry) {
  StructureVector vector = normalizeStructure(entry.structure);
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].pdq.distance(entry.pdq) <= kDuplicatePdq &&
        dot(vectors_[i], vector) >= kDuplicateStructure) {
      return;
    }
  }
  if (entries_.size() >= kMaxEntries) return;
  entries_.push_back(entry);
  vectors_.push_back(vector);
  cells_.push_back(normalizeCells(entry.structure));
}

double CameraProfile::signatureEvidence(const std::string& signature) const {
  if (signatures_.empty() || signature.empty() || signatures_.count(signature)) return 0;
  return kForeignSignature;
}

void CameraProfile::add(const FrameRecord& frame) {
  ++framesSeen_;
  if (!frame.unreadable && !frame.streamSignature.empty()) signatures_.insert(frame.streamSignature);
  if (!usable(frame)) return;
  addEntry({frame.signals.pdq, frame.signals.structure});
  // A camera whose recorder draws its picture inside bars (a 4:3 picture in a 16:9 frame) is known inside
  // them too: fitted into another stream's proportions with bars of its own, only that picture is left.
  if (frame.signals.insideBars) addView(*frame.signals.insideBars);
}

void CameraProfile::merge(const CameraProfile& other, size_t entries) {
  framesSeen_ += other.framesSeen_;
  for (const auto& source : other.sources_) sources_.push_back(source);
  for (size_t i = 0; i < other.entries_.size() && i < entries; ++i) addEntry(other.entries_[i]);
  signatures_.insert(other.signatures_.begin(), other.signatures_.end());
}

namespace {

// One camera's sessions, sampled: at most 400 evenly spaced usable frames, on which a view's support is
// counted pairwise. A sampled frame supports a view where it could follow it without a cut
// (audit/view_chains.h): a look-alike camera's frames (the same corridor from another angle) are a cut
// from the view, as they are where a cache splices them in, and do not make its view hold.
struct SessionSample {
  std::span<const FrameRecord> frames;
  std::vector<size_t> picked;            // indexes into `frames`
  std::vector<size_t> sessionOfPick;     // the session of each picked frame
  std::map<size_t, size_t> sampled;      // session -> its frames in the sample
  std::vector<StructureVector> vectors;  // of each picked frame, normalised
  std::vector<bool> pickInSteadyChain;   // of each picked frame: in its session's steady chain
  // How far a view holds: the sessions a third of whose sampled frames (two at least) support it, or one
  // of whose steady chains' frames does, and the sampled frames that support it.
  struct Hold {
    size_t sessions = 0, frames = 0;
  };
  std::vector<Hold> ownHolds;  // of each picked frame's view, in these sessions
  // The most sessions any one sampled view holds in: how steady this camera's footage is. A plaza where
  // crowds pass holds its own view in fewer sessions than an empty corridor does.
  size_t steadiest = 0;

  SessionSample(std::span<const FrameRecord> all, std::span<const size_t> sessionOf) : frames(all) {
    for (size_t i = 0; i < frames.size(); ++i)
      if (CameraProfile::usable(frames[i])) picked.push_back(i);
    constexpr size_t kSample = 400;
    if (picked.size() > kSample) {
      std::vector<size_t> thinned;
      for (size_t i = 0; i < kSample; ++i) thinned.push_back(picked[i * picked.size() / kSample]);
      picked.swap(thinned);
    }
    const std::vector<bool> steady = inSteadyChain(sessionOf);
    for (size_t i : picked) {
      sessionOfPick.push_back(sessionOf.empty() ? size_t{0} : sessionOf[i]);
      ++sampled[sessionOfPick.back()];
      pickInSteadyChain.push_back(steady[i]);
      vectors.push_back(normalizeStructure(frames[i].signals.structure));
    }
    for (size_t j = 0; j < picked.size(); ++j) {
      ownHolds.push_back(holds(frames[picked[j]].signals.pdq, vectors[j]));
      steadiest = std::max(steadiest, ownHolds.back().sessions);
    }
  }
  // Frames of a chain (audit/view_chains.h) that fills a quarter of its session or more: footage filmed
  // without a cut, moving or not. A panning or handheld camera's single view resembles only a part of its
  // session; the chain it belongs to is most of it. A quarter, not a half: an edited clip (the bikes clip)
  // has a cut every 40-55 frames of 150, and a camera touring presets jumps between views likewise.
  // An eighth is enough for the chain that opens the session or the one that closes it: where the
  // session's footage begins and ends, where a cache's burst is cut into the footage. On the second held-out
  // set without references, a time-lapse's first shot (40 frames of sessions of 114-155) and a handheld
  // camera's opening close-up (45 of 165-230) held in 5 of 19 sessions, and were called foreign in every
  // session of their camera. Not every chain that nothing was cut into (none on both sides of it): that
  // also learned shots in the middle of sessions and, on ../shared/media's case, called 130 more of its own
  // frames foreign.
  std::vector<bool> inSteadyChain(std::span<const size_t> sessionOf) const {
    std::vector<bool> steady(frames.size());
    for (size_t begin = 0; begin < frames.size();) {
      size_t end = sessionOf.empty() ? frames.size() : begin + 1;
      while (end < frames.size() && sessionOf[end] == sessionOf[begin]) ++end;
      const size_t n = end - begin;
      const std::vector<size_t> chainOf = viewChains(frames.subspan(begin, n));
      std::vector<size_t> size(n);
      for (size_t chain : chainOf) ++size[chain];
      // The chains that open and close the session (chains are numbered in order of their first frames).
      const size_t opening = chainOf.front(), closing = chainOf.back();
      std::vector<bool> holding(n);
      for (size_t c = 0; c < n; ++c)
        holding[c] = size[c] * 4 >= n || (size[c] * 8 >= n && (c == opening || c == closing));
      for (size_t i = begin; i < end; ++i) steady[i] = holding[chainOf[i - begin]];
      begin = end;
    }
    return steady;
  }
  size_t sessions() const { return sampled.size(); }
  Hold holds(const Hash256& pdq, const StructureVector& vector) const {
    std::map<size_t, size_t> support;
    std::set<size_t> steady;
    for (size_t j = 0; j < picked.size(); ++j) {
      if (isCut(pdq.distance(frames[picked[j]].signals.pdq), dot(vector, vectors[j]))) continue;
      ++support[sessionOfPick[j]];
      if (pickInSteadyChain[j]) steady.insert(sessionOfPick[j]);
    }
    Hold hold;
    for (const auto& [s, count] : support) {
      hold.sessions += count >= std::max<size_t>(2, sampled.at(s) / 3) || steady.count(s);
      hold.frames += count;
    }
    return hold;
  }
};

// A view belongs to the dominant scene of a session when it holds there (SessionSample::holds). Foreign
// bursts (a cache serving another camera's stills) are short against the session, so they fall below
// this; and a view must hold in half of the camera's sessions, so that a session served wholly by another
// camera (the incidents' worst case) does not teach the camera that camera's scene.
//
// With other cameras' samples given, a view that another camera would learn too (it holds in half of that
// camera's sessions) goes to the camera for which it is the larger share of its steadiest view's sessions:
// how many sessions a camera's own view holds in depends on the camera (on the real-footage bench, before
// steady chains counted, a plaza crowds cross held its view in seven of its twelve sessions, an office in
// ten), so shares of sessions are weighed against what each camera's own footage reaches. Counted against all
// sessions, the office camera, served the plaza in eight of its twelve sessions, learned the plaza as its
// own. Where the weighed shares are equal, the shares of sampled frames decide: a camera's own view fills its
// sessions, another camera's view fills the runs cut into them.
CameraProfile dominantScene(std::string cameraId, const SessionSample& own,
                            std::span<const SessionSample* const> others) {
  CameraProfile profile(std::move(cameraId));
  for (size_t i = 0; i < own.picked.size(); ++i) {
    const FrameRecord& frame = own.frames[own.picked[i]];
    const SessionSample::Hold& mine = own.ownHolds[i];
    if (mine.sessions * 2 < own.sessions()) continue;
    const bool another = std::any_of(others.begin(), others.end(), [&](const SessionSample* other) {
      if (other->sessions() == 0) return false;
      const SessionSample::Hold theirs = other->holds(frame.signals.pdq, own.vectors[i]);
      if (theirs.sessions * 2 < other->sessions()) return false;
      if (theirs.sessions * own.steadiest != mine.sessions * other->steadiest)
        return theirs.sessions * own.steadiest > mine.sessions * other->steadiest;
      return theirs.frames * own.picked.size() > mine.frames * other->picked.size();
    });
    if (!another) profile.addView(frame);
  }
  profile.setFramesSeen(static_cast<int64_t>(own.frames.size()));
  return profile;
}

}  // namespace

CameraProfile CameraProfile::fromDominantScene(std::string cameraId, std::span<const FrameRecord> frames,
                                               std::span<const size_t> sessionOf) {
  const SessionSample own(frames, sessionOf);
  return dominantScene(std::move(cameraId), own, {});
}

std::vector<CameraProfile> CameraProfile::fromDominantScenes(const std::vector<CameraSessions>& cameras) {
  std::vector<SessionSample> samples;
  samples.reserve(cameras.size());
  for (const auto& c : cameras) samples.emplace_back(c.frames, c.sessionOf);
  std::vector<CameraProfile> out;
  for (size_t c = 0; c < cameras.size(); ++c) {
    std::vector<const SessionSample*> others;
    for (size_t d = 0; d < samples.size(); ++d)
      if (d != c) others.push_back(&samples[d]);
    out.push_back(dominantScene(cameras[c].cameraId, samples[c], others));
  }
  return out;
}

ProfileMatch CameraProfile::match(const FrameSignals& signals) const {
  return match(signals.pdq, normalizeStructure(signals.structure), normalizeCells(signals.structure));
}

ProfileMatch CameraProfile::match(const Hash256& pdq, const StructureVector& structure,
                                  const StructureVector& cells) const {
  ProfileMatch best;
  for (size_t i = 0; i < entries_.size(); ++i) {
    best.pdqDistance = std::min(best.pdqDistance, entries_[i].pdq.distance(pdq));
    best.structureSimilarity = std::max(best.structureSimilarity, dot(vectors_[i], structure));
    best.robustStructure = std::max(best.robustStructure, robustStructureSimilarity(cells_[i], cells));
  }
  return best;
}

float CameraProfile::mirroredRobustStructure(const StructureVector& cells) const {
  const StructureVector mirrored = mirrorCells(cells);
  float best = -1;
  for (const StructureVector& entry : cells_)
    best = std::max(best, robustStructureSimilarity(entry, mirrored));
  return best;
}

nlohmann::ordered_json CameraProfile::toJson() const {
  nlohmann::ordered_json json;
  json["schema"] = kSchema;
  json["camera"] = cameraId_;
  json["sources"] = sources_;
  json["frames_seen"] = framesSeen_;
  json["stream_signatures"] = signatures_;
  auto entries = nlohmann::ordered_json::array();
  for (const auto& entry : entries_) {
    entries.push_back({{"pdq", entry.pdq.hex()}, {"structure", bytesToHex(entry.structure)}});
  }
  json["entries"] = std::move(entries);
  return json;
}

CameraProfile CameraProfile::fromJson(const nlohmann::json& json) {
  if (!json.is_object() || json.value("schema", "") != kSchema) {
    throw std::invalid_argument(std::string("not a camera profile (expected schema ") + kSchema + ")");
  }
  CameraProfile profile(json.value("camera", ""));
  if (json.contains("sources")) profile.sources_ = json.at("sources").get<std::vector<std::string>>();
  profile.framesSeen_ = json.value("frames_seen", int64_t{0});
  if (json.contains("stream_signatures")) {
    for (const auto& s : json.at("stream_signatures")) profile.signatures_.insert(s.get<std::string>());
  }
  for (const auto& item : json.at("entries")) {
    ProfileEntry entry;
    auto pdq = Hash256::fromHex(item.at("pdq").get<std::string>());
    if (!pdq || !hexToBytes(item.at("structure").get<std::string>(), entry.structure)) {
      throw std::invalid_argument("malformed profile entry");
    }
    entry.pdq = *pdq;
    profile.entries_.push_back(entry);
    profile.vectors_.push_back(normalizeStructure(entry.structure));
    profile.cells_.push_back(normalizeCells(entry.structure));
  }
  return profile;
}

}  // namespace camtrace
