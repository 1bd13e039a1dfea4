#include "osd_evidence.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>

#include "analyzers/osd_colour_key.h"
#include "analyzers/osd_line_shift.h"
#include "audit/camera_witness.h"
#include "audit/view_chains.h"
#include "formats/log_time.h"

namespace camtrace {
namespace {

constexpr double kDay = 86400;
constexpr double kQuarterHour = 900;
constexpr int kMaxZoneQuarters = 104;  // 26 hours: from UTC-12 to UTC+14

double median(std::vector<double> values) {
  const auto middle = values.begin() + static_cast<long>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

std::string shownText(const OsdReading& r) {
  char text[32];
  if (r.hasDate() && r.month == 0)  // a month's name, not read
    std::snprintf(text, sizeof text, "%04d-?\?-%02d %02d:%02d:%02d", r.year, r.day, r.hour, r.minute,
                  r.second);
  else if (r.hasDate())
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", r.year, r.month, r.day, r.hour,
                  r.minute, r.second);
  else
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", r.hour, r.minute, r.second);
  return text;
}

OsdStanding standingOf(double delta, double tolerance) {
  if (std::abs(delta) <= tolerance) return OsdStanding::Consistent;
  const long quarters = std::lround(delta / kQuarterHour);
  if (quarters != 0 && std::abs(quarters) <= kMaxZoneQuarters &&
      std::abs(delta - static_cast<double>(quarters) * kQuarterHour) <= tolerance)
    return OsdStanding::OtherZone;
  return delta < 0 ? OsdStanding::Behind : OsdStanding::Ahead;
}

// The seconds a clock reading shows (its last two characters), or -1.
int shownSeconds(const std::string& shown) {
  if (shown.size() < 2 || !std::isdigit(static_cast<unsigned char>(shown[shown.size() - 2])) ||
      !std::isdigit(static_cast<unsigned char>(shown.back())))
    return -1;
  return (shown[shown.size() - 2] - '0') * 10 + (shown.back() - '0');
}

bool adrift(const OsdFrameClock& c) {
  return c.standing == OsdStanding::Behind || c.standing == OsdStanding::Ahead;
}

// A run of frames that stands apart from the session's clock at one offset, and that a misread digit cannot
// make: a digit of the minutes, hours or date misread puts a frame whole tens of seconds off (to within
// the second it shows), one of the seconds' units under ten seconds, and a glyph misread in the units and
// elsewhere at once holds only while the units show it, one second. So: more than a second from every
// whole ten, at least three seconds shown, and its offsets no wider apart than the session's own frames'
// (a stale picture stream of the camera's own clock ticks as the session's does, only at another moment).
// Such a run stands wherever the cache held it (bench/osd_real.sh: 100 frames 23.4-24.4 s ahead, the
// session's own frames -0.6-0.5 s); the misreads the tenth rule drops on simulate's styles stand at whole
// minutes, whole hours or a year, or for one second (60 + 2.7 s, 8 h - 4.5 s).
std::vector<bool> anotherMomentRuns(const std::vector<OsdFrameClock>& clocks) {
  std::vector<bool> moment(clocks.size(), false);
  double lowest = 0, highest = 0;  // the session's own frames' offsets
  for (const auto& c : clocks)
    if (c.standing == OsdStanding::Consistent)
      lowest = std::min(lowest, c.offsetSeconds), highest = std::max(highest, c.offsetSeconds);
  for (size_t a = 0; a < clocks.size();) {
    if (!adrift(clocks[a])) {
      ++a;
      continue;
    }
    std::vector<size_t> run{a};
    std::vector<double> offsets{clocks[a].offsetSeconds};
    for (size_t b = a + 1; b < clocks.size(); ++b) {
      if (clocks[b].standing == OsdStanding::Unread) continue;
      if (!adrift(clocks[b]) || std::abs(clocks[b].offsetSeconds - clocks[a].offsetSeconds) > kOsdTolerance)
        break;
      run.push_back(b);
      offsets.push_back(clocks[b].offsetSeconds);
    }
    const double offset = median(offsets), tens = std::round(offset / 10) * 10;
    std::vector<int> seconds;
    seconds.reserve(run.size());
    for (const size_t i : run) seconds.push_back(shownSeconds(clocks[i].shown));
    std::sort(seconds.begin(), seconds.end());
    const auto shown = std::unique(seconds.begin(), seconds.end()) - seconds.begin();
    const auto [low, high] = std::minmax_element(offsets.begin(), offsets.end());
    if (std::abs(offset) >= 10 + 1 && std::abs(offset - tens) >= 1 && shown >= 3 &&
        *high - *low <= highest - lowest + 0.05)
      for (const size_t i : run) moment[i] = true;
    a = run.back() + 1;
  }
  return moment;
}

// A clock read right runs with the session: the frames it shows behind or ahead are a cache's bursts, a
// few. When more than a tenth of the read frames disagree that way, a digit was misread (two glyphs taken
// for one), and none of the capture's readings is used. A misread digit can hold for a minute and look like
// a stale picture stream at one offset (measured: a "6" read as "7" put 222 of 993 frames one minute
// behind), so such runs are not told apart from flicker. With timestamps (`runs`), runs at an offset no
// misread digit makes (anotherMomentRuns) are not counted: a capture more than a tenth stale keeps its
// readings when its stale frames show another moment plainly.
std::vector<OsdFrameClock> trusted(std::vector<OsdFrameClock> clocks, bool runs) {
  const std::vector<bool> moment = runs ? anotherMomentRuns(clocks) : std::vector<bool>(clocks.size(), false);
  size_t read = 0, apart = 0;
  for (size_t i = 0; i < clocks.size(); ++i) {
    read += clocks[i].standing != OsdStanding::Unread;
    apart += adrift(clocks[i]) && !moment[i];
  }
  if (apart * 10 > read) clocks.assign(clocks.size(), OsdFrameClock{});
  return clocks;
}

}  // namespace

const char* osdStandingName(OsdStanding standing) {
  switch (standing) {
    case OsdStanding::Unread:
      return "unread";
    case OsdStanding::Consistent:
      return "consistent";
    case OsdStanding::OtherZone:
      return "other_time_zone";
    case OsdStanding::Behind:
      return "behind";
    case OsdStanding::Ahead:
      return "ahead";
  }
  return "unread";
}

namespace {

// A clock without a date wraps at midnight, a 12-hour clock (its AM/PM unread) every half day:
// differences are taken the short way round its period (0: a dated 24-hour clock, which does not wrap).
double around(double d, double period) {
  if (period == 0) return d;
  d = std::fmod(d, period);
  if (d > period / 2) d -= period;
  if (d <= -period / 2) d += period;
  return d;
}

// What each frame's clock reads, in seconds: since 1970 with a date (period 0), else of the day, or of the
// half day for a 12-hour clock whose AM/PM is not told (its date is shown but not compared: 11:59:59 PM on
// the 26th is followed by 12:00:00 AM on the 27th, which only the half day tells apart from noon).
struct ClockValues {
  std::vector<std::optional<double>> value;
  double period = kDay;
  // Frames read with less than the capture's clock, compared within this period (0: not loose) and left out
  // of the session's clock: a 12-hour clock's frame whose AM/PM text told no half day (half a day), a
  // named month's frame showing another month's name (a day).
  std::vector<double> loose;
  size_t read = 0, timed = 0;  // frames read; of them, frames with a timestamp
  double periodOf(size_t i) const { return loose[i] > 0 ? loose[i] : period; }
  // A difference between two frames is known within the coarser of their periods (0: not at all).
  double periodOf(size_t i, size_t j) const {
    const double a = periodOf(i), b = periodOf(j);
    return a == 0 ? b : b == 0 ? a : std::min(a, b);
  }
};

// A 12-hour clock's frames are read by their half day when most read frames tell it (osdHalfDays):
// relative to the capture's own AM/PM text, so that a frame twelve hours from the session's clock stands
// apart; as a 24-hour clock, its date compared, where the letters tell which text is "PM". A date with a
// month's name is compared between frames showing the usual name (osdUsualMonth).
ClockValues readClockValues(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& names,
                            const std::array<int8_t, 256>& digits, const std::vector<OsdGlyph>& glyphs,
                            std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& out) {
  ClockValues v;
  v.value.resize(frames.size());
  v.loose.assign(frames.size(), 0);
  std::vector<std::optional<OsdReading>> readings(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) readings[i] = readOsdClock(format, names[i], digits);
  dropWeekdayBreaks(format, names, glyphs, readings);
  const OsdHalfDays halves = osdHalfDays(format, names, glyphs);
  const std::vector<bool> usualMonth = osdUsualMonth(format, names, glyphs);
  const bool namedMonth = format.date == OsdDateOrder::NamedMonth;
  size_t told = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    v.read += readings[i].has_value();
    v.timed += readings[i] && frames[i].hasPts;
    told += readings[i] && halves.half[i] >= 0;
  }
  const bool byHalf = format.twelveHour && told * 2 > v.read;
  const bool absolute = byHalf && halves.afternoon >= 0;
  const bool dated = format.date != OsdDateOrder::None && (!format.twelveHour || absolute);
  v.period = dated ? 0 : format.twelveHour && !byHalf ? kDay / 2 : kDay;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!readings[i]) continue;
    OsdReading r = *readings[i];
    const int8_t half = byHalf ? halves.half[i] : int8_t{-1};
    bool halfDay = format.twelveHour;
    double seconds = r.minute * 60.0 + r.second;
    if (!format.twelveHour) {
      seconds += r.hour * 3600.0;
    } else if (half < 0) {
      seconds += (r.hour % 12) * 3600.0;
      if (byHalf) v.loose[i] = kDay / 2;
    } else if (absolute) {
      r.hour = r.hour % 12 + (half == halves.afternoon ? 12 : 0);
      seconds += r.hour * 3600.0;
      halfDay = false;
    } else {
      seconds += (r.hour % 12 + 12 * half) * 3600.0;
    }
    if (dated && namedMonth && (!usualMonth[i] || !r.hasDate()) && v.loose[i] == 0) v.loose[i] = kDay;
    // A named month's frames share the usual month: day and year place them (as if in January).
    if (dated && v.loose[i] == 0)
      seconds += static_cast<double>(daysFromCivil(r.year, namedMonth ? 1U : static_cast<unsigned>(r.month),
                                                   static_cast<unsigned>(r.day))) *
                 kDay;
    v.value[i] = seconds;
    out[i].shown = shownText(r);
    out[i].halfDay = halfDay;
  }
  // Where most frames read with less than the clock shows (a day's digit never named beside a month's
  // name), the session's clock is set by all of them, each compared with the least any of them tells.
  size_t loose = 0;
  double coarsest = 0;
  for (size_t i = 0; i < frames.size(); ++i)
    if (v.loose[i] > 0) ++loose, coarsest = coarsest == 0 ? v.loose[i] : std::min(coarsest, v.loose[i]);
  if (loose * 2 > v.read) {
    v.period = coarsest;
    v.loose.assign(frames.size(), 0);
  }
  for (size_t i = 0; i < frames.size(); ++i)
    out[i].offsetModuloHours = static_cast<int>(std::lround(v.periodOf(i) / 3600));
  return v;
}

