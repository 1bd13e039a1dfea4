#pragma once

// What a camera's burned-in clock says about the frames of one capture: the glyph names analyzers/osd_clock
// gave its frames read as times and set against the session's own clock (consistent, another time zone,
// behind or ahead). The rule is written once, in docs/decisions.md ("burned-in clock").

#include <functional>
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

// A frame whose clock stands apart from the session's (ahead, behind, another zone) in the same shot as a
// frame under a second away that agrees with it (no cut in the picture between them: pictureStep), both
// showing the same seconds' units, or the frame ten to fifty whole seconds off the session's clock at its
// own instant (its tens alone differ: a tick may fall between it and that frame), is a misread glyph, not
// another moment, and is left unread. A cache's
// picture of another moment comes with a cut where the scene moved; where it did not (a still scene), the
// moment shows other seconds' units unless it is a whole number of ten seconds away, and that case is left
// unread too: the safe side. Found on a clock FFmpeg drew over a real plaza (bench/osd_drawtext.sh,
// dt-mono-small-bare-bl, held out): the seconds' "0", a bare 26-pixel glyph, over a bright passer-by named
// as the "1" it then resembled, so 05:25:01 read 05:25:11 on 12 frames of the camera's own shot; and on an
// 8-pixel clock in a damaged stream (bench/osd_styles.sh, mono-8px-1bit), one frame just past a tick read
// 22:17:22 for 22:17:12 between a frame at 22:17:11 and unread ones.
void dropDigitFlips(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks);

// A clock that ticks on time puts the frames read right within a second of offsets from the session's clock
// (the second a frame shows is its timestamp's, rounded down at the tick), give or take half a frame (a
// recorder's clock runs a little slow or fast against the timestamps, whose drift is fitted out first: a
// real clock ticking every 25.09 frames at 25 a second; a clock drawn at whole frames, whose seconds all
// start at one phase of them, within half a frame of the first and last frames its seconds hold). A frame
// standing with the session's clock but outside that second shows the second before or after: a digit
// misread as its neighbour (two digits drawn so alike that one glyph name took both, a bold italic "5" and
// "6" under a shadow: bench/osd_styles.sh, mono-bold-italic-12h-shadow, a second of "6"s read as "5"s), or
// a picture the decoder froze. It is left unread. Only where most such frames (80%) fall in one second:
// where they do not, the clock does not tick with the timestamps, and none is dropped.
// Frames in another zone, behind or ahead stand as they are. For clocks that run with the timestamps, not a
// time-lapse export's (readSessionClock calls it only there).
void dropOffTheSecond(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks);

// A run of frames inside one shot that stands behind or ahead of the session's clock by one to nine whole
// seconds, at the phase of the session's own ticks on every frame (`fromSecond`: a frame's offset from the
// middle of the session's second, after the drift; within `halfSecond` of a whole number), showing one
// reading that differs from the session's second there in the seconds' units alone, whose nearest frames
// read on both sides, in the same shot, stand with the session's clock, is that second misread (one glyph
// named as another: a bold italic "8" as a "3" under a shadow, bench/osd_styles.sh
// mono-bold-italic-12h-shadow, 15 frames read 5 s behind), and is left unread. A picture of another moment
// spliced in comes with a cut where the scene moved; one of a still scene a few seconds old, one tick long
// and starting and ending on the session's ticks, would be left unread too (the safe side), and one held
// longer shows more seconds apart and stays. dropOffTheSecond calls it with its second.
void dropSecondsMisreadInAShot(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks,
                               const std::function<double(size_t)>& fromSecond, double halfSecond);

// A frame of a video whose clock differs from the session's by a whole number of days, to the second, shows
// a misread date digit when no frame within a second of it stands with it: its time of day is the session's,
// and only a picture of the same second on another day would show that. A cache keyed without the date could
// serve one, but as a run of frames (a segment), which stays. Found on a clock FFmpeg drew over a real
// corridor (bench/osd_drawtext.sh, dt-mono-small-bare-bl, held out): one frame among unread ones read its
// month "12" as "11" and stood 30 days behind. Frames without timestamps (stills, minutes apart) are left as
// they stand.
void dropLoneDateSlips(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks);

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
