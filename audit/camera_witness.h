#pragma once

// Contract for the witnesses that must learn each camera before they can say anything about a frame
// (sensor noise, the burned-in clock): the stateful counterpart of analyzers/analyzer.h, in the spirit of
// bulk_extractor's scanner phases and TSDuck's plugin start/stop. In one audit:
//   1. construct: the registry builds one instance per audit, told how many cameras the case has;
//   2. learner(): one per reference file, fed that file's decoded pictures in order on one worker thread;
//   3. learn(camera, learner): every camera's learners handed back in manifest order, one at a time (as
//      each reference and every one before it is read), so that pooled sums are the same whatever the
//      thread count; the learner is dropped afterwards (a PooledWitness sees each reference's own pool
//      first: pooling()); learnedAll(camera) once a camera's last reference was handed back (a
//      PooledWitness builds its model then, and frees what it pooled);
//   4. finishLearning(): the per-camera models are built and what was pooled is freed;
//   4b. refiner(camera): where the models are the start of more to learn from the references (the clock
//      counts its digits on the line it found), one Learner per reference file of that camera, fed its
//      pictures once more until it is satisfied(); refine(camera, learner) hands them back in manifest
//      order (refinedAll(camera) after a camera's last), then finishRefining(). nullptr: nothing more to
//      learn there, and that camera's references are not decoded again; while a witness returns refiners,
//      rounds go on (at most kRefineRounds);
//   5. reader(claimed): one per capture judged, fed every decoded picture with its record in decode order on
//      one worker thread; finish() then sees all of the capture's records and writes its readings on them.
//      Readers of different captures run at once: reader() must be const and readers share nothing
//      mutable. A witness whose readings never change a verdict (`decides()` false: sensor noise) is read
//      only on the frames that end up in findings, in a second pass over the capture once its verdicts are
//      known (on every frame when the audit is asked to explain every frame).
// What a witness reads lands in its own fields of FrameRecord, which the origin classifier and the
// findings read. A witness adds itself with CAMTRACE_REGISTER_WITNESS in its own .cpp; the audit runs every
// registered witness, in name order.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/gray_view.h"
#include "audit/capture_analysis.h"
#include "audit/case_manifest.h"

namespace camtrace {

class CameraWitness {
 public:
  static constexpr int kRefineRounds = 2;
  class Learner {
   public:
    virtual ~Learner() = default;
    virtual void add(const GrayView& picture, const ChromaView& chroma) = 0;
    // Nothing more to learn from this file: it is given no more of its pictures, and its decoding may stop
    // once every learner of it is satisfied.
    virtual bool satisfied() const { return false; }
  };
  class Reader {
   public:
    virtual ~Reader() = default;
    virtual void read(const GrayView& picture, const ChromaView& chroma, FrameRecord& record) = 0;
    virtual void finish(std::span<FrameRecord> /*frames*/) {}
    // After finish(): what the reader could not decide and why, for the findings' warnings (the capture is
    // named there).
    virtual std::vector<std::string> notes() const { return {}; }
  };