// The cells that do not tick within minutes (hours and date), each with the name it shows most.
struct SlowCells {
  std::vector<int> cells;
  std::vector<uint8_t> mode;
};

SlowCells slowCells(const OsdFormat& format, const std::vector<std::vector<uint8_t>>& names) {
  SlowCells slow;
  for (size_t g = 0; g + 2 < format.groups.size(); ++g)
    slow.cells.insert(slow.cells.end(), format.groups[g].begin(), format.groups[g].end());
  for (int cell : slow.cells) {
    std::map<uint8_t, size_t> counts;
    for (const auto& f : names)
      if (static_cast<size_t>(cell) < f.size()) ++counts[f[static_cast<size_t>(cell)]];
    uint8_t best = kOsdUnknown;
    size_t most = 0;
    for (const auto& [name, count] : counts)
      if (count > most) best = name, most = count;
    slow.mode.push_back(best);
  }
  return slow;
}

// The frames showing the session's own clock: the same glyphs, frame after frame, in the cells that do not
// tick within minutes (hours and date). Only they set the session's clock; when too few of them can be read
// (their hour is a digit the seconds never showed), nothing is compared (empty), rather than letting a
// foreign camera's clock stand for the session's.
std::vector<bool> ownClockFrames(const OsdLayout& layout, const SlowCells& slow,
                                 const std::vector<std::vector<uint8_t>>& names,
                                 const std::array<int8_t, 256>& digits, const ClockValues& values) {
  const size_t n = names.size();
  std::vector<bool> own(n, false);
  size_t ownRead = 0;
  for (size_t i = 0; i < n; ++i) {
    bool same = names[i].size() == layout.cells.size();
    for (size_t k = 0; k < slow.cells.size() && same; ++k) {
      const uint8_t name = names[i][static_cast<size_t>(slow.cells[k])];
      same = name == slow.mode[k] || (digits[name] >= 0 && digits[name] == digits[slow.mode[k]]);
    }
    own[i] = same;
    ownRead += same && values.value[i].has_value();
  }
  if (ownRead * 10 < n * 3) return {};
  return own;
}

// A frame whose clock stands apart from the session's is believed only where its hours and date rest on
// counted names: a digit named by its likeness alone (a "1" over another camera's wall, nearest to the
// session's "0") would put it in the wrong time zone (bench/osd_styles.sh: a foreign still read 10 hours
// off). Unread is the safe side; a frame that agrees with the session's clock stays read.
void dropGuessedDisagreements(const SlowCells& slow, const std::vector<std::vector<uint8_t>>& names,
                              const std::array<bool, 256>& counted, std::vector<OsdFrameClock>& clocks) {
  for (size_t i = 0; i < clocks.size() && i < names.size(); ++i) {
    if (clocks[i].standing == OsdStanding::Unread || clocks[i].standing == OsdStanding::Consistent) continue;
    bool guessed = false;
    for (size_t k = 0; k < slow.cells.size() && !guessed; ++k) {
      const uint8_t name = names[i][static_cast<size_t>(slow.cells[k])];
      guessed = name != slow.mode[k] && !counted[name];
    }
    if (guessed) clocks[i] = OsdFrameClock{};
  }
}

