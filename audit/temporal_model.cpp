#include "temporal_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace camtrace {
namespace {

// log(sigmoid(x)), stable for large |x|.
double logSigmoid(double x) {
  return x >= 0 ? -std::log1p(std::exp(-x)) : x - std::log1p(std::exp(x));
}

constexpr double kNegative = -1e18;

}  // namespace

// State layout: sources 0 claimed, 1..n candidates, n+1 unknown; state s is source s's clean pictures,
// state sources() + s its damaged ones.
double TemporalModel::emission(const FrameEvidence& f, size_t state) const {
  const size_t source = state % sources();
  if (state < sources()) return sourceEmission(f, source);
  // Damage explains any picture, but is only believed where something shows it. A picture the decoder
  // concealed is partly invented: it proves nothing about its origin however well the rest matches, so
  // the flag outweighs the cost of entering and leaving the damaged state.
  // A near-copy of its predecessor repeats what that one said, here as for the match scores below: a
  // stretch predicted from one damaged picture (a long GOP) is one witness, not one per frame.
  const double damage = f.decodeDamaged ? 5 : f.referenceDamaged || f.seams ? -0.5 * f.novelty : -6;
  // The claimed camera's own damage explains its pictures whatever they match: smeared by a lost packet,
  // they match nothing. Another source's damage is held to that source's match where the picture is only
  // predicted from a damaged one (mostly right): else it would explain the claimed camera's own clear
  // pictures after a foreign burst, damaged in the same loss.
  if (source == 0 || f.decodeDamaged) return damage;
  return damage + sourceEmission(f, source);
}

double TemporalModel::sourceEmission(const FrameEvidence& f, size_t source) const {
  if (f.noDetail) return 0;
  const double w = costs_.emissionWeight * f.novelty;
  double bestOther = -8;
  for (double s : f.others) bestOther = std::max(bestOther, s);
  if (source == 0) return w * logSigmoid(f.claimed);
  // Unknown must be clearly worse for the claimed camera than the claimed state is: it wins only below a
  // claimed score of -3, and by little until -6 (other scenes score -6 to -8).
  if (source == candidates_ + 1) return w * (logSigmoid(-f.claimed - 6) + logSigmoid(-bestOther - 1));
  const double s = f.others[source - 1];
  return w * (logSigmoid(s) + logSigmoid(s - f.claimed - 1));
}

double TemporalModel::transition(size_t from, size_t to, bool cut) const {
  if (from == to) return 0;
  const size_t fromSource = from % sources(), toSource = to % sources();
  const bool fromDamaged = from >= sources(), toDamaged = to >= sources();
  double cost = toDamaged && !fromDamaged   ? costs_.enterDamage
                : fromDamaged && !toDamaged ? costs_.leaveDamage
                                            : 0;
  if (fromSource == toSource) return -cost;
  // A change of source, damaged or not, is held to the cut rule: damage must not become a cheap bridge
  // around it.
  cost += fromSource == 0 ? costs_.enterForeign : toSource == 0 ? costs_.leaveForeign : costs_.switchForeign;
  if (!cut) cost += costs_.withoutCut;
  return -cost;
}

TemporalPath TemporalModel::decode(const std::vector<FrameEvidence>& frames) const {
  TemporalPath path;
  const size_t n = frames.size(), k = states();
  if (n == 0) return path;
  std::vector<double> alpha(n * k, kNegative), beta(n * k, 0.0);
  std::vector<uint32_t> back(n * k, 0);
  auto start = [&](size_t s) {
    return -((s % sources() == 0 ? 0.0 : costs_.enterForeign) + (s >= sources() ? costs_.enterDamage : 0.0));
  };
  for (size_t s = 0; s < k; ++s) alpha[s] = start(s) + emission(frames[0], s);
  for (size_t i = 1; i < n; ++i) {
    for (size_t to = 0; to < k; ++to) {
      double best = kNegative;
      uint32_t arg = 0;
      for (size_t from = 0; from < k; ++from) {
        const double v = alpha[(i - 1) * k + from] + transition(from, to, frames[i].cutBefore);
        if (v > best) {
          best = v;
          arg = static_cast<uint32_t>(from);
        }
      }
      alpha[i * k + to] = best + emission(frames[i], to);
      back[i * k + to] = arg;
    }
  }
  for (size_t i = n - 1; i-- > 0;) {
    for (size_t from = 0; from < k; ++from) {
      double best = kNegative;
      for (size_t to = 0; to < k; ++to) {
        best = std::max(best, transition(from, to, frames[i + 1].cutBefore) + emission(frames[i + 1], to) +
                                  beta[(i + 1) * k + to]);
      }
      beta[i * k + from] = best;
    }
  }
  std::vector<size_t> states(n);
  states[n - 1] =
      static_cast<size_t>(std::max_element(alpha.begin() + static_cast<long>((n - 1) * k), alpha.end()) -
                          (alpha.begin() + static_cast<long>((n - 1) * k)));
  for (size_t i = n - 1; i > 0; --i) states[i - 1] = back[i * k + states[i]];
  path.steps.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t chosen = states[i];
    double runnerUp = kNegative;
    for (size_t s = 0; s < k; ++s) {
      if (s != chosen) runnerUp = std::max(runnerUp, alpha[i * k + s] + beta[i * k + s]);
    }
    auto& step = path.steps[i];
    step.margin = (alpha[i * k + chosen] + beta[i * k + chosen]) - runnerUp;
    const size_t source = chosen % sources();
    step.damaged = chosen >= sources();
    if (source == 0) {
      step.source = step.damaged ? TemporalPath::Source::Damaged : TemporalPath::Source::Claimed;
    } else if (source == candidates_ + 1) {
      step.source = TemporalPath::Source::Unknown;
    } else {
      step.source = TemporalPath::Source::Candidate;
      step.candidate = static_cast<int>(source - 1);
    }
  }
  return path;
}

void TemporalPath::Step::reassign(Source to, int candidateIndex) {
  if (to == Source::Claimed || to == Source::Damaged) to = damaged ? Source::Damaged : Source::Claimed;
  if (to != Source::Candidate) candidateIndex = -1;
  if (source == to && candidate == candidateIndex) return;
  source = to;
  candidate = candidateIndex;
  margin = 0;
}

void keepShotsWhole(TemporalPath& path, const std::vector<FrameEvidence>& frames, double clearMatch) {
  using Source = TemporalPath::Source;
  const size_t n = std::min(frames.size(), path.steps.size());
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n && !frames[end].cutBefore) ++end;
    bool claimed = false;
    std::vector<int> given;
    for (size_t k = begin; k < end; ++k) {
      const auto& step = path.steps[k];
      claimed = claimed || step.source == Source::Claimed;
      if (step.source == Source::Candidate &&
          std::find(given.begin(), given.end(), step.candidate) == given.end())
        given.push_back(step.candidate);
    }
    bool clear = false;
    for (size_t k = begin; k < end && !clear; ++k)
      for (int c : given) clear = clear || frames[k].others[static_cast<size_t>(c)] >= clearMatch;
    if (claimed && !given.empty() && !clear) {
      for (size_t k = begin; k < end; ++k) {
        auto& step = path.steps[k];
        if (step.source == Source::Candidate) step.reassign(Source::Claimed);
      }
    }
    begin = end;
  }
}

}  // namespace camtrace
