#include "audit/camera_witness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <random>
#include <stdexcept>
#include <string_view>

#include <opencv2/imgproc.hpp>

#include "analyzers/osd_clock.h"
#include "audit/noise_evidence.h"
#include "simulate/clock_style.h"
#include "simulate/scene_renderer.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_media.h"

namespace camtrace {
namespace {

std::vector<std::string> witnessNames(size_t cameras) {
  std::vector<std::string> names;
  for (const auto& w : WitnessRegistry::instance().createAll(std::vector<CameraSpec>(cameras)))
    names.emplace_back(w->name());
  return names;
}

// A sensor seen through its fixed gain pattern (about 2%, as real sensors): smooth content that changes with
// `shot`, times the camera's gains, plus temporal noise.
std::vector<uint8_t> shotOf(int camera, int shot, int width, int height) {
  std::mt19937 gains(static_cast<unsigned>(1000 + camera)), noise(static_cast<unsigned>(shot * 7 + camera));
  std::normal_distribution<float> gain(0, 0.02F), grain(0, 1.0F);
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float content = 120 + 50 * std::sin((x + 13 * shot) / 17.0F) * std::cos((y - 5 * shot) / 23.0F);
      const float v = content * (1 + gain(gains)) + grain(noise);
      pixels[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>(std::clamp(v, 0.0F, 255.0F));
    }
  return pixels;
}

TEST(CameraWitness, EveryRegisteredWitnessRunsInNameOrder) {
  EXPECT_EQ(witnessNames(2), (std::vector<std::string>{"burned_in_clock", "sensor_noise"}));
}

// The noise witness through the contract alone: two reference files of camera 0 (merged), one of camera 1,
// then a new shot of camera 0 is read against both fingerprints.
TEST(CameraWitness, SensorNoiseLearnsEachCameraAndReadsFramesAgainstEveryFingerprint) {
  const int width = 192, height = 128;
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(2));
  const size_t noise = 1;
  ASSERT_EQ(witnesses[noise]->name(), "sensor_noise");
  std::vector<WitnessLearners> files;
  for (int file = 0; file < 3; ++file) files.push_back(learnersOf(witnesses));
  const int cameraOf[] = {0, 0, 1};
  for (int file = 0; file < 3; ++file)
    for (int shot = 0; shot < 8; ++shot) {
      const auto pixels = shotOf(cameraOf[file], file * 100 + shot, width, height);
      for (auto& learner : files[static_cast<size_t>(file)])
        learner->add({pixels.data(), width, height, width}, {});
    }
  for (int file = 0; file < 3; ++file)
    for (size_t w = 0; w < witnesses.size(); ++w)
      witnesses[w]->learn(static_cast<size_t>(cameraOf[file]), *files[static_cast<size_t>(file)][w]);
  for (auto& w : witnesses) w->finishLearning();

  std::vector<FrameRecord> frames(1);
  const auto pixels = shotOf(0, 999, width, height);
  auto readers = readersOf(witnesses, 0);
  for (auto& reader : readers) reader->read({pixels.data(), width, height, width}, {}, frames[0]);
  for (auto& reader : readers) reader->finish(frames);
  ASSERT_EQ(frames[0].noise.size(), 2u);
  EXPECT_GT(noiseOf(frames[0], 0), 0.05);
  EXPECT_GT(noiseOf(frames[0], 0), 3 * std::fabs(noiseOf(frames[0], 1)));
  // No clock line in these pictures: the clock witness leaves the frame unread and keeps no glyph names.
  EXPECT_EQ(frames[0].clock.standing, OsdStanding::Unread);
  EXPECT_TRUE(frames[0].osdNames.empty());
}

// A camera's model is built, and its pool freed, once its last reference was handed back (learnedAll) or
// the next camera's first arrives: so the references must come in manifest order, and one handed back for
// a camera already built is refused, not pooled into nothing.
TEST(CameraWitness, AReferenceHandedBackAfterItsCameraWasBuiltIsRefused) {
  const int width = 64, height = 48;
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(2));
  std::vector<WitnessLearners> files;
  for (int file = 0; file < 3; ++file) {
    files.push_back(learnersOf(witnesses));
    for (int shot = 0; shot < 10; ++shot) {
      const auto pixels = shotOf(file == 1 ? 1 : 0, file * 100 + shot, width, height);
      for (auto& learner : files.back()) learner->add({pixels.data(), width, height, width}, {});
    }
  }
  for (size_t w = 0; w < witnesses.size(); ++w) {
    witnesses[w]->learn(0, *files[0][w]);
    witnesses[w]->learnedAll(0);
    EXPECT_THROW(witnesses[w]->learn(0, *files[2][w]), std::logic_error) << witnesses[w]->name();
    witnesses[w]->learn(1, *files[1][w]);
    witnesses[w]->finishLearning();
  }
}