// How many clock seconds pass per second of timestamps: 1, or a time-lapse export's rate (a recorder's
// hour in minutes). The median slope between own frames half the read frames apart, over at least ten
// seconds of timestamps; within 5% of 1 it is 1 (a clock that drifts a little against the stream's
// timestamps is a real-time clock, read as before).
double clockRate(std::span<const FrameRecord> frames, const ClockValues& values,
                 const std::vector<bool>& own) {
  std::vector<size_t> read;
  for (size_t i = 0; i < frames.size(); ++i)
    if (values.value[i] && frames[i].hasPts && own[i] && values.loose[i] == 0) read.push_back(i);
  std::vector<double> slopes;
  const size_t half = read.size() / 2;
  for (size_t k = 0; k + half < read.size() && half > 0; ++k) {
    const size_t i = read[k], j = read[k + half];
    const double span = frames[j].pts - frames[i].pts;
    if (span >= 10) slopes.push_back(around(*values.value[j] - *values.value[i], values.period) / span);
  }
  if (slopes.size() < 10) return 1;
  const double rate = median(std::move(slopes));
  return rate > 0 && std::abs(rate - 1) > 0.05 ? rate : 1;
}

// Frames with timestamps: the session's clock is the median of (clock - rate x pts) over its own frames,
// and each frame stands by its offset from it.
std::vector<OsdFrameClock> againstTimestamps(std::span<const FrameRecord> frames, const ClockValues& values,
                                             const std::vector<bool>& own, std::vector<OsdFrameClock> out) {
  const double rate = clockRate(frames, values, own);
  std::vector<double> offsets;
  double first = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!values.value[i] || !frames[i].hasPts || !own[i] || values.loose[i] > 0) continue;
    const double offset = *values.value[i] - rate * frames[i].pts;
    if (offsets.empty()) first = offset;
    offsets.push_back(first + around(offset - first, values.period));
  }
  if (offsets.empty()) return out;  // the session's own frames were read only where they had no timestamp
  const double session = median(offsets);
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!values.value[i] || !frames[i].hasPts) continue;
    out[i].offsetSeconds = around(*values.value[i] - rate * frames[i].pts - session, values.periodOf(i));
    out[i].standing = standingOf(out[i].offsetSeconds, kOsdTolerance);
  }
  if (rate == 1) dropOffTheSecond(frames, out);  // a time-lapse export's seconds jump between frames
  return trusted(std::move(out), true);
}

// A still whose clock stands with its neighbours' (within kOsdStillsTolerance) but reads earlier than the
// still read before it, or later than the one read after it (of those standing with the session), while
// those two read in order, breaks the clock's own order alone: a misread digit (a bold italic "8" named "3"
// under a shadow read 13:42:03 between 13:42:07 and 13:42:08: bench/osd_styles.sh,
// mono-bold-italic-12h-shadow), and is left unread.
// A stale thumbnail that old shows its own time right, but stands with the session all the same, so only
// its time of day goes; one that stands apart (behind by more than the tolerance) is left as it stands.
// Decided on the readings as they were, then dropped.
void dropStillsOutOfTurn(const ClockValues& values, const std::vector<size_t>& readIndex,
                         std::vector<OsdFrameClock>& out) {
  std::vector<size_t> steady;  // stills read standing with the session, in the capture's order
  steady.reserve(readIndex.size());
  for (const size_t i : readIndex)
    if (out[i].standing == OsdStanding::Consistent) steady.push_back(i);
  const auto step = [&](size_t a, size_t b) {  // b's clock less a's, the short way round
    return around(*values.value[b] - *values.value[a], values.periodOf(a, b));
  };
  std::vector<size_t> outOfTurn;
  for (size_t k = 1; k + 1 < steady.size(); ++k) {
    const size_t before = steady[k - 1], i = steady[k], after = steady[k + 1];
    if (step(before, after) >= 0 && (step(before, i) < 0 || step(i, after) < 0)) outOfTurn.push_back(i);
  }
  for (const size_t i : outOfTurn) out[i] = OsdFrameClock{};
}

// No timestamps (stills): each frame against the median of up to ten read own frames on either side.
std::vector<OsdFrameClock> againstNeighbours(const ClockValues& values, const std::vector<bool>& own,
                                             std::vector<OsdFrameClock> out) {
  std::vector<size_t> readIndex;
  for (size_t i = 0; i < values.value.size(); ++i)
    if (values.value[i]) readIndex.push_back(i);
  if (readIndex.size() < 3) return out;
  for (size_t k = 0; k < readIndex.size(); ++k) {
    std::vector<double> around10;
    for (size_t j = k >= 10 ? k - 10 : 0; j < std::min(readIndex.size(), k + 11); ++j)
      if (j != k && own[readIndex[j]])
        around10.push_back(around(*values.value[readIndex[j]] - *values.value[readIndex[k]],
                                  values.periodOf(readIndex[j], readIndex[k])));
    if (around10.empty()) continue;
    const size_t i = readIndex[k];
    out[i].offsetSeconds = -median(around10);
    out[i].standing = standingOf(out[i].offsetSeconds, kOsdStillsTolerance);
  }
  dropStillsOutOfTurn(values, readIndex, out);
  return trusted(std::move(out), false);
}

// Each frame's shot: frames with no cut in the picture between them share one.
std::vector<size_t> shotsOf(std::span<const FrameRecord> frames, size_t n) {
  std::vector<size_t> shot(n, 0);
  for (size_t i = 1; i < n; ++i) shot[i] = shot[i - 1] + (pictureStep(frames[i - 1], frames[i]).cut ? 1 : 0);
  return shot;
}

}  // namespace

void dropSecondsMisreadInAShot(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks,
                               const std::function<double(size_t)>& fromSecond, double halfSecond) {
  const size_t n = std::min(frames.size(), clocks.size());
  auto apart = [&](size_t i) { return frames[i].hasPts && adrift(clocks[i]); };
  size_t first = 0;
  while (first < n && !apart(first)) ++first;
  if (first == n) return;
  const std::vector<size_t> shot = shotsOf(frames, n);
  for (size_t a = first; a < n;) {
    if (!apart(a)) {
      ++a;
      continue;
    }
    size_t b = a + 1;
    while (b < n && apart(b) && clocks[b].shown == clocks[a].shown && shot[b] == shot[a]) ++b;
    // Whole seconds off the session's clock, the same on every frame of the run, at its tick's phase.
    const double whole = std::round(fromSecond(a));
    bool misread = std::abs(whole) >= 1 && std::abs(whole) <= 9;
    for (size_t i = a; i < b && misread; ++i) misread = std::abs(fromSecond(i) - whole) <= halfSecond;
    // The seconds' units alone: the tens the same as the session's second there.
    const int seconds = shownSeconds(clocks[a].shown), own = seconds - static_cast<int>(whole);
    misread = misread && seconds >= 0 && own >= 0 && own <= 59 && own / 10 == seconds / 10;
    // The nearest frames read on either side, in the same shot, stand with the session's clock: the run is
    // one second alone (a picture of another moment held longer shows more seconds, each apart). A run
    // under half a second may have no frame read on one side: over a bright sky or wall, where the reader
    // reads few frames, a lone frame read 2 s ahead among unread ones at the end of its shot had none after
    // it (bench/heldout_clips.sh --clocks --set debian-more, dt-sans-mdy-12h-shadow-br: a "0" named "2").
    enum class Side { None, Stands, Apart };
    const auto nearestRead = [&](size_t from, int direction) {
      for (size_t j = from; j < n && shot[j] == shot[a]; j += static_cast<size_t>(direction))
        if (clocks[j].standing != OsdStanding::Unread)
          return clocks[j].standing == OsdStanding::Consistent ? Side::Stands : Side::Apart;
      return Side::None;
    };
    const Side before = a > 0 ? nearestRead(a - 1, -1) : Side::None, after = nearestRead(b, 1);
    const bool lone = frames[b - 1].pts - frames[a].pts < 0.5;
    misread = misread && before != Side::Apart && after != Side::Apart &&
              (before == Side::Stands) + (after == Side::Stands) >= (lone ? 1 : 2);
    if (misread)
      for (size_t i = a; i < b; ++i) clocks[i] = OsdFrameClock{};
    a = b;
  }
}

