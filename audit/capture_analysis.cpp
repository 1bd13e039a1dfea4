#include "capture_analysis.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "view_chains.h"

namespace camtrace {
namespace {

// The analyzers of a capture's frames on helper threads, while the calling thread decodes the next frames
// and feeds the hook in decode order. Analyzers are pure functions of one picture, so which thread ran a
// frame changes nothing. At most `kQueuedPerHelper` pictures per helper wait, so memory stays flat in the
// capture's length.
class AnalysisHelpers {
 public:
  AnalysisHelpers(const std::vector<std::unique_ptr<Analyzer>>& analyzers, int helpers)
      : analyzers_(analyzers), capacity_(static_cast<size_t>(helpers) * kQueuedPerHelper) {
    for (int i = 0; i < helpers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~AnalysisHelpers() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  AnalysisHelpers(const AnalysisHelpers&) = delete;
  AnalysisHelpers& operator=(const AnalysisHelpers&) = delete;

  // Takes the picture's pixels (its own, or the decoder's it borrows); `out` and `thumbnail` must stay
  // where they are until wait() returns. `position`: the record's, submitted in increasing order.
  void submit(DecodedFrame& frame, FrameSignals* out, Thumbnail* thumbnail, size_t position) {
    Task task{std::move(frame), out, thumbnail, position};
    std::unique_lock lock(mutex_);
    room_.wait(lock, [this] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(task));
    ++pending_;
    unfinished_.insert(position);
    ready_.notify_one();
  }
  // The first position still being analysed, or `next` where every submitted one is done.
  size_t analysedBefore(size_t next) {
    std::lock_guard lock(mutex_);
    return unfinished_.empty() ? next : *unfinished_.begin();
  }
  // Every submitted frame analysed; rethrows the first analyzer's exception.
  void wait() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  static constexpr size_t kQueuedPerHelper = 4;
  struct Task {
    DecodedFrame frame;
    FrameSignals* out = nullptr;
    Thumbnail* thumbnail = nullptr;
    size_t position = 0;
  };
  void work() {
    for (;;) {
      Task task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      room_.notify_one();
      std::exception_ptr failure;
      try {
        *task.out = analyzeFrame(analyzers_, task.frame.lumaView(), task.thumbnail);
      } catch (...) {
        failure = std::current_exception();  // thrown again on the decoding thread, as without helpers
      }
      std::lock_guard lock(mutex_);
      if (failure && !failure_) failure_ = failure;
      unfinished_.erase(task.position);
      if (--pending_ == 0) done_.notify_all();
    }
  }

  const std::vector<std::unique_ptr<Analyzer>>& analyzers_;
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, room_, done_;
  std::deque<Task> queue_;
  size_t pending_ = 0;
  std::set<size_t> unfinished_;  // positions submitted and not yet analysed
  bool closing_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;
};

// The decoder's side of a capture on a thread of its own, a few pictures ahead: the thread that calls the
// hook in decode order then never holds up the decoder's threads, which otherwise wait for their next
// packet while it reads a frame's clock. Ends where the reader does, or at damage seen on several decoder
// threads (the reading is then thrown away).
class ReadAhead {
 public:
  explicit ReadAhead(CaptureReader& reader) : reader_(reader), thread_([this] { work(); }) {}
  ~ReadAhead() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    room_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next picture, as CaptureReader::next; rethrows what the reader threw.
  bool next(DecodedFrame& frame) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return false;
    }
    frame = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return true;
  }

