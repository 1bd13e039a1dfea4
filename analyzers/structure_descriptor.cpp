#include "structure_descriptor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "analyzer.h"
#include "resample.h"

namespace camtrace {
namespace {

constexpr int kCellPixels = 16;
constexpr int kSize = kStructureCells * kCellPixels;  // 128

// Where a gradient's unsigned orientation falls among the bins, as a fractional bin position.
float positionOf(float gx, float gy) {
  float angle = std::atan2(gy, gx);
  if (angle < 0) angle += static_cast<float>(std::numbers::pi);  // unsigned orientation
  return angle / static_cast<float>(std::numbers::pi) * kStructureBins - 0.5f;
}

// The small picture holds whole levels, so a gradient is a pair of whole numbers in [-255, 255]: the
// positions of all of them, computed once by the same function, are the same floats at a fraction of
// atan2's cost (it was half of the structure's time per frame). 1 MB.
constexpr int kLevels = 255;
constexpr int kSide = 2 * kLevels + 1;
const std::vector<float>& positionTable() {
  static const std::vector<float> table = [] {
    std::vector<float> t(static_cast<size_t>(kSide) * kSide);
    for (int gy = -kLevels; gy <= kLevels; ++gy)
      for (int gx = -kLevels; gx <= kLevels; ++gx)
        t[static_cast<size_t>(gy + kLevels) * kSide + static_cast<size_t>(gx + kLevels)] =
            positionOf(static_cast<float>(gx), static_cast<float>(gy));
    return t;
  }();
  return table;
}

// A gradient's place in the table, or -1 where it is not a pair of whole levels in range (a picture
// smaller than the grid is interpolated up): those take atan2.
int tableIndex(float gx, float gy) {
  const auto ix = static_cast<int>(gx), iy = static_cast<int>(gy);
  if (static_cast<float>(ix) != gx || static_cast<float>(iy) != gy || std::abs(ix) > kLevels ||
      std::abs(iy) > kLevels)
    return -1;
  return (iy + kLevels) * kSide + ix + kLevels;
}

}  // namespace

StructureResult computeStructure(const GrayView& luma) {
  return computeStructure(FramePicture(luma));
}

StructureResult computeStructure(const FramePicture& picture) {
  StructureResult result;
  if (picture.luma().empty()) return result;
  const cv::Mat& small = picture.averaged(kSize);
  const float* positions = positionTable().data();
  std::array<float, size_t{kStructureCells} * kStructureCells * kStructureBins> histogram{};
  double magnitudeSum = 0;
  // A row at a time in three passes, so that the first (gradients and their lengths, the same float
  // operations as one pixel at a time, four pixels a step: a square root a pixel was a quarter of the
  // structure's time) is vectorised, and the histogram is added to in the order it always was: every sum,
  // and so the descriptor, is the same to the bit.
  std::array<float, kSize> gxs{}, gys{}, magnitudes{};
  for (int y = 1; y + 1 < kSize; ++y) {
    const float* above = small.ptr<float>(y - 1);
    const float* row = small.ptr<float>(y);
    const float* below = small.ptr<float>(y + 1);
    int x = 1;
#if CV_SIMD128
    for (; x + 4 < kSize; x += 4) {
      const cv::v_float32x4 gx = cv::v_load(row + x + 1) - cv::v_load(row + x - 1);
      const cv::v_float32x4 gy = cv::v_load(below + x) - cv::v_load(above + x);
      cv::v_store(gxs.data() + x, gx);
      cv::v_store(gys.data() + x, gy);
      cv::v_store(magnitudes.data() + x, cv::v_sqrt(gx * gx + gy * gy));
    }
#endif
    for (; x + 1 < kSize; ++x) {
      const float gx = row[x + 1] - row[x - 1];
      const float gy = below[x] - above[x];
      gxs[static_cast<size_t>(x)] = gx;
      gys[static_cast<size_t>(x)] = gy;
      magnitudes[static_cast<size_t>(x)] = std::sqrt(gx * gx + gy * gy);
    }
    for (int x = 1; x + 1 < kSize; ++x) magnitudeSum += magnitudes[static_cast<size_t>(x)];
    const int cellY = y / kCellPixels;
    for (int x = 1; x + 1 < kSize; ++x) {
      const float magnitude = magnitudes[static_cast<size_t>(x)];
      if (magnitude < 1e-3f) continue;
      const float gx = gxs[static_cast<size_t>(x)], gy = gys[static_cast<size_t>(x)];
      const int at = tableIndex(gx, gy);
      const float position = at >= 0 ? positions[at] : positionOf(gx, gy);
      // floor() without a call: the baseline x86-64 build has no rounding instruction, and libm's floorf
      // was a tenth of the structure's time. Exact for any float in int's range.
      int lower = static_cast<int>(position);
      if (static_cast<float>(lower) > position) --lower;
      const float upperWeight = position - static_cast<float>(lower);
      // position is in [-0.5, kStructureBins - 0.5]: lower + kStructureBins and lower + 1 are not negative.
      const size_t base =
          (static_cast<size_t>(cellY) * kStructureCells + static_cast<size_t>(x / kCellPixels)) *
          kStructureBins;
      histogram[base + static_cast<size_t>((lower + kStructureBins) & (kStructureBins - 1))] +=
          magnitude * (1 - upperWeight);
      histogram[base + static_cast<size_t>((lower + 1) & (kStructureBins - 1))] += magnitude * upperWeight;
    }
  }
  result.energy = static_cast<float>(magnitudeSum / ((kSize - 2) * (kSize - 2)));

  constexpr int kCells = kStructureCells * kStructureCells;
  std::array<float, kCells> norms{};
  float meanNorm = 0;
  for (int c = 0; c < kCells; ++c) {
    float sum = 0;
    for (int b = 0; b < kStructureBins; ++b)
      sum += histogram[static_cast<size_t>(c) * kStructureBins + static_cast<size_t>(b)] *
             histogram[static_cast<size_t>(c) * kStructureBins + static_cast<size_t>(b)];
    norms[static_cast<size_t>(c)] = std::sqrt(sum);
    meanNorm += norms[static_cast<size_t>(c)] / kCells;
  }
  // The floor: a cell needs about half the picture's mean energy to count fully. The constant term is
  // the energy of pure sensor noise on a flat cell (about 2 levels per pixel over 256 pixels).
  const float floor = 0.5f * meanNorm + 2.0f * kCellPixels * kCellPixels / 8;
  for (int c = 0; c < kCells; ++c) {
    const float scale =
        1.0f / std::sqrt(norms[static_cast<size_t>(c)] * norms[static_cast<size_t>(c)] + floor * floor);
    for (int b = 0; b < kStructureBins; ++b) {
      const size_t k = static_cast<size_t>(c) * kStructureBins + static_cast<size_t>(b);
      result.descriptor[k] =
          static_cast<uint8_t>(std::clamp(std::lround(histogram[k] * scale * 255.0f), 0L, 255L));
    }
  }
  return result;
}

StructureVector normalizeStructure(const StructureDescriptor& descriptor) {
  StructureVector v{};
  double mean = 0;
  for (uint8_t x : descriptor) mean += x;
  mean /= static_cast<double>(descriptor.size());
  double squares = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const double centred = descriptor[i] - mean;
    v[i] = static_cast<float>(centred);
    squares += centred * centred;
  }
  if (squares <= 0) return StructureVector{};  // a flat descriptor correlates with nothing
  const float scale = static_cast<float>(1.0 / std::sqrt(squares));
  for (float& x : v) x *= scale;
  return v;
}

