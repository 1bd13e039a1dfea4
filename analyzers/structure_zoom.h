#pragma once

#include "frame_signals.h"

namespace camtrace {

// Where a closer view of a scene sits inside a wider view of it, from their structure descriptors alone: a
// pan/tilt/zoom camera jumping to a preset closer on part of its scene shows a picture no reference has,
// but whose edges are the wider picture's, magnified.
//
// A placement is a zoom factor and the top-left corner of the closer view's window in the wider picture,
// in cells of the descriptor's 8x8 grid (so 0..8; the window is 8/zoom cells wide). The descriptor's grid
// squeezes every picture to a square, so one zoom serves both axes, as an optical zoom does.
struct ZoomPlacement {
  float zoom = 0;  // 0: none found
  float left = 0;
  float top = 0;
};

struct ZoomMatch {
  ZoomPlacement placement;
  float similarity = -1;  // Pearson correlation over the window's whole cells, in [-1, 1]
};

// The closer view's orientation histograms pooled onto each whole cell of the wider view that its window
// covers (area-weighted), then correlated with those cells as one vector: where the edges are and which
// way they run, at the wider view's scale. A window must cover at least 3x3 whole cells, so zooms run
// from 1.25 to 2.5 (in eighths) and windows move in quarter cells. The zoom found is within about three
// eighths of the true one: the correlation, not the placement, is what the grid measures well.
float zoomedStructureSimilarity(const StructureDescriptor& closer, const StructureDescriptor& wider,
                                const ZoomPlacement& placement);

// The placement where the closer view correlates best, over every zoom and window position above.
ZoomMatch bestZoomPlacement(const StructureDescriptor& closer, const StructureDescriptor& wider);

}  // namespace camtrace