TEST(CameraWitness, SensorNoiseStaysSilentInCasesTooLargeForFingerprints) {
  const int width = 64, height = 48;
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(kMaxNoiseCameras + 1));
  auto learners = learnersOf(witnesses);
  for (int shot = 0; shot < 10; ++shot) {
    const auto pixels = shotOf(0, shot, width, height);
    for (auto& learner : learners) learner->add({pixels.data(), width, height, width}, {});
  }
  for (size_t w = 0; w < witnesses.size(); ++w) witnesses[w]->learn(0, *learners[w]);
  for (auto& w : witnesses) w->finishLearning();
  std::vector<FrameRecord> frames(1);
  const auto pixels = shotOf(0, 50, width, height);
  for (auto& reader : readersOf(witnesses, 0))
    reader->read({pixels.data(), width, height, width}, {}, frames[0]);
  EXPECT_TRUE(frames[0].noise.empty());
}

// A 640x360 film at 10 frames a second, frame i showing the clock at `start` + i/10 s: `draw` paints the
// scene and the text "YYYY-MM-DD hh:mm:ss" into the luma plane.
using ClockDrawing = std::function<void(cv::Mat& luma, int frame, const char* text)>;
// `colour`, where given, then draws the picture's chroma.
using ColourDrawing = std::function<void(YuvImage& picture, const char* text)>;
std::vector<DecodedFrame> filmOf(const test::TempDir& dir, const std::string& name, int64_t start, int frames,
                                 const ClockDrawing& draw, const ColourDrawing& colour = {}) {
  const int width = 640, height = 360, fps = 10;
  std::vector<YuvImage> pictures;
  for (int i = 0; i < frames; ++i) {
    YuvImage picture(width, height);
    cv::Mat luma(height, width, CV_8UC1, picture.y.data());
    const auto t = static_cast<std::time_t>(start + i / fps);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
    draw(luma, i, text);
    if (colour) colour(picture, text);
    pictures.push_back(std::move(picture));
  }
  test::writeVideo(dir.file(name), pictures, fps);
  return test::decodeAll(dir.file(name));
}

// A recorder's clock over a wall with a stripe drifting across it, drawn at the top left or, as the
// recorder drew it before a setting changed, at the bottom right.
std::vector<DecodedFrame> clockFilm(const test::TempDir& dir, const std::string& name, int64_t start,
                                    int frames, bool topLeft) {
  return filmOf(dir, name, start, frames, [&](cv::Mat& luma, int i, const char* text) {
    luma.setTo(150);
    const int stripe = (i * 7) % luma.cols;
    cv::rectangle(luma, {stripe, 0}, {stripe + 60, luma.rows}, cv::Scalar(90), cv::FILLED);
    cv::circle(luma, {320, 180}, 40 + i % 20, cv::Scalar(60), 3);
    const cv::Point origin = topLeft ? cv::Point{16, 32} : cv::Point{luma.cols - 320, luma.rows - 16};
    cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(16), 5, cv::LINE_AA);
    cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(235), 2, cv::LINE_AA);
  });
}

