#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "audit/learner_threads.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

// Writes down every picture it is given: its size and a sum of its pixels, in order.
struct Recorder final : CameraWitness::Learner {
  void add(const GrayView& picture, const ChromaView& chroma) override {
    uint64_t sum = 0;
    for (const GrayView* plane : {&picture, &chroma.cb, &chroma.cr}) {
      for (int y = 0; y < plane->height; ++y)
        for (int x = 0; x < plane->width; ++x) sum = sum * 31 + plane->at(x, y);
      sum = sum * 7 + static_cast<uint64_t>(plane->width * 1000 + plane->height);
    }
    seen.emplace_back(picture.width * 100000 + picture.height, sum);
    if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  bool slow = false;
  std::vector<std::pair<int, uint64_t>> seen;
};

// A picture's chroma planes travel with it to every learner's thread, read through their own strides.
TEST(LearnerThreads, EveryLearnerSeesEachPicturesChroma) {
  const auto shown = test::renderScene(8, 6, 96, 64);
  auto feed = [&shown](auto&& add) {
    for (const auto& p : shown) {
      const int cw = p.chromaWidth(), ch = p.chromaHeight();
      add(GrayView{p.y.data(), p.width, p.height, p.width},
          ChromaView{{p.u.data(), cw, ch, cw}, {p.v.data(), cw, ch, cw}});
    }
    // A region's chroma, through the whole picture's chroma stride; and a picture without chroma.
    const auto& last = shown.back();
    add(GrayView{last.y.data() + 4 * last.width + 4, 20, 10, last.width},
        ChromaView{{last.u.data() + 2 * last.chromaWidth() + 2, 10, 5, last.chromaWidth()},
                   {last.v.data() + 2 * last.chromaWidth() + 2, 10, 5, last.chromaWidth()}});
    add(GrayView{last.y.data(), last.width, last.height, last.width}, ChromaView{});
  };
  Recorder inline_;
  feed([&](const GrayView& luma, const ChromaView& chroma) { inline_.add(luma, chroma); });
  WitnessLearners learners;
  learners.push_back(std::make_unique<Recorder>());
  {
    LearnerThreads threads(learners);
    feed([&](const GrayView& luma, const ChromaView& chroma) { threads.add(luma, chroma); });
    threads.finish();
  }
  const auto& seen = static_cast<Recorder&>(*learners[0]).seen;
  ASSERT_EQ(seen.size(), inline_.seen.size());
  EXPECT_TRUE(std::equal(inline_.seen.begin(), inline_.seen.end(), seen.begin()));
}

// Satisfied after `enough` pictures.
struct Counter final : CameraWitness::Learner {
  explicit Counter(int enough) : enough(enough) {}
  void add(const GrayView&, const ChromaView&) override { ++given; }
  bool satisfied() const override { return given >= enough; }
  int enough, given = 0;
};

struct Thrower final : CameraWitness::Learner {
  void add(const GrayView&, const ChromaView&) override {
    if (++given == 3) throw std::runtime_error("learner gave up");
  }
  int given = 0;
};

std::vector<test::Luma> pictures() {
  std::vector<test::Luma> out;
  for (const auto& image : test::renderScene(5, 12, 96, 64)) out.push_back(test::lumaOf(image));
  // A picture of another size, and one seen through a stride wider than its rows.
  out.push_back(test::lumaOf(test::renderScene(6, 1, 64, 48).front()));
  return out;
}

// Each learner sees every picture, in order, pixel for pixel, as when fed on the decoding thread: a slow
// learner beside a fast one changes nothing but the time.
TEST(LearnerThreads, EveryLearnerSeesThePicturesInDecodeOrder) {
  const auto shown = pictures();
  Recorder inline_;
  for (const auto& p : shown) inline_.add({p.pixels.data(), p.width, p.height, p.width}, {});

  WitnessLearners learners;
  learners.push_back(std::make_unique<Recorder>());
  learners.push_back(std::make_unique<Recorder>());
  static_cast<Recorder&>(*learners[1]).slow = true;
  {
    LearnerThreads threads(learners);
    for (const auto& p : shown) threads.add({p.pixels.data(), p.width, p.height, p.width});
    // A region of the last picture, read through the whole picture's stride.
    const auto& last = shown.back();
    threads.add({last.pixels.data() + 5 * last.width + 3, 20, 10, last.width});
    threads.finish();
  }
  for (const auto& learner : learners) {
    const auto& seen = static_cast<Recorder&>(*learner).seen;
    ASSERT_EQ(seen.size(), shown.size() + 1);
    EXPECT_TRUE(std::equal(inline_.seen.begin(), inline_.seen.end(), seen.begin()));
    EXPECT_EQ(seen.back().first, 20 * 100000 + 10);
  }
}

// A learner that throws is given nothing more, the others go on, and finish() says what went wrong, as
// the decoding thread would have.
TEST(LearnerThreads, ALearnersFailureIsThrownAtTheEnd) {
  const auto shown = pictures();
  WitnessLearners learners;
  learners.push_back(std::make_unique<Thrower>());
  learners.push_back(std::make_unique<Recorder>());
  LearnerThreads threads(learners);
  for (const auto& p : shown) threads.add({p.pixels.data(), p.width, p.height, p.width});
  EXPECT_THROW(threads.finish(), std::runtime_error);
  EXPECT_EQ(static_cast<Thrower&>(*learners[0]).given, 3);
  EXPECT_EQ(static_cast<Recorder&>(*learners[1]).seen.size(), shown.size());
}

// A satisfied learner is given nothing more, as the decoding loop fed inline gives it nothing more, however
// many pictures were queued behind it; the decoding may stop once every learner is.
TEST(LearnerThreads, ASatisfiedLearnerIsGivenNothingMore) {
  const auto shown = pictures();
  WitnessLearners learners;
  learners.push_back(std::make_unique<Counter>(3));
  learners.push_back(std::make_unique<Counter>(8));
  LearnerThreads threads(learners);
  EXPECT_FALSE(threads.satisfied());
  for (const auto& p : shown) threads.add({p.pixels.data(), p.width, p.height, p.width});
  threads.finish();
  EXPECT_TRUE(threads.satisfied());
  EXPECT_EQ(static_cast<Counter&>(*learners[0]).given, 3);
  EXPECT_EQ(static_cast<Counter&>(*learners[1]).given, 8);
}

// Stopped with pictures still queued (a reference that turned out damaged is read again from the start):
// no hang, and what was queued is dropped.
TEST(LearnerThreads, StopsWithPicturesStillQueued) {
  const auto shown = pictures();
  WitnessLearners learners;
  learners.push_back(std::make_unique<Recorder>());
  static_cast<Recorder&>(*learners[0]).slow = true;
  {
    LearnerThreads threads(learners);
    for (int i = 0; i < 3; ++i)
      threads.add({shown[0].pixels.data(), shown[0].width, shown[0].height, shown[0].width});
  }
  EXPECT_LE(static_cast<Recorder&>(*learners[0]).seen.size(), 3U);
}

}  // namespace
}  // namespace camtrace
