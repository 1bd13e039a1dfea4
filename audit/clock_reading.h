#pragma once

// What the burned-in clock witness writes on each frame (audit/osd_evidence decides it; findings and
// --explain report it).

#include <string>

namespace camtrace {

enum class OsdStanding { Unread, Consistent, OtherZone, Behind, Ahead };
const char* osdStandingName(OsdStanding standing);

struct OsdFrameClock {
  OsdStanding standing = OsdStanding::Unread;
  std::string shown;         // "2019-12-26 04:05:00", or "04:05:00" when the clock shows no date
  double offsetSeconds = 0;  // the frame's clock minus the session's clock at that frame
  bool halfDay = false;      // a 12-hour clock: `shown` is within half a day (its AM/PM is not read)
  // The offset is known only modulo this many hours: 24 for a clock without a date (or whose date is not
  // compared), 12 for a 12-hour clock whose AM/PM this frame did not tell; 0 when it is whole.
  int offsetModuloHours = 0;
};

}  // namespace camtrace