// A clock witness of one camera learned through the contract: its references pooled (learn), then read
// again in refine rounds until it asks for no more.
// `colour` false: the pictures' chroma is not given (as for grey video).
std::unique_ptr<CameraWitness> clockLearnedFrom(const std::vector<std::vector<DecodedFrame>>& references,
                                                bool colour = true) {
  auto witnesses = WitnessRegistry::instance().createAll(std::vector<CameraSpec>(1));
  std::unique_ptr<CameraWitness> clock = std::move(witnesses.at(0));
  EXPECT_EQ(clock->name(), "burned_in_clock");
  for (const auto& frames : references) {
    auto learner = clock->learner();
    for (const auto& f : frames) learner->add(test::viewOf(f), colour ? f.chromaView() : ChromaView{});
    clock->learn(0, *learner);
  }
  clock->finishLearning();
  for (int round = 0; round < CameraWitness::kRefineRounds; ++round) {
    for (const auto& frames : references) {
      auto refiner = clock->refiner(0);
      if (!refiner) continue;
      for (size_t i = 0; i < frames.size() && !refiner->satisfied(); ++i)
        refiner->add(test::viewOf(frames[i]), colour ? frames[i].chromaView() : ChromaView{});
      clock->refine(0, *refiner);
    }
    clock->finishRefining();
  }
  return clock;
}

// A session filmed at 10 frames a second from `start`, read through the clock witness's reader as the audit
// reads it: every frame read stands with the session and shows the time it was filmed at (with
// `timeOnly`, its time of day without the date is right too). Returns how many frames read.
size_t readSessionShowing(const CameraWitness& clock, const std::vector<DecodedFrame>& session, int64_t start,
                          bool colour = true, bool timeOnly = false) {
  std::vector<FrameRecord> records(session.size());
  auto reader = clock.reader(0);
  for (size_t i = 0; i < session.size(); ++i) {
    records[i].index = static_cast<int64_t>(i);
    records[i].pts = session[i].pts;
    records[i].hasPts = !std::isnan(session[i].pts);
    reader->read(test::viewOf(session[i]), colour ? session[i].chromaView() : ChromaView{}, records[i]);
  }
  reader->finish(records);
  size_t consistent = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const OsdFrameClock& c = records[i].clock;
    if (c.standing == OsdStanding::Unread) continue;
    EXPECT_EQ(c.standing, OsdStanding::Consistent) << "frame " << i;
    const auto t = static_cast<std::time_t>(start + static_cast<int64_t>(i) / 10);
    std::tm parts{};
    gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
    const std::string_view time = std::string_view(text).substr(11);
    EXPECT_TRUE(c.shown == text || (timeOnly && c.shown == time)) << "frame " << i << ": " << c.shown;
    ++consistent;
  }
  return consistent;
}

// A camera learned from an 80-frame reference made by `film`, then a 200-frame session filmed an hour
// later read (readSessionShowing): how many of its frames read.
using Film = std::vector<DecodedFrame> (*)(const test::TempDir&, const std::string&, int64_t, int);
size_t readAfterLearning(Film film, bool timeOnly = false) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;  // 2016-04-15 02:00:00 UTC
  const auto clock = clockLearnedFrom({film(dir, "ref.mp4", epoch, 80)});
  return readSessionShowing(*clock, film(dir, "session.mp4", epoch + 3600, 200), epoch + 3600, true,
                            timeOnly);
}

// The clock witness through the contract: a camera's references pooled, counted again (refine rounds),
// then a session read. The first reference, longer, shows the clock where the recorder drew it before a
// setting changed; the second, and the session, where it draws it now. Pooled, the old line outweighs the
// new (a stroke of the new line is one in under a third of the frames); the second reference's own line
// reads the session.
TEST(CameraWitness, TheClockIsReadOnTheLineOfTheReferenceTheSessionShows) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;  // 2016-04-15 02:00:00 UTC
  const std::vector<std::vector<DecodedFrame>> references = {
      clockFilm(dir, "before.mp4", epoch, 100, false), clockFilm(dir, "now.mp4", epoch + 600, 40, true)};
  const auto clock = clockLearnedFrom(references);

  const auto session = clockFilm(dir, "session.mp4", epoch + 3600, 200, true);
  const size_t consistent = readSessionShowing(*clock, session, epoch + 3600);
  EXPECT_GE(consistent * 10, session.size() * 9);
}

