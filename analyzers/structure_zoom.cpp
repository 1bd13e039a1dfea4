#include "structure_zoom.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace camtrace {
namespace {

constexpr int kCells = kStructureCells;
constexpr int kBins = kStructureBins;
constexpr int kMinWholeCells = 3;  // per side: fewer cells say too little about a layout
// Eighths, 1.25 .. 2.5: an optical zoom stops anywhere, and in quarters a 2.4x preset was placed at 2.0x,
// where too few of its cells line up (the street clip's preset correlated 0.850 there, 0.874 at 2.125x).
// The zoom found is no more exact for it: the 8x8 grid places a view's zoom to within about three eighths.
constexpr int kZoomEighths[] = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
constexpr int kPositionsPerCell = 4;

float binOf(const StructureDescriptor& d, int x, int y, int bin) {
  const int at = (y * kCells + x) * kBins + bin;
  return d[static_cast<size_t>(at)];
}

}  // namespace

float zoomedStructureSimilarity(const StructureDescriptor& closer, const StructureDescriptor& wider,
                                const ZoomPlacement& p) {
  if (p.zoom < 1) return -1;
  const float window = kCells / p.zoom;
  const int firstX = static_cast<int>(std::ceil(p.left - 1e-4f));
  const int firstY = static_cast<int>(std::ceil(p.top - 1e-4f));
  const int lastX = static_cast<int>(std::floor(p.left + window + 1e-4f));  // one past
  const int lastY = static_cast<int>(std::floor(p.top + window + 1e-4f));
  if (lastX - firstX < kMinWholeCells || lastY - firstY < kMinWholeCells || lastX > kCells || lastY > kCells)
    return -1;
  // On the stack: the search below tries a few thousand placements per pair of pictures.
  std::array<float, size_t{kCells} * kCells * kBins> pooled{}, own{};
  size_t values = 0;
  const float area = p.zoom * p.zoom;  // closer cells per wider cell
  for (int y = firstY; y < lastY; ++y) {
    // The wider cell [x, x+1) x [y, y+1), in the closer view's cell coordinates.
    const float v0 = (static_cast<float>(y) - p.top) * p.zoom, v1 = v0 + p.zoom;
    for (int x = firstX; x < lastX; ++x) {
      const float u0 = (static_cast<float>(x) - p.left) * p.zoom, u1 = u0 + p.zoom;
      std::array<float, kBins> sum{};
      for (int cy = std::max(0, static_cast<int>(v0)); cy < kCells && static_cast<float>(cy) < v1; ++cy) {
        const float wy = std::min(static_cast<float>(cy + 1), v1) - std::max(static_cast<float>(cy), v0);
        if (wy <= 0) continue;
        for (int cx = std::max(0, static_cast<int>(u0)); cx < kCells && static_cast<float>(cx) < u1; ++cx) {
          const float wx = std::min(static_cast<float>(cx + 1), u1) - std::max(static_cast<float>(cx), u0);
          if (wx <= 0) continue;
          for (int b = 0; b < kBins; ++b) sum[static_cast<size_t>(b)] += wx * wy * binOf(closer, cx, cy, b);
        }
      }
      for (int b = 0; b < kBins; ++b, ++values) {
        pooled[values] = sum[static_cast<size_t>(b)] / area;
        own[values] = binOf(wider, x, y, b);
      }
    }
  }
  double meanA = 0, meanB = 0;
  for (size_t i = 0; i < values; ++i) {
    meanA += pooled[i];
    meanB += own[i];
  }
  meanA /= static_cast<double>(values);
  meanB /= static_cast<double>(values);
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < values; ++i) {
    const double a = pooled[i] - meanA, b = own[i] - meanB;
    ab += a * b;
    aa += a * a;
    bb += b * b;
  }
  if (aa <= 0 || bb <= 0) return -1;  // a flat window correlates with nothing
  return static_cast<float>(ab / std::sqrt(aa * bb));
}

ZoomMatch bestZoomPlacement(const StructureDescriptor& closer, const StructureDescriptor& wider) {
  ZoomMatch best;
  for (int eighths : kZoomEighths) {
    const float zoom = static_cast<float>(eighths) / 8;
    const float window = kCells / zoom;
    const int positions = static_cast<int>(std::floor((kCells - window) * kPositionsPerCell + 1e-4f));
    for (int py = 0; py <= positions; ++py) {
      for (int px = 0; px <= positions; ++px) {
        const ZoomPlacement p{zoom, static_cast<float>(px) / kPositionsPerCell,
                              static_cast<float>(py) / kPositionsPerCell};
        const float s = zoomedStructureSimilarity(closer, wider, p);
        if (s > best.similarity) best = {p, s};
      }
    }
  }
  return best;
}

}  // namespace camtrace
