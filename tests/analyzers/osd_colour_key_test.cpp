#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "analyzers/osd_colour_key.h"

namespace camtrace {
namespace {

// Random planes of one picture: luma width x height, chroma halved `sx` and `sy` times (0 or 1).
struct Planes {
  int width, height, cw, ch;
  std::vector<uint8_t> y, cb, cr;
  Planes(int width, int height, int sx, int sy, uint32_t seed)
      : width(width), height(height), cw((width + sx) >> sx), ch((height + sy) >> sy) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> level(0, 255);
    for (int i = 0; i < width * height; ++i) y.push_back(static_cast<uint8_t>(level(random)));
    for (int i = 0; i < cw * ch; ++i) {
      cb.push_back(static_cast<uint8_t>(level(random)));
      cr.push_back(static_cast<uint8_t>(level(random)));
    }
  }
  GrayView luma() const { return {y.data(), width, height, width}; }
  ChromaView chroma() const { return {{cb.data(), cw, ch, cw}, {cr.data(), cw, ch, cw}}; }
};

// The key as its definition reads, in doubles: each chroma sample centred on its own luma pixels, the
// colour difference interpolated between the two nearest samples each way (clamped at the edges), then
// rounded, then weighed by the luma and rounded again.
int keyByDefinition(const Planes& p, int x, int y) {
  auto colour = [&](int i, int j) {
    const int c = 4 * (std::abs(p.cb[static_cast<size_t>(j * p.cw + i)] - 128) +
                       std::abs(p.cr[static_cast<size_t>(j * p.cw + i)] - 128));
    return static_cast<double>(std::min(255, c));
  };
  auto taps = [](int at, int lumaSize, int chromaSize, int& a, int& b, double& wb) {
    if (chromaSize == lumaSize) {
      a = b = at, wb = 0;
      return;
    }
    const double position = (at + 0.5) / 2 - 0.5;
    const int below = static_cast<int>(std::floor(position));
    wb = position - below;
    a = std::clamp(below, 0, chromaSize - 1);
    b = std::clamp(below + 1, 0, chromaSize - 1);
  };
  int x0, x1, y0, y1;
  double wx, wy;
  taps(x, p.width, p.cw, x0, x1, wx);
  taps(y, p.height, p.ch, y0, y1, wy);
  const double c = (1 - wy) * ((1 - wx) * colour(x0, y0) + wx * colour(x1, y0)) +
                   wy * ((1 - wx) * colour(x0, y1) + wx * colour(x1, y1));
  const double rounded = std::floor(c + 0.5);
  return static_cast<int>(std::floor(rounded * p.y[static_cast<size_t>(y * p.width + x)] / 255 + 0.5));
}

// Every subsampling a camera sends, odd sizes included (the last chroma sample covers one luma pixel), and
// widths past the sixteen pixels a vector step takes.
TEST(OsdColourKey, IsTheColourDifferenceTakenUpToTheLumaAndWeighedByIt) {
  for (const auto& [sx, sy] : {std::pair{1, 1}, std::pair{1, 0}, std::pair{0, 0}, std::pair{0, 1}})
    for (const auto& [w, h] : {std::pair{37, 23}, std::pair{64, 16}, std::pair{5, 3}, std::pair{1, 1}}) {
      const Planes p(w, h, sx, sy, static_cast<uint32_t>(w * 131 + h * 7 + sx * 3 + sy));
      ASSERT_TRUE(osdColourKeyFits(p.luma(), p.chroma()));
      cv::Mat key;
      osdColourKey(p.luma(), p.chroma(), 0, h, key);
      ASSERT_EQ(key.rows, h);
      ASSERT_EQ(key.cols, w);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          ASSERT_EQ(key.at<uint8_t>(y, x), keyByDefinition(p, x, y))
              << "x " << x << " y " << y << ", " << w << "x" << h << " halved " << sx << sy;
    }
}

// A reader keys only the rows its line is read on: any band gives those rows as the whole picture does.
TEST(OsdColourKey, ABandsRowsAreThoseOfTheWholePicture) {
  const Planes p(50, 31, 1, 1, 7);
  cv::Mat whole, band;
  osdColourKey(p.luma(), p.chroma(), 0, p.height, whole);
  for (const auto& [from, to] : {std::pair{0, 1}, std::pair{3, 4}, std::pair{4, 11}, std::pair{29, 31}}) {
    band.release();
    osdColourKey(p.luma(), p.chroma(), from, to, band);
    EXPECT_EQ(cv::norm(band.rowRange(from, to), whole.rowRange(from, to), cv::NORM_INF), 0)
        << from << "-" << to;
  }
}

// What the key is for: a yellow clock over a pale grey wall under a black edge, where luma alone tells the
// text from the wall by a few levels, keys as bright text over black.
TEST(OsdColourKey, AYellowTextIsBrightAndAGreyWallAndABlackEdgeAreDark) {
  const int w = 8, h = 2;
  std::vector<uint8_t> y = {210, 210, 16, 16, 225, 225, 235, 235, 210, 210, 16, 16, 225, 225, 235, 235};
  std::vector<uint8_t> cb = {16, 128, 128, 128}, cr = {146, 128, 128, 128};  // yellow, black, grey, white
  cv::Mat key;
  const GrayView luma{y.data(), w, h, w};
  const ChromaView chroma{{cb.data(), 4, 1, 4}, {cr.data(), 4, 1, 4}};
  osdColourKey(luma, chroma, 0, h, key);
  EXPECT_EQ(key.at<uint8_t>(0, 0), 210);  // the text: its whole luma
  EXPECT_EQ(key.at<uint8_t>(0, 3), 0);    // the black edge
  EXPECT_EQ(key.at<uint8_t>(0, 6), 0);    // the pale wall
}

TEST(OsdColourKey, PlanesOfAnotherSizeFitNothingAndKeyNothing) {
  const Planes p(40, 20, 1, 1, 3);
  ChromaView wrong = p.chroma();
  wrong.cb.width = wrong.cr.width = 7;
  EXPECT_FALSE(osdColourKeyFits(p.luma(), wrong));
  EXPECT_FALSE(osdColourKeyFits(p.luma(), {}));
  cv::Mat key;
  osdColourKey(p.luma(), wrong, 0, 20, key);
  EXPECT_TRUE(key.empty());
}

}  // namespace
}  // namespace camtrace
