#pragma once

#include <array>

#include "frame_picture.h"
#include "frame_signals.h"
#include "gray_view.h"

namespace camtrace {

struct StructureResult {
  StructureDescriptor descriptor{};
  float energy = 0;
};

// Where the edges of a scene are and which way they run, independent of how bright the scene is.
// A histogram of oriented gradients (Dalal and Triggs, 2005) over an 8x8 grid on the area-downscaled
// picture, each cell normalised with a floor tied to the picture's mean cell energy: gain, offset and the
// tone curve of an IR/night switch change gradient magnitudes, not orientations, while the floor keeps
// flat, noisy cells from being blown up into false structure.
StructureResult computeStructure(const GrayView& luma);
StructureResult computeStructure(const FramePicture& picture);

// A descriptor centred on its mean and scaled to unit length: the dot product of two such vectors is
// their Pearson correlation. Profiles keep their entries in this form so that matching is one dot product.
using StructureVector = std::array<float, size_t{kStructureCells} * kStructureCells * kStructureBins>;
StructureVector normalizeStructure(const StructureDescriptor& descriptor);
float dot(const StructureVector& a, const StructureVector& b);

// The descriptor cut into its 64 cells, each centred and scaled to unit length (zero when the cell is flat).
StructureVector normalizeCells(const StructureDescriptor& descriptor);

// How much of the scene's layout two pictures share, ignoring the quarter of the cells that differ most:
// the mean of the best 48 of 64 per-cell correlations. A person or an object moved in front of the
// background spoils a few cells, not the layout, while another scene disagrees nearly everywhere.
float robustStructureSimilarity(const StructureVector& cellsA, const StructureVector& cellsB);

// The descriptor (either normalised form) of the picture mirrored left to right, without recomputing it:
// column x of cells becomes column 7 - x, and an unsigned orientation theta becomes pi - theta, so bin b
// (centred on (b + 0.5) pi / 8) becomes bin 7 - b.
StructureVector mirrorCells(const StructureVector& cells);

// Pearson correlation of two descriptors, in [-1, 1]. Same scene under other light: ~0.7-1.0;
// unrelated scenes: ~0-0.4 (measured on simulate output and the real clips in shared/media).
float structureSimilarity(const StructureDescriptor& a, const StructureDescriptor& b);

}  // namespace camtrace
