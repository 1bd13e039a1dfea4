#include "learner_threads.h"

#include <algorithm>
#include <utility>

namespace camtrace {

namespace {

std::vector<CameraWitness::Learner*> pointersTo(const WitnessLearners& learners) {
  std::vector<CameraWitness::Learner*> out;
  out.reserve(learners.size());
  for (const auto& learner : learners) out.push_back(learner.get());
  return out;
}

}  // namespace

LearnerThreads::LearnerThreads(const WitnessLearners& learners) : LearnerThreads(pointersTo(learners)) {}

LearnerThreads::LearnerThreads(const std::vector<CameraWitness::Learner*>& learners) {
  for (CameraWitness::Learner* learner : learners) {
    auto lane = std::make_unique<Lane>();
    lane->learner = learner;
    lanes_.push_back(std::move(lane));
  }
  // Started once every lane exists: a thread only ever touches its own lane and the shared state. Where the
  // system will not start one, those started are stopped before the error goes on (a joinable thread
  // destroyed would end the process).
  try {
    for (auto& lane : lanes_) lane->thread = std::thread([this, at = lane.get()] { work(*at); });
  } catch (...) {
    stop();
    throw;
  }
}

LearnerThreads::~LearnerThreads() {
  stop();
}

void LearnerThreads::stop() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  ready_.notify_all();
  for (auto& lane : lanes_)
    if (lane->thread.joinable()) lane->thread.join();
}

void LearnerThreads::add(const GrayView& picture, const ChromaView& chroma) {
  auto copy = std::make_shared<Picture>();
  copy->width = picture.width;
  copy->height = picture.height;
  const bool colour =
      !chroma.empty() && chroma.cb.width == chroma.cr.width && chroma.cb.height == chroma.cr.height;
  if (colour) {
    copy->chromaWidth = chroma.cb.width;
    copy->chromaHeight = chroma.cb.height;
  }
  copy->pixels.reserve(static_cast<size_t>(picture.width) * static_cast<size_t>(picture.height) +
                       2 * static_cast<size_t>(copy->chromaWidth) * static_cast<size_t>(copy->chromaHeight));
  appendRows(picture, copy->pixels);
  if (colour) {
    appendRows(chroma.cb, copy->pixels);
    appendRows(chroma.cr, copy->pixels);
  }
  const std::shared_ptr<const Picture> shared = std::move(copy);
  std::unique_lock lock(mutex_);
  room_.wait(lock, [this] {
    return std::all_of(lanes_.begin(), lanes_.end(), [](const auto& l) { return l->queue.size() < kQueued; });
  });
  for (auto& lane : lanes_)
    if (!lane->failure && !lane->satisfied) lane->queue.push_back(shared);
  ready_.notify_all();
}

void LearnerThreads::finish() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] {
    return std::all_of(lanes_.begin(), lanes_.end(),
                       [](const auto& l) { return l->queue.empty() && l->busy == 0; });
  });
  for (const auto& lane : lanes_)
    if (lane->failure) std::rethrow_exception(lane->failure);
}

bool LearnerThreads::satisfied() {
  std::lock_guard lock(mutex_);
  return std::all_of(lanes_.begin(), lanes_.end(), [](const auto& l) { return l->satisfied || l->failure; });
}

void LearnerThreads::work(Lane& lane) {
  for (;;) {
    std::shared_ptr<const Picture> picture;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return closing_ || !lane.queue.empty(); });
      if (closing_) return;
      picture = std::move(lane.queue.front());
      lane.queue.pop_front();
      ++lane.busy;
    }
    room_.notify_all();
    // Read on this thread only: the learner is this lane's alone. One satisfied learns nothing more, as the
    // decoding loop fed inline would have stopped before the picture.
    std::exception_ptr failure;
    bool satisfied = false;
    try {
      if (!lane.learner->satisfied()) {
        const uint8_t* luma = picture->pixels.data();
        const size_t lumaSize = static_cast<size_t>(picture->width) * static_cast<size_t>(picture->height);
        const ChromaView chroma =
            picture->chromaWidth == 0
                ? ChromaView{}
                : packedChroma(luma + lumaSize, picture->chromaWidth, picture->chromaHeight);
        lane.learner->add(GrayView{luma, picture->width, picture->height, picture->width}, chroma);
      }
      satisfied = lane.learner->satisfied();
    } catch (...) {
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      --lane.busy;
      lane.satisfied = satisfied;
      if (failure && !lane.failure) lane.failure = failure;
      // Nothing more for a learner that is satisfied or failed: its queue is room for the decoding thread.
      if (lane.satisfied || lane.failure) lane.queue.clear();
    }
    room_.notify_all();
    idle_.notify_all();
  }
}

}  // namespace camtrace