 private:
  static constexpr size_t kAhead = 4;
  void work() {
    std::exception_ptr failure;
    try {
      for (;;) {
        DecodedFrame frame;
        if (!reader_.next(frame) || reader_.threadedDecodeDamaged()) break;
        std::unique_lock lock(mutex_);
        room_.wait(lock, [this] { return stop_ || queue_.size() < kAhead; });
        if (stop_) break;
        queue_.push_back(std::move(frame));
        ready_.notify_one();
      }
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    failure_ = failure;
    done_ = true;
    ready_.notify_all();
  }

  CaptureReader& reader_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<DecodedFrame> queue_;
  bool stop_ = false, done_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once everything it reads is
};

}  // namespace

namespace {

// The frames a container announces (its duration at its frame rate), with a margin; reserving them costs
// no resident memory until records are written. At most two hours at 60 fps, whatever a hostile header
// says: a longer capture grows as it is read.
size_t expectedFrames(const CaptureInfo& info) {
  constexpr double kMost = 2 * 3600 * 60;
  if (!(info.duration > 0) || !(info.frameRate > 0)) return 0;
  return static_cast<size_t>(std::min(kMost, info.duration * info.frameRate * 1.05 + 64));
}

// One reading of the capture with `options`; nullopt when it was decoded on several threads and found
// damaged, so that it must be read again on one.
std::optional<CaptureAnalysis> readCapture(const std::string& path,
                                           const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                                           const FrameProgress& progress, const CaptureOptions& options,
                                           const FrameHook& hook, int helpers, bool witnessCuts) {
  CaptureAnalysis analysis;
  auto reader = openCapture(path, options);
  // Helpers write a record's signals in place, so the records must not move while any is pending: they are
  // reserved for the frames the container announces, and where they must grow, the helpers finish first.
  // Not a deque handed over to a vector at the end: the deque's freed blocks stayed resident beside the
  // vector, about 90 MB of an hour of 1080p (bench/README.md, "memory").
  std::vector<FrameRecord>& records = analysis.frames;
  records.reserve(expectedFrames(reader->info()));
  std::optional<AnalysisHelpers> pool;
  if (helpers > 0 && !analyzers.empty()) pool.emplace(analyzers, helpers);
  std::optional<ReadAhead> ahead;
  if (pool) ahead.emplace(*reader);
  auto next = [&](DecodedFrame& frame) { return ahead ? ahead->next(frame) : reader->next(frame); };
  // The cuts' witnesses (witnessCut) in decode order, as the analyzers finish the frames: each frame's
  // thumbnail is kept only until the step from it to the next frame was looked at, a few at a time.
  std::map<size_t, Thumbnail> thumbnails;
  size_t witnessed = 0;  // the records before this one had the step into them looked at
  auto stepInto = [&](size_t analysed) {
    for (; witnessed < analysed; ++witnessed) {
      if (witnessed == 0) continue;
      const auto earlier = thumbnails.find(witnessed - 1), later = thumbnails.find(witnessed);
      if (earlier == thumbnails.end()) continue;
      if (later != thumbnails.end())
        witnessCut(records[witnessed - 1], records[witnessed], earlier->second, later->second);
      thumbnails.erase(earlier);
    }
  };
  DecodedFrame frame;
  while (next(frame)) {
    // Damage seen on several decoder threads: the capture is read again on one, and the rest of this reading
    // would be thrown away (a packet lost in an hour's first minute had the whole hour decoded twice).
    // The helpers finish the frames they hold before the records go.
    // (Reading ahead, the reader is asked on its own thread, and stops there.)
    if (!ahead && reader->threadedDecodeDamaged()) return std::nullopt;
    if (records.size() == records.capacity()) {
      if (pool) pool->wait();
      records.reserve(std::max<size_t>(256, records.capacity() * 2));
    }
    FrameRecord& record = records.emplace_back();
    record.index = frame.index;
    record.hasPts = !std::isnan(frame.pts);
    record.pts = record.hasPts ? frame.pts : 0;
    record.keyframe = frame.keyframe;
    record.decodeDamaged = frame.decodeDamaged();
    record.referenceDamaged = frame.referenceDamaged;
    record.unreadable = frame.unreadable || !frame.hasLuma();
    record.provenance = std::move(frame.provenance);
    record.streamSignature = std::move(frame.streamSignature);
    const size_t position = records.size() - 1;
    if (!record.unreadable) {
      if (hook) hook(frame, record);
      Thumbnail* thumbnail = witnessCuts ? &thumbnails[position] : nullptr;
      if (pool)
        pool->submit(frame, &record.signals, thumbnail, position);
      else
        record.signals = analyzeFrame(analyzers, frame.lumaView(), thumbnail);
    }
    stepInto(pool ? pool->analysedBefore(records.size()) : records.size());
    if (progress && records.size() % 64 == 0) progress(static_cast<int64_t>(records.size()));
  }
  ahead.reset();
  if (pool) pool->wait();
  pool.reset();
  stepInto(records.size());
  if (reader->threadedDecodeDamaged()) return std::nullopt;
  analysis.info = reader->info();
  analysis.warnings = reader->warnings();
  analysis.unread = reader->unreadParts();
  setFrameTimes(analysis);
  return analysis;
}

}  // namespace

CaptureAnalysis analyzeCapture(const std::string& path,
                               const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                               const FrameProgress& progress, const CaptureOptions& options,
                               const FrameHook& hook, int helpers, const std::function<void()>& restart,
                               bool witnessCuts) {
  // Several decoder threads only where a damaged stream can be read again from a clean start.
  CaptureOptions threaded = options;
  threaded.decodeThreads = restart || !hook ? std::max(options.decodeThreads, helpers + 1) : 1;
  if (threaded.decodeThreads > 1) {
    if (auto analysis = readCapture(path, analyzers, progress, threaded, hook, helpers, witnessCuts))
      return *std::move(analysis);
    if (restart) restart();
  }
  CaptureOptions single = options;
  single.decodeThreads = 1;
  return *readCapture(path, analyzers, progress, single, hook, helpers, witnessCuts);
}

}  // namespace camtrace