// `text` drawn a character a cell of `pitch` pixels from `origin`, as a character ROM draws it (Hershey
// simplex at `scale`): each character first black (16) `edge.at` from its place, `edge.thickness` thick
// (a border: at its place and heavier; a drop shadow: beside it), then in `ink`.
struct Stroke {
  int luma = 0, thickness = 1;
};
struct Edge {
  cv::Point at;
  int thickness = 1;
};
void drawInCells(cv::Mat& luma, const char* text, cv::Point origin, int pitch, double scale, Edge edge,
                 Stroke ink) {
  for (int c = 0; text[c] != 0; ++c) {
    const char glyph[2] = {text[c], 0};
    const cv::Point place = origin + cv::Point(pitch * c, 0);
    cv::putText(luma, glyph, place + edge.at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(16), edge.thickness,
                cv::LINE_AA);
    cv::putText(luma, glyph, place, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(ink.luma), ink.thickness,
                cv::LINE_AA);
  }
}

// A character ROM's thin white clock on a black edge over a floor as pale as its text (228, pale seams
// drifting across it): only the picture's negative shows its strokes.
std::vector<DecodedFrame> paleFloorFilm(const test::TempDir& dir, const std::string& name, int64_t start,
                                        int frames) {
  return filmOf(dir, name, start, frames, [](cv::Mat& luma, int i, const char* text) {
    luma.setTo(228);
    for (int x = (i * 3) % 80 - 80; x < luma.cols; x += 80)
      cv::line(luma, {x, 0}, {x + 40, luma.rows}, cv::Scalar(214), 2);
    drawInCells(luma, text, {16, 32}, 17, 0.7, {{0, 0}, 3}, {243, 1});
  });
}

// Through the contract, such a camera's clock is learned and read on the line its references' negatives
// show (OsdLayout::inverted), beside the line found on the picture: its session's frames stand with the
// session, each showing the time it was filmed at.
TEST(CameraWitness, AClockOverAScenePaleAsItsTextIsReadOnThePicturesNegative) {
  EXPECT_GE(readAfterLearning(paleFloorFilm) * 10, size_t{200} * 8);
}

// A yellow clock (luma 210) under a thin black edge over a pale grey wall (215, a paler stripe drifting
// across it), as FFmpeg's drawtext draws "fontcolor=yellow:borderw=1" over a lit ceiling or a white floor.
std::vector<DecodedFrame> yellowClockFilm(const test::TempDir& dir, const std::string& name, int64_t start,
                                          int frames) {
  const cv::Point origin{16, 32};
  auto draw = [&](cv::Mat& luma, int i, const char* text) {
    luma.setTo(215);
    const int stripe = (i * 7) % luma.cols;
    cv::rectangle(luma, {stripe, 0}, {stripe + 60, luma.rows}, cv::Scalar(228), cv::FILLED);
    cv::circle(luma, {320, 200}, 40 + i % 20, cv::Scalar(120), 3);
    cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(16), 4, cv::LINE_AA);
    cv::putText(luma, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(210), 2, cv::LINE_AA);
  };
  // Yellow's colour difference (Cb 16, Cr 146) where the text is, taken down to the chroma's size.
  auto colour = [&](YuvImage& picture, const char* text) {
    cv::Mat mask = cv::Mat::zeros(picture.height, picture.width, CV_8UC1), small;
    cv::putText(mask, text, origin, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(255), 2, cv::LINE_AA);
    cv::resize(mask, small, {picture.chromaWidth(), picture.chromaHeight()}, 0, 0, cv::INTER_AREA);
    for (size_t k = 0; k < picture.u.size(); ++k) {
      const int m = small.data[k];
      picture.u[k] = static_cast<uint8_t>(128 - 112 * m / 255);
      picture.v[k] = static_cast<uint8_t>(128 + 18 * m / 255);
    }
  };
  return filmOf(dir, name, start, frames, draw, colour);
}