void dropOffTheSecond(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& out) {
  std::vector<double> steps;
  for (size_t i = 1; i < frames.size(); ++i)
    if (frames[i].hasPts && frames[i - 1].hasPts && frames[i].pts > frames[i - 1].pts)
      steps.push_back(frames[i].pts - frames[i - 1].pts);
  std::vector<size_t> standing;
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i].standing == OsdStanding::Consistent && frames[i].hasPts) standing.push_back(i);
  if (standing.size() < 30 || steps.size() < 10) return;
  // The second is placed where a second less half a frame holds the most frames, and holds what is within
  // half a frame more on either side.
  const double step = median(std::move(steps)), width = 1 - step / 2;
  // The drift: the frames just after each tick stand at the top of the second, so their offsets run level
  // where the clock keeps time with the timestamps, and slope by the drift where it does not. The median
  // slope between ticks half of them apart, which a second misread (no tick into it by one) does not tilt.
  std::vector<size_t> ticks;  // into `standing`: frames whose reading is the frame before's plus a second
  for (size_t k = 1; k < standing.size(); ++k) {
    const size_t i = standing[k - 1], j = standing[k];
    const double gap = frames[j].pts - frames[i].pts;
    if (j == i + 1 && gap < 2 * step && std::lround(out[j].offsetSeconds - out[i].offsetSeconds + gap) == 1)
      ticks.push_back(k);
  }
  std::vector<double> slopes;
  for (size_t a = 0; a + ticks.size() / 2 < ticks.size(); ++a) {
    const size_t i = standing[ticks[a]], j = standing[ticks[a + ticks.size() / 2]];
    if (frames[j].pts - frames[i].pts >= 1)
      slopes.push_back((out[j].offsetSeconds - out[i].offsetSeconds) / (frames[j].pts - frames[i].pts));
  }
  const double drift = slopes.size() >= 3 ? median(std::move(slopes)) : 0;
  if (std::abs(drift) > 0.05) return;
  std::vector<double> residuals;
  residuals.reserve(standing.size());
  for (const size_t i : standing) residuals.push_back(out[i].offsetSeconds - drift * frames[i].pts);
  std::vector<double> sorted = residuals;
  std::sort(sorted.begin(), sorted.end());
  size_t most = 0;
  double lo = 0, hi = 0;  // the first and last frame's residual in that second
  for (size_t a = 0, b = 0; a < sorted.size(); ++a) {
    while (b < sorted.size() && sorted[b] <= sorted[a] + width) ++b;
    if (b - a > most) most = b - a, lo = sorted[a], hi = sorted[b - 1];
  }
  // A clock drawn at whole frames (by software) ticks at one phase of them: every second's first frame
  // stands at one residual, and the second holds what lies within half a frame of its first and last
  // frames; a frame a whole frame past its last shows the next second a frame before its tick (a "7" read
  // as "8"). A recorder's clock slips across the frames (25.09 to a tick: a second of 26 frames now and
  // then), its seconds' first frames spread over most of a frame, and it holds a whole second and half a
  // frame, as it always did.
  std::vector<double> firsts;  // the residuals of the seconds' first frames, the middle 80%
  firsts.reserve(ticks.size());
  for (const size_t k : ticks) firsts.push_back(residuals[k]);
  std::sort(firsts.begin(), firsts.end());
  const bool wholeFrames =
      firsts.size() >= 5 && firsts[firsts.size() * 9 / 10 - 1] - firsts[firsts.size() / 10] < step / 2;
  const double top = wholeFrames ? hi + step / 2 : lo + width + step / 2;
  std::vector<bool> inside(standing.size());
  size_t held = 0;
  for (size_t k = 0; k < standing.size(); ++k) {
    inside[k] = residuals[k] >= lo - step / 2 && residuals[k] <= top;
    held += inside[k];
  }
  if (held * 5 < standing.size() * 4) return;
  for (size_t k = 0; k < standing.size(); ++k)
    if (!inside[k]) out[standing[k]] = OsdFrameClock{};
  dropSecondsMisreadInAShot(
      frames, out, [&](size_t i) { return out[i].offsetSeconds - drift * frames[i].pts - (lo + width / 2); },
      width / 2 + step / 2);
}

void dropDigitFlips(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks) {
  const size_t n = std::min(frames.size(), clocks.size());
  auto apart = [](const OsdFrameClock& c) {
    return c.standing != OsdStanding::Unread && c.standing != OsdStanding::Consistent;
  };
  // Most sessions' clocks stand with themselves throughout: no shots to cut then (this runs once per way of
  // reading the line).
  if (std::none_of(clocks.begin(), clocks.begin() + static_cast<ptrdiff_t>(n), apart)) return;
  const std::vector<size_t> shot = shotsOf(frames, n);
  // Under a second apart: by timestamps, or 25 frames where a frame has none.
  auto near = [&](size_t i, size_t j) {
    if (frames[i].hasPts && frames[j].hasPts) return std::abs(frames[i].pts - frames[j].pts) < 1;
    return (i > j ? i - j : j - i) < 25;
  };
  auto units = [](const OsdFrameClock& c) { return c.shown.empty() ? '?' : c.shown.back(); };
  // Ten to fifty seconds off the session's clock at the frame's own instant, within its second: the
  // seconds' tens alone differ from the session's. A neighbour on the other side of a tick shows other
  // units, yet the frame still shows the session's own units at its instant.
  auto tensApart = [](const OsdFrameClock& c) {
    const double offset = around(c.offsetSeconds, c.offsetModuloHours * 3600.0);
    const double tens = std::round(offset / 10);
    return tens != 0 && std::abs(tens) <= 5 && std::abs(offset - tens * 10) < 1;
  };
  auto agrees = [&](size_t i, size_t j) {
    return clocks[j].standing == OsdStanding::Consistent &&
           (units(clocks[j]) == units(clocks[i]) || tensApart(clocks[i]));
  };
  // Dropped in place: only frames that agree are looked at, and a dropped frame never did.
  for (size_t i = 0; i < n; ++i) {
    if (!apart(clocks[i])) continue;
    bool flip = false;
    for (size_t j = i; j-- > 0 && shot[j] == shot[i] && near(i, j) && !flip;) flip = agrees(i, j);
    for (size_t j = i + 1; j < n && shot[j] == shot[i] && near(i, j) && !flip; ++j) flip = agrees(i, j);
    if (flip) clocks[i] = OsdFrameClock{};
  }
}

