#include "camera_profile.h"

#include <algorithm>
#include <map>
#include <stdexcept>

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
}

void CameraProfile::merge(const CameraProfile& other) {
  framesSeen_ += other.framesSeen_;
  for (const auto& source : other.sources_) sources_.push_back(source);
  for (const auto& entry : other.entries_) addEntry(entry);
  signatures_.insert(other.signatures_.begin(), other.signatures_.end());
}

CameraProfile CameraProfile::fromDominantScene(std::string cameraId, std::span<const FrameRecord> frames,
                                               std::span<const size_t> sessionOf) {
  CameraProfile profile(std::move(cameraId));
  std::vector<size_t> sample;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (usable(frames[i])) sample.push_back(i);
  }
  // At most 400 evenly spaced frames: support is counted pairwise.
  constexpr size_t kSample = 400;
  if (sample.size() > kSample) {
    std::vector<size_t> thinned;
    for (size_t i = 0; i < kSample; ++i) thinned.push_back(sample[i * sample.size() / kSample]);
    sample.swap(thinned);
  }
  const auto session = [&](size_t k) { return sessionOf.empty() ? size_t{0} : sessionOf[sample[k]]; };
  std::map<size_t, size_t> sampled;  // session -> its frames in the sample
  for (size_t k = 0; k < sample.size(); ++k) ++sampled[session(k)];
  std::vector<StructureVector> vectors;
  vectors.reserve(sample.size());
  for (size_t i : sample) vectors.push_back(normalizeStructure(frames[i].signals.structure));
  // A view belongs to the dominant scene of a session when a third of the session resembles it. Foreign
  // bursts (a cache serving another camera's stills) are short against the session, so they fall below
  // this; and a view must hold in half of the camera's sessions, so that a session served wholly by
  // another camera (the incidents' worst case) does not teach the camera that camera's scene.
  for (size_t i = 0; i < sample.size(); ++i) {
    std::map<size_t, size_t> support;
    for (size_t j = 0; j < sample.size(); ++j) {
      if (dot(vectors[i], vectors[j]) >= 0.6f ||
          frames[sample[i]].signals.pdq.distance(frames[sample[j]].signals.pdq) <= 50)
        ++support[session(j)];
    }
    size_t dominates = 0;
    for (const auto& [s, count] : support) dominates += count >= std::max<size_t>(2, sampled[s] / 3);
    if (dominates * 2 >= sampled.size())
      profile.addEntry({frames[sample[i]].signals.pdq, frames[sample[i]].signals.structure});
  }
  profile.framesSeen_ = static_cast<int64_t>(frames.size());
  return profile;
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
