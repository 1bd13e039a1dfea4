#pragma once

#include <string>
#include <vector>

namespace camtrace {

// What one frame says about its origin, as the temporal model needs it.
struct FrameEvidence {
  double claimed = 0;          // fused match score against the claimed camera (OriginClassifier::matchScore)
  std::vector<double> others;  // fused score per candidate camera, same order as the model's candidates
  bool decodeDamaged = false;  // the decoder flagged the picture (or it did not decode)
  bool referenceDamaged = false;  // predicted from a damaged picture
  bool seams = false;             // concealment seams all over the picture
  bool noDetail = false;          // too flat or dark to say anything: emits nothing
  bool cutBefore = false;         // the picture differs from the previous one (see OriginClassifier)
  // How much new visual evidence the frame brings, 0..1: a near-copy of its predecessor repeats what that
  // one said, so its match scores count for little; the first frame and frames after a cut count fully.
  double novelty = 1;
};

// The decoded explanation of a session: per frame, which source it came from and how much better that
// explanation is than the best alternative.
struct TemporalPath {
  enum class Source { Claimed, Candidate, Unknown, Damaged };
  struct Step {
    Source source = Source::Claimed;
    int candidate = -1;  // index into the candidates when source == Candidate
    double margin = 0;   // log-odds of the chosen state against the best other state at this frame
    // The picture is damage of its source's stream (decode damage, or predicted from it). Always true for
    // Source::Damaged, the claimed camera's damage; with Candidate or Unknown, a damaged picture of
    // another camera's footage, which a lossy network delivers as damaged as the camera's own.
    bool damaged = false;

    // Gives the step to a source the model did not choose: `to` Claimed or Damaged means the claimed
    // camera (its damage state where the picture is damaged), Candidate needs the candidate's index. The
    // model's margin was for the source it chose, so a moved step says margin 0: a verdict neither side of
    // the model was sure of (confidence 0.91 by the Platt scaling).
    void reassign(Source to, int candidateIndex = -1);
  };
  std::vector<Step> steps;
};

// A hidden Markov model of a viewing session, decoded with Viterbi. Sources: the claimed camera, each
// candidate camera, and an unknown source (foreign, unattributed); each source has two states, its clean
// pictures and its damaged ones (decode damage, or predicted from it).
//
// Why a sequence model: a cache serving another camera's stills makes the stream jump (A, B, A) with a cut
// on entry and exit, while the camera's own changes (light, IR, someone close to the lens) happen without
// a cut or change once and stay. So a change of source costs little at a cut and a lot without one, and
// damage may start anywhere (it needs no cut) but is only likely where the decoder or the pixels show it.
//
// Damage keeps its source. A damaged picture proves nothing about its origin, so every source's damaged
// state weighs it alike; which source it belongs to is told by the cut rule alone: damage inside another
// camera's feed (a stranger's stream through a lossy network, as in the 2019 incident) is that camera's,
// and the claimed camera's damage stays its own. A single damage state, entered from anywhere at a cut,
// had let a lossy foreign feed's damaged pictures, and the clean ones between them, pass as the claimed
// camera's damage.
//
// Emissions are log-sigmoids of the fused match scores (each score is roughly a log-likelihood ratio,
// clipped to +-8): the claimed state wants the claimed camera to match; a candidate state wants that
// camera to match and to beat the claimed one; the unknown state wants nothing to match. Margins come from
// max-marginals (forward plus backward Viterbi scores), so a frame's confidence reflects its neighbours.
class TemporalModel {
 public:
  struct Costs {
    double emissionWeight = 1.5;
    double enterForeign = 4;   // claimed -> candidate/unknown, at a cut
    double leaveForeign = 1;   // candidate/unknown -> claimed, at a cut
    double switchForeign = 3;  // candidate -> other candidate/unknown, at a cut
    // Extra cost of a change of visual source without a cut: no spliced burst boundary in simulate or the
    // real-clip bench lacked one, so the model should all but never believe it.
    double withoutCut = 30;
    double enterDamage = 3;
    double leaveDamage = 1.5;
  };

  explicit TemporalModel(size_t candidates) : TemporalModel(candidates, Costs{}) {}
  TemporalModel(size_t candidates, const Costs& costs) : candidates_(candidates), costs_(costs) {}

  TemporalPath decode(const std::vector<FrameEvidence>& frames) const;

 private:
  size_t sources() const { return candidates_ + 2; }
  size_t states() const { return 2 * sources(); }
  double emission(const FrameEvidence& frame, size_t state) const;
  double sourceEmission(const FrameEvidence& frame, size_t source) const;
  double transition(size_t from, size_t to, bool cut) const;

  size_t candidates_;
  Costs costs_;
};

// A shot (the frames between two cuts) has one source: a cache that switches feeds changes the picture at
// once. A shot the path split between the claimed camera and cameras that clearly match none of its frames
// (fused score under `clearMatch`) is given whole to the claimed camera; the frames given away were its view
// where a look-alike's references reach a little further than its own. Measured on the real-footage bench
// without references: the twin camera's own frames just after a four-frame burst of the camera it is a
// crop of (17 in each of six sessions, no cut between them and the twin's consistent frames) had been that
// camera's at fused scores of -8 to -0.3. The reassigned steps say margin 0: the model did not choose them.
void keepShotsWhole(TemporalPath& path, const std::vector<FrameEvidence>& frames, double clearMatch);

}  // namespace camtrace