float dot(const StructureVector& a, const StructureVector& b) {
  float sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

StructureVector normalizeCells(const StructureDescriptor& descriptor) {
  StructureVector v{};
  for (int cell = 0; cell < kStructureCells * kStructureCells; ++cell) {
    const size_t base = static_cast<size_t>(cell) * kStructureBins;
    double mean = 0;
    for (int b = 0; b < kStructureBins; ++b) mean += descriptor[base + static_cast<size_t>(b)];
    mean /= kStructureBins;
    double squares = 0;
    for (int b = 0; b < kStructureBins; ++b) {
      const double centred = descriptor[base + static_cast<size_t>(b)] - mean;
      v[base + static_cast<size_t>(b)] = static_cast<float>(centred);
      squares += centred * centred;
    }
    // A cell whose orientations are nearly uniform has no direction to compare: leave it zero.
    const float scale = squares > 64.0 ? static_cast<float>(1.0 / std::sqrt(squares)) : 0.0f;
    for (int b = 0; b < kStructureBins; ++b) v[base + static_cast<size_t>(b)] *= scale;
  }
  return v;
}

float robustStructureSimilarity(const StructureVector& a, const StructureVector& b) {
  constexpr int kCells = kStructureCells * kStructureCells;
  std::array<float, kCells> cells{};
  for (int cell = 0; cell < kCells; ++cell) {
    float sum = 0;
    for (int k = 0; k < kStructureBins; ++k) {
      const size_t i = static_cast<size_t>(cell) * kStructureBins + static_cast<size_t>(k);
      sum += a[i] * b[i];
    }
    cells[static_cast<size_t>(cell)] = sum;
  }
  constexpr int kKept = kCells * 3 / 4;
  std::nth_element(cells.begin(), cells.begin() + (kCells - kKept), cells.end());
  float total = 0;
  for (int i = kCells - kKept; i < kCells; ++i) total += cells[static_cast<size_t>(i)];
  return total / kKept;
}

StructureVector mirrorCells(const StructureVector& cells) {
  constexpr size_t kCells = kStructureCells, kBins = kStructureBins;
  StructureVector mirrored{};
  for (size_t y = 0; y < kCells; ++y)
    for (size_t x = 0; x < kCells; ++x)
      for (size_t b = 0; b < kBins; ++b)
        mirrored[(y * kCells + kCells - 1 - x) * kBins + kBins - 1 - b] = cells[(y * kCells + x) * kBins + b];
  return mirrored;
}

float structureSimilarity(const StructureDescriptor& a, const StructureDescriptor& b) {
  return dot(normalizeStructure(a), normalizeStructure(b));
}

namespace {

class StructureAnalyzer : public Analyzer {
 public:
  std::string_view name() const override { return "structure"; }
  std::string_view description() const override {
    return "gradient-orientation layout of the scene, tolerant of light changes and IR night mode";
  }
  double cost() const override { return 1.5; }
  void analyze(const FramePicture& picture, FrameSignals& signals) const override {
    StructureResult result = computeStructure(picture);
    signals.structure = result.descriptor;
    signals.structureEnergy = result.energy;
  }
};

}  // namespace

CAMTRACE_REGISTER_ANALYZER(StructureAnalyzer, "structure");

}  // namespace camtrace