// Such a clock is read on the line its references' colour key shows (OsdLayout::colour): its session's
// frames stand with the session, each showing the time it was filmed at. Its luma alone reads less of it.
TEST(CameraWitness, AYellowClockOverAPaleGreyWallIsReadOnItsColourKey) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;  // 2016-04-15 02:00:00 UTC
  const std::vector<std::vector<DecodedFrame>> references = {yellowClockFilm(dir, "ref.mp4", epoch, 80)};
  const auto session = yellowClockFilm(dir, "session.mp4", epoch + 3600, 200);
  const size_t consistent = readSessionShowing(*clockLearnedFrom(references), session, epoch + 3600);
  EXPECT_GE(consistent * 10, session.size() * 9);
  const size_t lumaOnly =
      readSessionShowing(*clockLearnedFrom(references, false), session, epoch + 3600, false);
  EXPECT_LT(lumaOnly * 2, consistent) << lumaOnly;
}

// The room simulate films as the second camera of its case at seed 102 (a pale pink wall, a white window),
// its clock in simulate's serif-bold-weekday-dmy-shadow style (Liberation Serif Bold, 21-pixel yellow
// digits under a black drop shadow), at UTC, 10 frames a second from `start`, in `daylight`.
std::vector<DecodedFrame> pinkRoomFilm(const test::TempDir& dir, const std::string& name, int64_t start,
                                       int frames, double daylight) {
  sim::SceneRenderer scene(558226202852138891ULL, 640, 360, 0);
  scene.setClock(
      std::make_shared<const sim::ClockPainter>(*sim::findClockStyle("serif-bold-weekday-dmy-shadow")));
  std::vector<YuvImage> pictures;
  sim::Lighting light;
  light.daylight = daylight;
  for (int i = 0; i < frames; ++i)
    pictures.push_back(scene.render(i / 10.0, light, start, static_cast<uint64_t>(i)));
  test::writeVideo(dir.file(name), pictures, 10);
  return test::decodeAll(dir.file(name));
}

// Such a clock is read on its colour key: the key shows the yellow text white over a dark wall where the
// luma cannot tell the two apart, but its hairlines fade with the subsampled chroma, and each "0" falls into
// two stems, the right one 16 of the line's 18 rows tall. Taken for one digit (each stem four fifths as
// tall as the line, not nine tenths), the session, in a brighter daylight than the reference, reads each
// frame right; before, none (measured when this was written: 0 of 200, and 0 without the chroma).
TEST(CameraWitness, ABoldSerifClockWhoseZerosFallInTwoStemsOnItsColourKeyIsRead) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;  // 2016-04-15 02:00:00 UTC
  const auto clock = clockLearnedFrom({pinkRoomFilm(dir, "ref.mp4", epoch, 80, 1.0)});
  const size_t consistent =
      readSessionShowing(*clock, pinkRoomFilm(dir, "session.mp4", epoch + 3600, 200, 1.2), epoch + 3600);
  EXPECT_GE(consistent * 10, size_t{200} * 9) << consistent;
}

// The same camera learned from a reference whose seconds run from :11 to :18: they never show the "0" its
// date and hours show, so its count names its digits only relative to one another, and the reference,
// read as a session is, reads no frame on any line. A line on the colour key is kept only where it reads
// more of the references than every line on the picture; here none reads any, which says nothing against
// the key, so it is kept, and the session is read on it once its own count passes a ten (measured when this
// was written: 100 of 200 frames, each its time of day; 0 where a key line that read no more than nothing
// was dropped).
TEST(CameraWitness, AColourLineIsKeptWhereNoLineReadsTheReferences) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;  // 2016-04-15 02:00:00 UTC
  const auto clock = clockLearnedFrom({pinkRoomFilm(dir, "ref.mp4", epoch + 11, 80, 1.0)});
  const size_t consistent = readSessionShowing(
      *clock, pinkRoomFilm(dir, "session.mp4", epoch + 3600, 200, 1.2), epoch + 3600, true, true);
  EXPECT_GE(consistent * 5, size_t{200} * 2) << consistent;
}

