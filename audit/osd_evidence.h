#pragma once

// What a camera's burned-in clock says about the frames of one capture: the glyph names analyzers/osd_clock
// gave its frames read as times and set against the session's own clock (consistent, another time zone,
// behind or ahead). The rule is written once, in docs/decisions.md ("burned-in clock").

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
// learned (the clock never counted through a ten-second boundary in the readable frames). `names`: each
// frame's glyph names, as `glyphs` named them; `hint`: the camera's clock as the case manifest describes it.
// `dateOrderUnknown`, when given, is set when the clock shows a date whose order its values never tell
// (OsdFormat::dateOrderUnknown). `referenceDigits`: the camera's digit glyphs counted on its references
// with the same layout (learnOsdDigits).
std::vector<OsdFrameClock> readSessionClock(const OsdLayout& layout, std::span<const FrameRecord> frames,
                                            const std::vector<std::vector<uint8_t>>& names,
                                            const std::vector<OsdGlyph>& glyphs, const OsdHint& hint = {},
                                            bool* dateOrderUnknown = nullptr,
                                            const std::vector<OsdDigitGlyph>& referenceDigits = {});

}  // namespace camtrace
