#pragma once

// What a camera's burned-in clock says about the frames of one capture. analyzers/osd_clock finds the
// clock line in the camera's references and names the glyphs of every frame as it decodes; here the
// capture's names are read as times and set against the session's own clock.
//
// The session's clock is what most of its frames show: the median of (clock - pts). A frame whose clock
// is off by a whole number of quarter hours (up to 26 h) while its minutes and seconds agree shows another
// time zone (in 2019 victims recognised strangers' stills that way); one whose clock is otherwise behind
// or ahead of the session's shows another moment (a stale cached picture, or a clock set differently).
// Without timestamps (a folder of stills) a frame is set against the median clock of its neighbours.

#include <span>
#include <string>
#include <vector>

#include "analyzers/osd_clock.h"
#include "audit/capture_analysis.h"
#include "audit/clock_reading.h"

namespace camtrace {

// Clock agreement within this many seconds is agreement: the clock ticks once a second and is sampled at
// frame times; stills without timestamps are compared with their neighbours within two minutes.
constexpr double kOsdTolerance = 2;
constexpr double kOsdStillsTolerance = 120;

// One entry per frame; all Unread when the layout does not fit the capture or its digits could not be
// learned (the clock never counted through a ten-second boundary in the readable frames).
std::vector<OsdFrameClock> readSessionClock(const OsdLayout& layout, std::span<const FrameRecord> frames,
                                            const std::vector<OsdGlyph>& glyphs);

}  // namespace camtrace