// A white clock (235) with a black drop shadow over a grainy sunlit floor (206-216, new grain each frame),
// a dark figure (50, soft-edged) walking to and fro behind the text, as FFmpeg's drawtext draws
// "shadowx=2:shadowy=2" over a plaza: the text rises under 30 levels over the floor (a faint stroke's
// least), and its top-hat changes with the grain and the figure behind it.
std::vector<DecodedFrame> shadowOverFloorFilm(const test::TempDir& dir, const std::string& name,
                                              int64_t start, int frames) {
  return filmOf(dir, name, start, frames, [](cv::Mat& luma, int i, const char* text) {
    cv::RNG grain(static_cast<uint64_t>(i) + 1);
    grain.fill(luma, cv::RNG::UNIFORM, 206, 217);
    const int walker = 40 + std::abs((i * 9) % 560 - 280);
    cv::Mat figure = cv::Mat::zeros(luma.size(), CV_32F), floor;
    cv::rectangle(figure, {walker, 10}, {walker + 50, 120}, cv::Scalar(1), cv::FILLED);
    cv::GaussianBlur(figure, figure, {0, 0}, 3);
    luma.convertTo(floor, CV_32F);
    floor = floor.mul(1 - figure) + 50 * figure;
    floor.convertTo(luma, CV_8U);
    drawInCells(luma, text, {16, 40}, 22, 0.9, {{2, 2}, 3}, {235, 3});
  });
}

// Such a clock is read on the line its references' bright key shows (OsdLayout::bright): its session's
// frames stand with the session, each showing the time it was filmed at. Without the bright key none is
// read (measured when it was written: 0 of 200, and 162 with it; the way that reads most frames cuts the
// date's thin dashes into the digits beside them and reads the time alone).
TEST(CameraWitness, AWhiteClockOverAFloorAlmostAsPaleIsReadOnItsBrightKey) {
  const size_t consistent = readAfterLearning(shadowOverFloorFilm, true);
  EXPECT_GE(consistent * 5, size_t{200} * 4) << consistent;
}

// A session without chroma (grey video) read by a camera that learned a colour line: that line's cells
// are unread there, and nothing else of the frame is lost (the lines on its luma read as they would).
TEST(CameraWitness, AColourLineReadOnPicturesWithoutChromaLeavesItsCellsUnread) {
  test::TempDir dir;
  const int64_t epoch = 1460685600;
  const auto clock = clockLearnedFrom({yellowClockFilm(dir, "ref.mp4", epoch, 80)});
  const auto session = yellowClockFilm(dir, "session.mp4", epoch + 3600, 20);
  FrameRecord keyed, grey;
  auto reader = clock->reader(0);
  reader->read(test::viewOf(session[5]), session[5].chromaView(), keyed);
  reader->read(test::viewOf(session[5]), {}, grey);
  ASSERT_EQ(grey.osdNames.size(), keyed.osdNames.size());
  EXPECT_GT(std::count(grey.osdNames.begin(), grey.osdNames.end(), kOsdUnknown),
            std::count(keyed.osdNames.begin(), keyed.osdNames.end(), kOsdUnknown));
}

// Text that changes on every frame but never counts (a ticker of random letters at the foot of the
// picture) looks like a clock line to the first look. Its references, over more than a few seconds, count
// no digit on it, so the camera has no clock line and its sessions' frames are not read on one.
TEST(CameraWitness, ALineOnWhichTheReferencesCountNoDigitIsNotRead) {
  test::TempDir dir;
  const int width = 640, height = 360;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> letter('A', 'Z');
  std::vector<YuvImage> pictures;
  for (int i = 0; i < 120; ++i) {
    YuvImage picture(width, height);
    cv::Mat luma(height, width, CV_8UC1, picture.y.data());
    luma.setTo(120);
    cv::circle(luma, {320, 160}, 40 + i % 20, cv::Scalar(60), 3);
    std::string text;
    for (int c = 0; c < 14; ++c) text += static_cast<char>(letter(random));
    cv::putText(luma, text, {16, height - 20}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(16), 5, cv::LINE_AA);
    cv::putText(luma, text, {16, height - 20}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(235), 2,
                cv::LINE_AA);
    pictures.push_back(std::move(picture));
  }
  test::writeVideo(dir.file("ticker.mp4"), pictures, 10);
  const auto frames = test::decodeAll(dir.file("ticker.mp4"));
  const auto clock = clockLearnedFrom({frames});
  FrameRecord record;
  auto reader = clock->reader(0);
  reader->read(test::viewOf(frames[5]), {}, record);
  EXPECT_TRUE(record.osdNames.empty());
}

}  // namespace
}  // namespace camtrace