void dropLoneDateSlips(std::span<const FrameRecord> frames, std::vector<OsdFrameClock>& clocks) {
  constexpr double kDay = 86400;
  const size_t n = std::min(frames.size(), clocks.size());
  auto daysOff = [&](size_t i) {
    const OsdFrameClock& c = clocks[i];
    if (c.standing == OsdStanding::Unread || c.standing == OsdStanding::Consistent ||
        c.offsetModuloHours != 0)
      return false;
    const double days = std::round(c.offsetSeconds / kDay);
    return days != 0 && std::abs(c.offsetSeconds - days * kDay) <= kOsdTolerance;
  };
  std::vector<size_t> slips;
  for (size_t i = 0; i < n; ++i)
    if (frames[i].hasPts && daysOff(i)) slips.push_back(i);
  // Decided on the readings as they were, then dropped: two frames that stand together support each other.
  std::vector<size_t> lone;
  for (const size_t i : slips) {
    auto with = [&](size_t j) {
      return clocks[j].standing != OsdStanding::Unread &&
             std::abs(clocks[j].offsetSeconds - clocks[i].offsetSeconds) <= kOsdTolerance;
    };
    bool supported = false;
    for (size_t j = i; j-- > 0 && frames[j].hasPts && frames[i].pts - frames[j].pts < 1 && !supported;)
      supported = with(j);
    for (size_t j = i + 1; j < n && frames[j].hasPts && frames[j].pts - frames[i].pts < 1 && !supported; ++j)
      supported = with(j);
    if (!supported) lone.push_back(i);
  }
  for (const size_t i : lone) clocks[i] = OsdFrameClock{};
}

std::vector<OsdFrameClock> readSessionClock(const OsdLayout& layout, std::span<const FrameRecord> frames,
                                            const std::vector<std::vector<uint8_t>>& names,
                                            const std::vector<OsdGlyph>& glyphs, const OsdHint& hint,
                                            bool* dateOrderUnknown,
                                            const std::vector<OsdDigitGlyph>& referenceDigits) {
  const size_t n = frames.size();
  std::vector<OsdFrameClock> out(n);
  if (layout.empty() || glyphs.empty() || names.size() != n) return out;
  std::array<bool, 256> counted{};
  const auto digits = learnOsdDigits(layout, names, glyphs, &counted, referenceDigits);
  const OsdFormat format = osdFormat(layout, names, digits, glyphs, hint);
  if (dateOrderUnknown) *dateOrderUnknown = format.dateOrderUnknown;
  if (!format.valid()) return out;
  const ClockValues values = readClockValues(format, names, digits, glyphs, frames, out);
  if (values.read == 0) return out;
  const SlowCells slow = slowCells(format, names);
  const std::vector<bool> own = ownClockFrames(layout, slow, names, digits, values);
  if (own.empty()) return std::vector<OsdFrameClock>(n);
  std::vector<OsdFrameClock> clocks = values.timed * 2 > values.read
                                          ? againstTimestamps(frames, values, own, std::move(out))
                                          : againstNeighbours(values, own, std::move(out));
  dropGuessedDisagreements(slow, names, counted, clocks);
  dropDigitFlips(frames, clocks);
  dropLoneDateSlips(frames, clocks);
  return clocks;
}

