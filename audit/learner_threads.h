#pragma once
// A reference's learners or refiners (audit/camera_witness.h), each on a thread of its own, fed the
// reference's pictures in decode order. Learning a 1080p reference picture (the clock line's pools, the
// sensor fingerprint, the clock's digits counted) costs as much as decoding it or more; with threads to
// spare, neither the decoding thread nor another learner waits on it. Each learner sees the same pictures
// in the same order as when fed inline, and none after it is satisfied(), so what it learns is the same.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "analyzers/gray_view.h"
#include "audit/camera_witness.h"

namespace camtrace {

class LearnerThreads {
 public:
  // The learners must outlive this; at most kQueued pictures wait for each, so memory stays flat.
  explicit LearnerThreads(const std::vector<CameraWitness::Learner*>& learners);
  explicit LearnerThreads(const WitnessLearners& learners);
  ~LearnerThreads();  // stops the threads; pictures still queued are not learned
  LearnerThreads(const LearnerThreads&) = delete;
  LearnerThreads& operator=(const LearnerThreads&) = delete;

  // Copies the picture (and its chroma, where it has one) once and queues it for every learner; waits
  // while a learner's queue is full.
  void add(const GrayView& picture, const ChromaView& chroma = {});
  // Every queued picture learned; rethrows the first exception a learner threw (after one throws, it is
  // given nothing more).
  void finish();
  // Every learner satisfied (or failed) with what it was given so far: the decoding may stop.
  bool satisfied();

 private:
  static constexpr size_t kQueued = 4;
  struct Picture {
    std::vector<uint8_t> pixels;  // luma, then Cb and Cr (chromaWidth x chromaHeight each) where given
    int width = 0, height = 0;
    int chromaWidth = 0, chromaHeight = 0;
  };
  struct Lane {
    CameraWitness::Learner* learner = nullptr;
    std::deque<std::shared_ptr<const Picture>> queue;
    size_t busy = 0;  // pictures taken off the queue and not yet learned
    bool satisfied = false;
    std::exception_ptr failure;
    std::thread thread;
  };
  void work(Lane& lane);
  void stop();

  std::mutex mutex_;
  std::condition_variable ready_, room_, idle_;
  bool closing_ = false;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace camtrace