  virtual ~CameraWitness() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Learner> learner() const = 0;
  virtual void learn(size_t camera, Learner& learner) = 0;
  // Every reference of `camera` was handed back (or could not be read): its model may be built now, and
  // what was pooled for it freed, before the next camera's references are.
  virtual void learnedAll(size_t /*camera*/) {}
  virtual void finishLearning() = 0;
  virtual std::unique_ptr<Learner> refiner(size_t /*camera*/) const { return nullptr; }
  virtual void refine(size_t /*camera*/, Learner& /*learner*/) {}
  // Every refiner of `camera` in this round was handed back.
  virtual void refinedAll(size_t /*camera*/) {}
  // After every refiner of a round was handed back: a witness that wants another round returns refiners
  // again (the clock registers a line that moves, then counts its digits on it).
  virtual void finishRefining() {}
  virtual std::unique_ptr<Reader> reader(size_t claimed) const = 0;
  // Whether the origin classifier weighs what it reads (the clock does); false: supporting evidence only.
  virtual bool decides() const { return true; }
};

// A witness that learns a camera by pooling its reference pictures into one Builder (add, merge, finish()
// into the camera's Model), as sensor noise and the clock do. `learns` false: it learns nothing (empty
// models), for cases too large for what it keeps.
template <typename Builder, typename Model>
class PooledWitness : public CameraWitness {
 public:
  explicit PooledWitness(size_t cameras, bool learns = true)
      : learns_(learns), pooled_(cameras), models_(cameras) {}
  std::unique_ptr<Learner> learner() const override { return std::make_unique<Pool>(learns_); }
  // Learners come in manifest order: the cameras before this one have had all of theirs.
  void learn(size_t camera, Learner& learner) override {
    if (camera < built_) throw std::logic_error("a camera's references handed back out of manifest order");
    buildBefore(camera);
    Builder& reference = static_cast<Pool&>(learner).builder;
    pooling(camera, reference);
    pooled_.at(camera).merge(std::move(reference));  // dropped after this
  }
  void learnedAll(size_t camera) override { buildBefore(camera + 1); }
  void finishLearning() override {
    buildBefore(pooled_.size());
    pooled_ = {};
  }

 protected:
  // One reference's own pool, just before it joins its camera's (in manifest order): what the witness
  // reads of it alone it may drop here, so that the camera's pool does not keep it.
  virtual void pooling(size_t /*camera*/, Builder& /*reference*/) {}
  const std::vector<Model>& models() const { return models_; }
  bool learns() const { return learns_; }
  // A reference's pool; a witness that learns more from each reference (the clock, its colour key)
  // returns a learner of its own derived from it.
  struct Pool : Learner {
    explicit Pool(bool learns) : learns(learns) {}
    void add(const GrayView& picture, const ChromaView& /*chroma*/) override {
      if (learns) builder.add(picture);
    }
    bool learns;
    Builder builder;
  };

 private:
  // The models of the cameras before `camera` not built yet, each camera's pool freed as its model is made
  // (a 1080p camera's clock pools 18 bytes a pixel, its sensor noise 8): a case of many cameras holds the
  // pool of the camera being learned, not every camera's until the last reference is read.
  void buildBefore(size_t camera) {
    for (; built_ < camera && built_ < pooled_.size(); ++built_) {
      models_[built_] = pooled_[built_].finish();
      pooled_[built_] = Builder{};
    }
  }
  bool learns_;
  std::vector<Builder> pooled_;
  std::vector<Model> models_;
  size_t built_ = 0;  // the cameras before it have their models
};

class WitnessRegistry {
 public:
  using Factory = std::function<std::unique_ptr<CameraWitness>(const std::vector<CameraSpec>& cameras)>;
  static WitnessRegistry& instance();
  bool add(std::string name, Factory factory);
  // A fresh instance of every registered witness for a case of `cameras` cameras, in name order.
  std::vector<std::unique_ptr<CameraWitness>> createAll(const std::vector<CameraSpec>& cameras) const;

 private:
  std::map<std::string, Factory> factories_;
};

// The learners of every witness for one reference file, in the witnesses' order.
using WitnessLearners = std::vector<std::unique_ptr<CameraWitness::Learner>>;
WitnessLearners learnersOf(const std::vector<std::unique_ptr<CameraWitness>>& witnesses);

// The readers for one capture whose session claims camera `claimed`: of the witnesses that decide, of those
// that do not, or of every witness.
enum class WitnessKind { Deciding, EvidenceOnly, All };
using WitnessReaders = std::vector<std::unique_ptr<CameraWitness::Reader>>;
WitnessReaders readersOf(const std::vector<std::unique_ptr<CameraWitness>>& witnesses, size_t claimed,
                         WitnessKind kind = WitnessKind::All);

#define CAMTRACE_REGISTER_WITNESS(Type, Name)                                        \
  static const bool kRegistered##Type = ::camtrace::WitnessRegistry::instance().add( \
      Name,                                                                          \
      [](const std::vector<::camtrace::CameraSpec>& cameras) { return std::make_unique<Type>(cameras); })

}  // namespace camtrace
