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

// State layout: 0 claimed, 1..n candidates, n+1 unknown, n+2 damaged.
double TemporalModel::emission(const FrameEvidence& f, size_t state) const {
  const size_t unknown = candidates_ + 1, damaged = candidates_ + 2;
  if (state == damaged) {
    // Damage explains any picture, but is only believed where something shows it. A picture the decoder
    // concealed is partly invented: it proves nothing about its origin however well the rest matches, so
    // the flag outweighs the cost of entering and leaving the damaged state.
    // A near-copy of its predecessor repeats what that one said, here as for the match scores below: a
    // stretch predicted from one damaged picture (a long GOP) is one witness, not one per frame.
    if (f.decodeDamaged) return 5;
    if (f.referenceDamaged || f.seams) return -0.5 * f.novelty;
    return -6;
  }
  if (f.noDetail) return 0;
  const double w = costs_.emissionWeight * f.novelty;
  double bestOther = -8;
  for (double s : f.others) bestOther = std::max(bestOther, s);
  if (state == 0) return w * logSigmoid(f.claimed);
  // Unknown must be clearly worse for the claimed camera than the claimed state is: it wins only below a
  // claimed score of -3, and by little until -6 (other scenes score -6 to -8).
  if (state == unknown) return w * (logSigmoid(-f.claimed - 6) + logSigmoid(-bestOther - 1));
  const double s = f.others[state - 1];
  return w * (logSigmoid(s) + logSigmoid(s - f.claimed - 1));
}

double TemporalModel::transition(size_t from, size_t to, bool cut) const {
  if (from == to) return 0;
  const size_t damaged = candidates_ + 2;
  // Damage may start anywhere in the claimed camera's footage; from a foreign source it is a change of
  // source like any other, or damage would become a cheap bridge around the cut rule.
  if (to == damaged) return -(costs_.enterDamage + (from == 0 || cut ? 0 : costs_.withoutCut));
  if (from == damaged)
    return to == 0 ? -costs_.leaveDamage : -(costs_.enterForeign + (cut ? 0 : costs_.withoutCut));
  double cost = from == 0 ? costs_.enterForeign : to == 0 ? costs_.leaveForeign : costs_.switchForeign;
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
    if (s == 0) return 0.0;
    return s == k - 1 ? -costs_.enterDamage : -costs_.enterForeign;
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
    if (chosen == 0) {
      step.source = TemporalPath::Source::Claimed;
    } else if (chosen == k - 1) {
      step.source = TemporalPath::Source::Damaged;
    } else if (chosen == k - 2) {
      step.source = TemporalPath::Source::Unknown;
    } else {
      step.source = TemporalPath::Source::Candidate;
      step.candidate = static_cast<int>(chosen - 1);
    }
  }
  return path;
}

}  // namespace camtrace
