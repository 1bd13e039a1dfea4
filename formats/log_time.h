#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camtrace {

// A log timestamp as seconds since 1970 (UTC). The form is recognised from the value itself, so one mapping
// works for every source:
//   ISO 8601 / RFC 3339   2019-12-26T10:01:02.250Z, 2019-12-26 10:01:02+01:00 (no zone: UTC)
//   common log format     26/Dec/2019:10:01:02 +0000 (nginx $time_local, Apache %t; brackets allowed)
//   epoch                 1577354462.25 (seconds, nginx $msec) or 1577354462250 (milliseconds, > 1e11)
// A time written without a zone is taken at `zonelessOffsetSeconds` east of UTC (a log's `timezone`;
// default UTC); epoch values are absolute. Returns nullopt for anything else; never throws.
std::optional<double> parseLogTime(std::string_view text, int zonelessOffsetSeconds = 0);

// A fixed UTC offset as written in a manifest: "UTC", "Z", "+01:00", "-0530", "+09"; seconds east of UTC,
// or nullopt (also beyond +-14 h).
std::optional<int> parseUtcOffset(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): no timegm(), no
// locale, no time zone database, the same answer on every machine.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);

// Seconds since 1970 as "2019-12-26T10:01:02.250Z" (milliseconds shown only when not whole).
std::string formatUtc(double seconds);

// Whole seconds since 1970 in the common log format, UTC: "26/Dec/2019:10:01:02 +0000" (nginx $time_local,
// Apache %t without its brackets).
std::string formatClf(double seconds);

}  // namespace camtrace
