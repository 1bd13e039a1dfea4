#include "analyzers/osd_line_shift.h"

#include <algorithm>
#include <cstdlib>

namespace camtrace {
namespace {

// A glyph grows or shrinks by under two fifths of the line's height (a "1" beside a "0"); a shift a whole
// character wide would match the next character's strokes.
int maxShiftOf(const OsdLayout& line) {
  return std::max(2, 2 * (line.bottom - line.top) / 5);
}

// The stroke pixels of the line's rows and cells in one frame: bright over their surroundings and near
// the text's luma (osdAnchorStroke).
std::vector<cv::Point> strokesOf(const OsdLayout& line, const GrayView& luma,
                                 const OsdLineResponse& response) {
  std::vector<cv::Point> out;
  for (int y = std::max(line.top, response.y0); y < std::min(line.bottom, response.y0 + response.tophat.rows);
       ++y) {
    const uint8_t* tophat = response.tophat.ptr<uint8_t>(y - response.y0);
    const uint8_t* pixel = luma.data + static_cast<size_t>(y) * luma.stride;
    for (int x = std::max(line.cells.front().x0, response.x0);
         x < std::min(line.cells.back().x1, response.x0 + response.tophat.cols); ++x)
      if (osdAnchorStroke(line, tophat[x - response.x0], pixel[x])) out.emplace_back(x, y);
  }
  return out;
}

}  // namespace

OsdLineRegistrar::OsdLineRegistrar(const OsdLayout& line) : line_(line) {
  line_.inkCells.clear();
  line_.pairCells.clear();
  line_.maxShift = maxShiftOf(line);
  line_.anchor.clear();
  pool_.poolNegative(false);  // a line found on the picture itself, registered and pooled on it
}

void OsdLineRegistrar::add(const GrayView& luma) {
  if (!line_.fits(luma.width, luma.height)) return;
  const OsdLineResponse response = osdLineResponse({&line_, 1}, luma);  // no copy of the layout a frame
  if (response.tophat.empty()) return;
  if (line_.anchor.empty()) {
    // The first frame that shows the line is the one the others are registered to.
    line_.anchor = strokesOf(line_, luma, response);
    if (static_cast<int>(line_.anchor.size()) < line_.bottom - line_.top) {
      line_.anchor.clear();
      return;
    }
  }
  ++frames_;
  moved_ += response.shift != 0;
  // The line's cells, and room either side for its words to be found again when the pool is finished.
  const int margin = 2 * line_.maxShift + line_.kernel;
  const int x0 = line_.cells.front().x0 - margin, x1 = line_.cells.back().x1 + margin;
  pool_.addShifted(luma, response.shift, {x0, line_.top, x1 - x0, line_.bottom - line_.top});
}

void OsdLineRegistrar::merge(const OsdLineRegistrar& other) {
  if (other.frames_ == 0) return;
  if (frames_ == 0) {
    *this = other;
    return;
  }
  // Where the other's first frame drew the line, against this one's: the shift under which their strokes
  // overlap most (the smaller on a tie, then the left).
  const int reach = 2 * line_.maxShift;
  int best = 0, bestOverlap = -1;
  for (int s = -reach; s <= reach; ++s) {
    int overlap = 0;
    for (const cv::Point& p : other.line_.anchor)
      overlap += std::binary_search(
          line_.anchor.begin(), line_.anchor.end(), cv::Point(p.x - s, p.y),
          [](const cv::Point& a, const cv::Point& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });
    if (overlap > bestOverlap || (overlap == bestOverlap && std::abs(s) < std::abs(best)))
      best = s, bestOverlap = overlap;
  }
  pool_.merge(other.pool_, best);
  frames_ += other.frames_;
  moved_ += other.moved_;
}

OsdLayout OsdLineRegistrar::finish(int minFrames) const {
  if (moved_ < std::max(3, frames_ / 20)) return {};
  OsdLayout layout = pool_.finish(minFrames);
  if (layout.empty() || std::min(layout.bottom, line_.bottom) <= std::max(layout.top, line_.top)) return {};
  layout.maxShift = maxShiftOf(layout);
  layout.anchor = pool_.stillStrokes(layout);
  if (static_cast<int>(layout.anchor.size()) < layout.bottom - layout.top) return {};
  return layout;
}

}  // namespace camtrace
