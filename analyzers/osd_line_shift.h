#pragma once

// A burned-in clock line that moves sideways with its own text (OsdLayout::maxShift): FFmpeg's drawtext at
// "x=w-tw-10", and any engine that right-aligns or centres by the text's measured width, draws the whole
// line a few pixels left or right as the last digit's ink grows or shrinks. Pooled as it is drawn, such a
// line's strokes smear over the gaps between its characters, so no cell is found; registered frame by
// frame against one frame of it, they pool as a line that stays put.

#include "analyzers/gray_view.h"
#include "analyzers/osd_clock.h"

namespace camtrace {

// Learns a moving line's layout from a camera's reference frames, starting from the line as its frames
// pooled unregistered (its rows are right; its cells may not be).
class OsdLineRegistrar {
 public:
  explicit OsdLineRegistrar(const OsdLayout& line);
  void add(const GrayView& luma);
  // The other's frames, registered to its own first frame, aligned to this one's.
  void merge(const OsdLineRegistrar& other);
  // The line learned from the registered frames, with its anchor; empty where the line stayed put (fewer
  // than one frame in 20 drawn elsewhere) or its registered frames show no line on the same rows.
  OsdLayout finish(int minFrames = 10) const;
  int frames() const { return frames_; }
  int moved() const { return moved_; }

 private:
  OsdLayout line_;  // the unregistered line; its anchor is the first frame's strokes
  OsdLayoutBuilder pool_;
  int frames_ = 0, moved_ = 0;
};

}  // namespace camtrace
