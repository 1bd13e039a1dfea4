#include "truth_score.h"

#include <cstdio>
#include <map>
#include <set>
#include <string_view>

namespace camtrace::sim {
namespace {

std::string_view orNull(const std::string& camera) {
  return camera.empty() ? std::string_view("null") : std::string_view(camera);
}

}  // namespace

void TruthScore::add(const TruthScore& o) {
  frames += o.frames;
  truePositives += o.truePositives;
  falsePositives += o.falsePositives;
  falseNegatives += o.falseNegatives;
  attributedRight += o.attributedRight;
  damaged += o.damaged;
  damagedForeign += o.damagedForeign;
  damagedOthers += o.damagedOthers;
  damagedOthersFound += o.damagedOthersFound;
  damagedOthersAttributed += o.damagedOthersAttributed;
  cleanFrames += o.cleanFrames;
  cleanForeign += o.cleanForeign;
  countMismatches += o.countMismatches;
  singleFrameBursts += o.singleFrameBursts;
  singleFrameFound += o.singleFrameFound;
  ownFrames += o.ownFrames;
  ownVouched += o.ownVouched;
  for (const auto& m : o.mistakes)
    if (mistakes.size() < 50) mistakes.push_back(m);
}

std::string TruthScore::summary() const {
  char text[640];
  std::snprintf(
      text, sizeof text,
      "frames %lld | foreign: precision %.4f recall %.4f attribution %.4f (tp %lld fp %lld fn %lld) | "
      "clean-session frames called foreign %lld/%lld | damaged called foreign %lld/%lld | "
      "damaged foreign frames found %lld/%lld (attributed %lld) | "
      "single-frame bursts found %lld/%lld | own frames vouched for %lld/%lld",
      static_cast<long long>(frames), precision(), recall(), attribution(),
      static_cast<long long>(truePositives), static_cast<long long>(falsePositives),
      static_cast<long long>(falseNegatives), static_cast<long long>(cleanForeign),
      static_cast<long long>(cleanFrames), static_cast<long long>(damagedForeign),
      static_cast<long long>(damaged), static_cast<long long>(damagedOthersFound),
      static_cast<long long>(damagedOthers), static_cast<long long>(damagedOthersAttributed),
      static_cast<long long>(singleFrameFound), static_cast<long long>(singleFrameBursts),
      static_cast<long long>(ownVouched), static_cast<long long>(ownFrames));
  return text;
}

TruthScore scoreAgainstTruth(const nlohmann::json& truth, std::istream& framesJsonl) {
  struct Line {
    std::string verdict;
    std::string attributed;
  };
  std::map<std::string, std::map<int64_t, Line>> seen;
  std::string text;
  while (std::getline(framesJsonl, text)) {
    if (text.empty()) continue;
    auto j = nlohmann::json::parse(text);
    Line line{j.at("verdict").get<std::string>(),
              j.at("attributed_camera").is_null() ? "" : j.at("attributed_camera").get<std::string>()};
    seen[j.at("session").get<std::string>()][j.at("index").get<int64_t>()] = line;
  }
  TruthScore score;
  // Built only for the first 50: a bad run can have a million mistakes.
  auto note = [&score](const auto&... parts) {
    if (score.mistakes.size() >= 50) return;
    std::string what;
    ((what += parts), ...);
    score.mistakes.push_back(std::move(what));
  };
  for (const auto& session : truth.at("sessions")) {
    const std::string id = session.at("id");
    const std::string claimed = session.at("camera");
    const auto& frames = session.at("frames");
    std::set<int64_t> damaged;
    for (const auto& d : session.at("damaged")) damaged.insert(d.get<int64_t>());
    bool hasForeign = false;
    for (const auto& f : frames) hasForeign = hasForeign || f.get<std::string>() != claimed;
    const auto& lines = seen[id];
    if (lines.size() != frames.size()) {
      ++score.countMismatches;
      note(id, ": ", std::to_string(lines.size()), " frames audited, truth has ",
           std::to_string(frames.size()));
    }
    for (const auto& [index, line] : lines) {
      if (index < 0 || index >= static_cast<int64_t>(frames.size())) continue;
      ++score.frames;
      const std::string trueCamera = frames[static_cast<size_t>(index)];
      const bool foreign = line.verdict == "foreign";
      const std::string where = id + " #" + std::to_string(index) + ": ";
      if (damaged.count(index) && trueCamera != claimed) {
        ++score.damagedOthers;
        score.damagedOthersFound += foreign;
        score.damagedOthersAttributed += foreign && line.attributed == trueCamera;
        continue;
      }
      if (damaged.count(index)) {
        ++score.damaged;
        if (foreign) {
          ++score.damagedForeign;
          note(where, "damaged frame called foreign");
        }
        continue;
      }
      if (!hasForeign) {
        ++score.cleanFrames;
        score.cleanForeign += foreign;
      }
      if (trueCamera == claimed) {
        ++score.ownFrames;
        score.ownVouched += line.verdict == "consistent";
      }
      if (trueCamera != claimed) {
        const bool alone = index > 0 && index + 1 < static_cast<int64_t>(frames.size()) &&
                           frames[static_cast<size_t>(index - 1)] == claimed &&
                           frames[static_cast<size_t>(index + 1)] == claimed;
        score.singleFrameBursts += alone;
        score.singleFrameFound += alone && foreign;
        if (foreign) {
          ++score.truePositives;
          if (line.attributed == trueCamera) {
            ++score.attributedRight;
          } else {
            note(where, "attributed to ", orNull(line.attributed), ", truth ", trueCamera);
          }
        } else {
          ++score.falseNegatives;
          note(where, line.verdict, ", truth ", trueCamera);
        }
      } else if (foreign) {
        ++score.falsePositives;
        note(where, "foreign (", orNull(line.attributed), "), truth ", claimed);
      }
    }
  }
  return score;
}

}  // namespace camtrace::sim