namespace {

// A session's clock as the way that reads it best gave it (ClockWitness's Read::finish says how that way is
// chosen): its frames' clocks, how many read (of them with a date), and whether its date's order was told.
struct SessionClock {
  std::vector<OsdFrameClock> clocks;
  std::pair<size_t, size_t> read{0, 0};
  bool orderUnknown = false;
  size_t way = SIZE_MAX;
};

SessionClock readBestWay(std::span<const OsdGlyphReader> readers, std::span<const FrameRecord> frames,
                         const std::function<std::vector<std::vector<uint8_t>>(size_t way)>& namesOf,
                         const OsdHint& hint,
                         std::span<const std::vector<OsdDigitGlyph>* const> referenceDigits) {
  // The best of the ways that read a month's name, and of the others: each way's clocks moved into one of
  // them, never copied.
  SessionClock bestNamed, bestNumbered;
  bool monthNumbered = false;  // a way reads the month as a number on most of its frames
  for (size_t t = 0; t < readers.size(); ++t) {
    bool orderUnknown = false;
    auto clocks = readSessionClock(readers[t].layout(), frames, namesOf(t), readers[t].glyphs(), hint,
                                   &orderUnknown, *referenceDigits[t]);
    std::pair<size_t, size_t> read{0, 0};
    size_t monthNamed = 0;  // frames whose date shows a month's name ("2019-??-26")
    for (const auto& c : clocks) {
      if (c.standing == OsdStanding::Unread) continue;
      const bool dated = c.shown.size() > std::string_view("hh:mm:ss").size();
      ++read.first;
      read.second += dated;
      monthNamed += dated && c.shown.find('?') != std::string::npos;
    }
    monthNumbered = monthNumbered || (read.second - monthNamed) * 2 > read.first;
    SessionClock& best = monthNamed * 2 > read.second ? bestNamed : bestNumbered;
    if (read > best.read) best = {std::move(clocks), read, orderUnknown, t};
  }
  // Of both, the one that reads more; a tie keeps the earlier way.
  const bool namedBetter = bestNamed.read > bestNumbered.read ||
                           (bestNamed.read == bestNumbered.read && bestNamed.way < bestNumbered.way);
  return std::move(monthNumbered || !namedBetter ? bestNumbered : bestNamed);
}

// The digits a session's clock reads, over all its frames read: a line that reads the date as well as the
// time on as many frames reads more of the clock.
size_t digitsRead(const SessionClock& clock) {
  size_t digits = 0;
  for (const auto& c : clock.clocks)
    if (c.standing != OsdStanding::Unread)
      digits += static_cast<size_t>(
          std::count_if(c.shown.begin(), c.shown.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
  return digits;
}

// The picture a line is read on: the luma, or for a line found on the colour key (OsdLayout::colour) the
// key of the rows it is read on, made into a buffer kept from frame to frame. Empty where a colour line's
// picture has no chroma to key.
class LinePicture {
 public:
  GrayView of(const OsdLayout& line, const GrayView& luma, const ChromaView& chroma) {
    if (!line.colour) return luma;
    if (!osdColourKeyFits(luma, chroma)) return {};
    const cv::Range rows = osdLineRows(line);
    osdColourKey(luma, chroma, rows.start, rows.end, key_);
    return {key_.ptr<uint8_t>(), key_.cols, key_.rows, static_cast<int>(key_.step)};
  }

 private:
  cv::Mat key_;
};

// The burned-in clock witness: each camera's clock line learned from its references; each capture's clock
// cells named as it is decoded, then read as times and set against the session's own clock.
class ClockWitness final : public PooledWitness<OsdLayoutBuilder, OsdLayout> {
 public:
  explicit ClockWitness(const std::vector<CameraSpec>& cameras)
      : PooledWitness(cameras.size()),
        ownLines_(cameras.size()),
        invertedLines_(cameras.size()),
        colourLines_(cameras.size()),
        brightLines_(cameras.size()),
        lines_(cameras.size()),
        rounds_(cameras.size(), Round::Count),
        counted_(cameras.size(), 0),
        referenceDigits_(cameras.size()),
        registered_(cameras.size()),
        moving_(cameras.size()) {
    for (const auto& camera : cameras) hints_.push_back(camera.osd);
  }
  std::string_view name() const override { return "burned_in_clock"; }
  std::unique_ptr<Learner> learner() const override { return std::make_unique<ClockPool>(learns()); }
  // The reference's lines on its colour key and its bright key, before its pool joins its camera's (which
  // keeps neither).
  void learn(size_t camera, Learner& learner) override {
    auto& pool = static_cast<ClockPool&>(learner);
    auto keep = [](std::vector<OsdLayout>& lines, OsdLayout line, bool OsdLayout::*key) {
      line.*key = true;
      if (!(line.empty() || lines.size() >= kMaxKeyLines ||
            std::find(lines.begin(), lines.end(), line) != lines.end()))
        lines.push_back(std::move(line));
    };
    keep(colourLines_.at(camera), pool.colour.finish(), &OsdLayout::colour);
    keep(brightLines_.at(camera), pool.bright.finish(), &OsdLayout::bright);
    pool.colour = OsdLayoutBuilder{};
    pool.bright = OsdLayoutBuilder{};
    PooledWitness::learn(camera, learner);
  }
  // Each reference's own line, found in its frames alone, beside the line pooled over all of them: where a
  // camera's day reference shows its clock over a wall nearly as pale as the text and its night reference
  // shows it clearly, the pooled strokes are the night's and the pooled line can be cut wrong (9 cells for
  // 22 characters), while the day reference's own line is cut right. A session is read on each of its
  // camera's lines, and keeps the one that reads it best (Read::finish), as it does the ways of one line.
  // The line on the references' negative too (OsdLayout::inverted): a clock drawn white with a thin black
  // edge over a pale scene (a lit office ceiling under FFmpeg's drawtext) is found and read there where
  // its strokes never rise over the scene (bench/osd_drawtext.sh). One, from the first reference whose
  // negative shows a line: each line costs a reading of every frame of the camera's sessions.
  void pooling(size_t camera, OsdLayoutBuilder& reference) override {
    auto keep = [](std::vector<OsdLayout>& lines, size_t most, OsdLayout line) {
      if (lines.size() < most && !line.empty() && std::find(lines.begin(), lines.end(), line) == lines.end())
        lines.push_back(std::move(line));
    };
    keep(ownLines_.at(camera), kMaxOwnLines, reference.finish());
    keep(invertedLines_.at(camera), kMaxInvertedLines, reference.finishInverted());
    // The camera's pooled line is sought on the picture only: its negative (6 bytes a pixel) is not
    // carried into the camera's pool.
    reference.dropNegative();
  }
  // The pooled line first (a tie between lines keeps it), then the references' own lines of its picture
  // size that differ from it, then their lines on the negative.
  void finishLearning() override {
    PooledWitness::finishLearning();
    for (size_t camera = 0; camera < lines_.size(); ++camera) {
      const OsdLayout& pooled = models()[camera];
      auto& lines = lines_[camera];
      lines.push_back({pooled, {}});
      auto& own = ownLines_[camera];
      auto& inverted = invertedLines_[camera];
      auto& colour = colourLines_[camera];
      auto& bright = brightLines_[camera];
      const OsdLayout* sized = !pooled.empty()     ? &pooled
                               : !own.empty()      ? &own.front()
                               : !inverted.empty() ? &inverted.front()
                               : !colour.empty()   ? &colour.front()
                               : !bright.empty()   ? &bright.front()
                                                   : nullptr;
      if (!sized) continue;
      const int width = sized->frameWidth, height = sized->frameHeight;
      for (auto* set : {&own, &inverted, &colour, &bright})
        for (auto& line : *set)
          if (line != pooled && line.fits(width, height)) lines.push_back({std::move(line), {}});
    }
    ownLines_ = {};
    invertedLines_ = {};
    colourLines_ = {};
    brightLines_ = {};
  }
  // The references once more, read on the lines the first look found, to count which glyph is which digit
  // there: a capture's count fixes only the digits its seconds show, and a session of 16 s with bursts of
  // another camera, or thumbnails minutes apart, may never show a "4". The same pass registers the pooled
  // line's frames to one another (OsdLineRegistrar): where the line moves with its text, the count is made
  // again on the line its registered frames show, in a second round.
  std::unique_ptr<Learner> refiner(size_t camera) const override {
    const auto& lines = lines_.at(camera);
    if (rounds_.at(camera) == Round::Done ||
        std::all_of(lines.begin(), lines.end(), [](const auto& l) { return l.line.empty(); }))
      return nullptr;
    return std::make_unique<Count>(lines, rounds_[camera] == Round::Count);
  }
  void refine(size_t camera, Learner& learner) override {
    auto& count = static_cast<Count&>(learner);
    auto& lines = lines_.at(camera);
    for (size_t k = 0; k < lines.size(); ++k) {
      auto& digits = lines[k].digits;
      const Count::Counting& line = count.lines[k];
      digits.resize(line.readers.size());
      for (size_t t = 0; t < line.readers.size(); ++t) {
        addDigitGlyphs(digits[t],
                       countedDigitGlyphs(line.readers[t].layout(), line.names[t], line.readers[t].glyphs()));
      }
    }
    // Each line on a key, and the lines it competes with, read on the reference as a session is read.
    auto& read = referenceDigits_.at(camera);
    read.resize(lines.size(), 0);
    if (std::any_of(lines.begin(), lines.end(), [](const Line& l) { return onKey(l.line); }))
      for (size_t k = 0; k < lines.size(); ++k) read[k] += count.digitsRead(k, lines[k], hints_.at(camera));
    counted_.at(camera) += count.frames;
    registerBefore(camera);
    if (!count.registrar) return;
    auto& registered = registered_.at(camera);
    if (registered)
      registered->merge(*count.registrar);
    else
      registered = std::move(count.registrar);
  }
  // A line that moves with its text, registered, is the camera's only line, its digits counted again on it.
  // A camera whose references, over a few seconds of frames, counted no digit on any line on any way has
  // no clock there: what was taken for one is a row of details of its scene (a shelf of bottles: seven
  // cells, every glyph a new name), and reading it on every frame of its sessions cost a tenth of an
  // audit's time and read nothing.
  void refinedAll(size_t camera) override { registerBefore(camera + 1); }
  void finishRefining() override {
    registerBefore(rounds_.size());
    for (size_t camera = 0; camera < rounds_.size(); ++camera) {
      Round& round = rounds_[camera];
      if (round == Round::Done) continue;
      auto& lines = lines_[camera];
      if (round == Round::Count) {
        OsdLayout moving = std::move(moving_[camera]);
        if (!moving.empty()) {
          // It replaces the lines found on the picture; those on its negative and its keys are counted
          // again beside it.
          std::vector<Line> kept{{std::move(moving), {}}};
          for (auto& line : lines)
            if (line.line.inverted || onKey(line.line)) kept.push_back({std::move(line.line), {}});
          lines = std::move(kept);
          counted_[camera] = 0;
          referenceDigits_[camera].clear();
          round = Round::Recount;
          continue;
        }
      }
      auto noDigit = [](const Line& l) {
        return std::all_of(l.digits.begin(), l.digits.end(), [](const auto& d) { return d.empty(); });
      };
      if (counted_[camera] >= kNoClockFrames) {
        // A line on the negative is a scene's dark details (window frames, a fence), one on the colour key
        // a row of coloured things (signs, foliage), one on the bright key a row of highlights, unless its
        // references count a digit on it: it is read on every frame of the camera's sessions only then. A
        // line on a key is read there only where it also read a tenth more of its references' clock than
        // every line on the picture: where the luma reads the clock as well (white text over a darker
        // scene, or a coloured one over a dark scene), reading the key too cost up to a third of such a
        // camera's audit for a few frames more (bench/README.md, twenty-seventh session). Where no line on
        // the picture reads any of them (references too short for their count to fix a digit: seconds that
        // never pass a ten nor show a digit of the date), nothing speaks against a colour line, and it is
        // kept; a bright line is not, as on the bright key a "0" and a "9" of a plain sans took one name and
        // a session read its year wrong (bench/README.md, thirtieth session).
        const auto& read = referenceDigits_[camera];
        auto readOf = [&read](size_t k) { return k < read.size() ? read[k] : 0; };
        size_t otherBest = 0;
        for (size_t k = 0; k < lines.size(); ++k)
          if (!onKey(lines[k].line)) otherBest = std::max(otherBest, readOf(k));
        std::vector<Line> kept;
        for (size_t k = 0; k < lines.size(); ++k) {
          const Line& l = lines[k];
          if ((l.line.inverted || onKey(l.line)) && noDigit(l)) continue;
          if (onKey(l.line) && (otherBest > 0 || !l.line.colour) && readOf(k) * 10 <= otherBest * 11)
            continue;
          kept.push_back(std::move(lines[k]));
        }
        lines = std::move(kept);
        if (std::all_of(lines.begin(), lines.end(), noDigit)) lines.clear();
      }
      round = Round::Done;
    }
    moving_.assign(moving_.size(), OsdLayout{});
    registeredBefore_ = 0;
  }
  std::unique_ptr<Reader> reader(size_t claimed) const override {
    return std::make_unique<Read>(lines_.at(claimed), hints_.at(claimed));
  }

 private:
  // A camera's references beyond these teach its line nothing new, and each line costs a reading of every
  // session of the camera.
  static constexpr size_t kMaxOwnLines = 2;
  static constexpr size_t kMaxInvertedLines = 1;
  static constexpr size_t kMaxKeyLines = 1;  // of each key
  static bool onKey(const OsdLayout& line) { return line.colour || line.bright; }
  // Reference frames enough for a clock to tick at least once (two seconds at 30 frames a second).
  static constexpr int kNoClockFrames = 60;
  // A line a camera's sessions are read on, with the digit glyphs its references counted on it, per way of
  // reading it (osdReadingLayouts order).
  struct Line {
    OsdLayout line;
    std::vector<std::vector<OsdDigitGlyph>> digits;
  };
  std::vector<OsdHint> hints_;                    // per camera, from the case manifest
  std::vector<std::vector<OsdLayout>> ownLines_;  // per camera: its references' own lines, while learning
  std::vector<std::vector<OsdLayout>> invertedLines_;  // the same, on their pictures' negatives
  std::vector<std::vector<OsdLayout>> colourLines_;    // the same, on their pictures' colour keys
  std::vector<std::vector<OsdLayout>> brightLines_;    // the same, on their pictures' bright keys
  std::vector<std::vector<Line>> lines_;               // per camera, the pooled line first
  // Per camera: the next pass over its references (Count registers the line too; Recount counts on the
  // line registered), and the registered line, pooled in manifest order.
  enum class Round { Count, Recount, Done };
  std::vector<Round> rounds_;
  std::vector<int> counted_;  // per camera: reference frames counted in this round
  // Per camera, per line: the digits its best way read of the references in this round, where the camera
  // has a line on a key (empty otherwise).
  std::vector<std::vector<size_t>> referenceDigits_;
  std::vector<std::optional<OsdLineRegistrar>> registered_;
  // Per camera: its registered line, finished (empty where the line stayed put), and its registrar freed
  // (a picture's pools, 18 bytes a pixel) once its last reference came back (refiners come back in
  // manifest order). The cameras before registeredBefore_ are finished.
  std::vector<OsdLayout> moving_;
  size_t registeredBefore_ = 0;
  void registerBefore(size_t camera) {
    for (; registeredBefore_ < camera && registeredBefore_ < registered_.size(); ++registeredBefore_) {
      auto& registered = registered_[registeredBefore_];
      if (registered) moving_[registeredBefore_] = registered->finish();
      registered.reset();
    }
  }

  // A reference's pool, and its colour key's (OsdLayout::colour) and bright key's (OsdLayout::bright): a
  // line of each, found on the key alone. Only pictures with some colour as bright as a stroke are pooled
  // on the colour key: a grey picture's key has no stroke (grey video, night mode), and pooling it cost as
  // much as pooling the luma; likewise only pictures with a pixel at kOsdBrightCut on the bright key.
  struct ClockPool final : Pool {
    explicit ClockPool(bool learns) : Pool(learns) {
      // A key's text stands far above its scene (black there): the light scale finds it, and a 1080p
      // reference pools 12 MB a key where every pool would take 37 MB beside the picture's own.
      for (auto* keyed : {&colour, &bright}) {
        keyed->poolNegative(false);
        keyed->poolLightOnly(true);
      }
    }
    void add(const GrayView& picture, const ChromaView& chroma) override {
      Pool::add(picture, chroma);
      if (!learns) return;
      auto pool = [this](OsdLayoutBuilder& keyed) {
        keyed.add({key.ptr<uint8_t>(), key.cols, key.rows, static_cast<int>(key.step)});
      };
      if (colour.frames() < OsdLayoutBuilder::kMaxFrames && osdColourKeyFits(picture, chroma) &&
          osdColourPeak(chroma) >= kOsdStrokeLuma) {
        osdColourKey(picture, chroma, 0, picture.height, key);
        pool(colour);
      }
      if (bright.frames() < OsdLayoutBuilder::kMaxFrames && osdBrightKey(picture, key)) pool(bright);
    }
    OsdLayoutBuilder colour, bright;
    cv::Mat key;
  };

  struct Count final : Learner {
    // One of the camera's lines as this reference's frames read it.
    struct Counting {
      std::vector<OsdLayout> ways;
      std::vector<OsdGlyphReader> readers;
      std::vector<std::vector<std::vector<uint8_t>>> names;  // per reading, per frame
    };
    Count(const std::vector<Line>& cameraLines, bool registers) {
      for (const auto& cameraLine : cameraLines) {
        Counting& line = lines.emplace_back();
        line.ways = osdReadingLayouts(cameraLine.line);
        for (const auto& way : line.ways) line.readers.emplace_back(way);
        line.names.resize(line.readers.size());
      }
      if (registers && !cameraLines.front().line.empty()) registrar.emplace(cameraLines.front().line);
    }
    void add(const GrayView& luma, const ChromaView& chroma) override {
      for (auto& line : lines) {
        if (line.readers.empty()) continue;
        const GrayView picture = linePicture.of(line.ways.front(), luma, chroma);
        const OsdLineResponse response = osdLineResponse(line.ways, picture);
        for (size_t t = 0; t < line.readers.size(); ++t)
          line.names[t].push_back(line.readers[t].read(picture, &response));
      }
      if (registrar) registrar->add(luma);
      ++frames;
    }
    // As many frames as the layout pools: every digit shows in the units within ten seconds, and ten
    // minutes of a clock count the tens of its minutes too.
    bool satisfied() const override { return frames >= OsdLayoutBuilder::kMaxFrames; }
    // The digits line k's best way reads of this reference, read as a session is (without its timestamps:
    // against neighbouring frames), on the digit glyphs counted for `counted`.
    size_t digitsRead(size_t k, const Line& counted, const OsdHint& hint) const {
      const Counting& line = lines.at(k);
      if (line.readers.empty()) return 0;
      std::vector<FrameRecord> records(static_cast<size_t>(frames));
      for (size_t i = 0; i < records.size(); ++i) records[i].index = static_cast<int64_t>(i);
      static const std::vector<OsdDigitGlyph> kNone;
      std::vector<const std::vector<OsdDigitGlyph>*> digits;
      for (size_t t = 0; t < line.readers.size(); ++t)
        digits.push_back(t < counted.digits.size() ? &counted.digits[t] : &kNone);
      return camtrace::digitsRead(readBestWay(
          line.readers, records, [&](size_t t) { return line.names[t]; }, hint, digits));
    }
    std::vector<Counting> lines;  // per line of the camera
    std::optional<OsdLineRegistrar> registrar;
    int frames = 0;
    LinePicture linePicture;
  };

  struct Read final : Reader {
    // Every line's ways, line after line; `firstWay`: where each line's begin, and the end.
    Read(const std::vector<Line>& lines, OsdHint hint) : hint(hint) {
      static const std::vector<OsdDigitGlyph> kNone;
      for (const auto& line : lines) {
        firstWay.push_back(ways.size());
        const auto own = osdReadingLayouts(line.line);
        for (size_t t = 0; t < own.size(); ++t) {
          ways.push_back(own[t]);
          readers.emplace_back(own[t]);
          referenceDigits.push_back(t < line.digits.size() ? &line.digits[t] : &kNone);
        }
      }
      firstWay.push_back(ways.size());
    }
    // Every way's names of the frame in one buffer, way after way: one allocation a frame instead of one a
    // way (the records of a long capture are all held until it is judged).
    void read(const GrayView& luma, const ChromaView& chroma, FrameRecord& record) override {
      record.osdNames.clear();
      record.osdNames.reserve(namesPerFrame());
      for (size_t k = 0; k + 1 < firstWay.size(); ++k) {
        const auto lineWays = std::span(ways).subspan(firstWay[k], firstWay[k + 1] - firstWay[k]);
        if (lineWays.empty()) continue;
        const GrayView picture = linePicture.of(lineWays.front(), luma, chroma);
        if (picture.empty() && lineWays.front().fits(luma.width, luma.height)) {
          // A colour line on a picture without chroma: its cells unread, the other lines read as ever.
          for (const auto& way : lineWays)
            record.osdNames.insert(record.osdNames.end(), way.cells.size(), kOsdUnknown);
          continue;
        }
        const OsdLineResponse line = osdLineResponse(lineWays, picture);
        for (size_t t = firstWay[k]; t < firstWay[k + 1]; ++t) {
          const std::vector<uint8_t> names = readers[t].read(picture, &line);
          record.osdNames.insert(record.osdNames.end(), names.begin(), names.end());
        }
      }
    }
    // A frame of the lines' size has every way's names, one per cell; another has none.
    size_t namesPerFrame() const {
      size_t total = 0;
      for (const auto& way : ways) total += way.cells.size();
      return total;
    }
    // The reading under which more frames read: each has passed the same checks (the count, the format, the
    // session's own clock), so reading more is reading better; then the one that reads more dates (an
    // 8-pixel day over a bright scene read at the wider tolerance only); ties keep the earlier (the grid,
    // the narrower tolerance). A date shows its month as a name or as a number, not both: where a way reads
    // the month as a number on most of its frames, a way that reads a month's name took something else for a
    // word, and is not chosen. Two digits that touch ("25.12.2019"), one cell where the ink is, are no digit,
    // and the date then reads as a month's name before a day (2019-??-12), where the ways that cut such cells
    // in two read the day (bench/osd_styles.sh, sans-dmy-dots-22px-tr: 430 frames dated the 12th).
    void finish(std::span<FrameRecord> frames) override {
      const size_t perFrame = namesPerFrame();
      std::vector<size_t> offsets;  // each way's first name in a frame's buffer
      for (size_t t = 0, offset = 0; t < ways.size(); offset += ways[t++].cells.size())
        offsets.push_back(offset);
      auto namesOf = [&](size_t t) {
        const auto cells = static_cast<ptrdiff_t>(ways[t].cells.size());
        std::vector<std::vector<uint8_t>> names;
        names.reserve(frames.size());
        for (const auto& f : frames) {
          if (f.osdNames.size() != perFrame) {
            names.emplace_back();
            continue;
          }
          const auto first = f.osdNames.begin() + static_cast<ptrdiff_t>(offsets[t]);
          names.emplace_back(first, first + cells);
        }
        return names;
      };
      // Each line's best way, then the line whose way reads the most digits; a tie keeps the earlier line
      // (the pooled one).
      SessionClock chosen;
      size_t chosenDigits = 0;
      for (size_t k = 0; k + 1 < firstWay.size(); ++k) {
        const size_t first = firstWay[k], count = firstWay[k + 1] - first;
        SessionClock clock = readBestWay(
            std::span(readers).subspan(first, count), frames, [&](size_t t) { return namesOf(first + t); },
            hint, std::span(referenceDigits).subspan(first, count));
        const size_t digits = digitsRead(clock);
        if (k == 0 || digits > chosenDigits) {
          chosen = std::move(clock);
          chosenDigits = digits;
        }
      }
      if (chosen.read.first > 0 && chosen.orderUnknown)
        notes_.push_back(
            "burned-in clock: whether its date is day-month or month-day, no frame tells (no day over "
            "12), so its time is read without the date; give the camera \"osd\": {\"date\": \"DMY\"} "
            "or {\"date\": \"MDY\"} in the case manifest to read the date too");
      chosen.clocks.resize(frames.size());
      for (size_t i = 0; i < frames.size(); ++i) {
        frames[i].clock = chosen.clocks[i];
        // Read: the names are no longer needed (moved out: assigning {} would keep their memory).
        frames[i].osdNames = std::vector<uint8_t>();
      }
      if (hint.zoneKnown) clockTimes(frames);
    }
    std::vector<std::string> notes() const override { return notes_; }
    // The clock as the time of day of the frames the capture gave none (a raw transport stream, a
    // container without creation_time), in the zone the manifest sets the camera's clock to: each read
    // frame at what its session's clock showed then (its own reading less its offset from the session's:
    // a foreign frame was seen at the session's time, not at its camera's). Only clocks with a date and a
    // 24-hour time: a 12-hour reading is half a day from two times.
    void clockTimes(std::span<FrameRecord> frames) const {
      for (auto& f : frames) {
        const OsdFrameClock& c = f.clock;
        if (!std::isnan(f.time.seconds) || c.standing == OsdStanding::Unread || c.halfDay ||
            c.shown.size() <= std::string_view("hh:mm:ss").size() || c.shown.find('?') != std::string::npos)
          continue;
        // An own frame shows the time (its offset is the tick's phase, under a second); another stands
        // whole seconds or hours from it.
        const double offset = c.standing == OsdStanding::Consistent ? 0 : std::round(c.offsetSeconds);
        if (const auto shown = parseLogTime(c.shown, hint.utcOffsetSeconds))
          f.time = {*shown - offset, TimeSource::BurnedInClock};
      }
    }
    OsdHint hint;
    std::vector<OsdLayout> ways;
    std::vector<size_t> firstWay;
    std::vector<OsdGlyphReader> readers;
    std::vector<const std::vector<OsdDigitGlyph>*> referenceDigits;  // per way: its camera's
    std::vector<std::string> notes_;
    LinePicture linePicture;
  };
};

}  // namespace

CAMTRACE_REGISTER_WITNESS(ClockWitness, "burned_in_clock");

}  // namespace camtrace
