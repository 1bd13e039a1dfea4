#pragma once

#include <opencv2/core.hpp>

#include "gray_view.h"

namespace camtrace {

// The colour key of a picture: how strongly coloured each pixel is, weighed by its luma,
//   key = min(255, 4 (|Cb - 128| + |Cr - 128|)) * Y / 255,
// the colour difference taken up to the luma's size by bilinear interpolation (the centre of each chroma
// sample, as libswscale places it). Why: a clock drawn in a colour (yellow, the second commonest OSD colour)
// over a pale grey scene (a lit ceiling, a sky, a white floor) stands 10-30 levels from it in luma, under
// its own black edge, and no luma reading finds its strokes; in the key the scene is dark (grey has no
// colour), the black edge is dark (no luma) and the text is bright: a white clock over black, which is what
// the clock reader reads best. A coloured scene (foliage, a red car) shows in the key too, which is why it
// is a way of reading beside the luma, not instead of it (audit/osd_evidence.cpp).
//
// Whether the chroma planes fit the luma as 4:4:4, 4:2:2, 4:4:0 or 4:2:0 (the key's other sizes are not
// made: none is read there).
bool osdColourKeyFits(const GrayView& luma, const ChromaView& chroma);
// The largest colour difference, min(255, 4 (|Cb - 128| + |Cr - 128|)), of any chroma sample: no pixel
// of the key is brighter. 0 for empty planes.
int osdColourPeak(const ChromaView& chroma);
// Rows [y0, y1) of the key into the same rows of `key`, which is made the picture's size (CV_8U) where it is
// not; other rows are left as they are. A row is the same whatever band it is made in. Nothing where the
// chroma does not fit.
void osdColourKey(const GrayView& luma, const ChromaView& chroma, int y0, int y1, cv::Mat& key);

}  // namespace camtrace
