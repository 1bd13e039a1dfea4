#include "log_time.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace camtrace {

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool digits(int count, int& out) {
    out = 0;
    for (int k = 0; k < count; ++k) {
      if (done() || s_[i_] < '0' || s_[i_] > '9') return false;
      out = out * 10 + (s_[i_++] - '0');
    }
    return true;
  }
  // Optional ".fff" fraction.
  double fraction() {
    if (peek() != '.' && peek() != ',') return 0;
    ++i_;
    double scale = 0.1, value = 0;
    while (!done() && s_[i_] >= '0' && s_[i_] <= '9') {
      value += (s_[i_++] - '0') * scale;
      scale /= 10;
    }
    return value;
  }
  // "Z", "+hh:mm", "+hhmm", "-hh" or nothing (`zoneless`, the offset then). Returns false on a malformed
  // zone.
  bool zone(int& offsetSeconds, int zoneless) {
    offsetSeconds = 0;
    while (eat(' ')) {
    }
    if (done()) {
      offsetSeconds = zoneless;
      return true;
    }
    if (eat('Z') || eat('z')) return true;
    const char sign = peek();
    if (sign != '+' && sign != '-') return false;
    ++i_;
    int hh = 0, mm = 0;
    if (!digits(2, hh)) return false;
    eat(':');
    if (!done() && !digits(2, mm)) return false;
    offsetSeconds = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
    return true;
  }
  std::string_view rest() const { return s_.substr(std::min(i_, s_.size())); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::optional<double> compose(int y, int mo, int d, int h, int mi, int s, double frac, int offset) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  const int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return static_cast<double>(days * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + s - offset) + frac;
}

std::optional<double> parseIso(std::string_view text, int zoneless) {
  Cursor c(text);
  int y, mo, d, h, mi, s, offset;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d))
    return std::nullopt;
  if (!c.eat('T') && !c.eat('t') && !c.eat(' ')) return std::nullopt;
  if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, mi) || !c.eat(':') || !c.digits(2, s))
    return std::nullopt;
  const double frac = c.fraction();
  if (!c.zone(offset, zoneless) || !c.done()) return std::nullopt;
  return compose(y, mo, d, h, mi, s, frac, offset);
}

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::optional<double> parseClf(std::string_view text, int zoneless) {
  Cursor c(text);
  int d, y, h, mi, s, offset;
  if (!c.digits(2, d) || !c.eat('/')) return std::nullopt;
  const std::string_view rest = c.rest();
  if (rest.size() < 4) return std::nullopt;
  int mo = 0;
  for (int k = 0; k < 12; ++k)
    if (rest.substr(0, 3) == kMonths[k]) mo = k + 1;
  if (mo == 0) return std::nullopt;
  Cursor t(rest.substr(3));
  if (!t.eat('/') || !t.digits(4, y) || !t.eat(':') || !t.digits(2, h) || !t.eat(':') || !t.digits(2, mi) ||
      !t.eat(':') || !t.digits(2, s))
    return std::nullopt;
  const double frac = t.fraction();
  if (!t.zone(offset, zoneless) || !t.done()) return std::nullopt;
  return compose(y, mo, d, h, mi, s, frac, offset);
}

std::optional<double> parseEpoch(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0)
    return std::nullopt;
  if (value > 1e11) value /= 1000.0;
  // Up to 9999-12-31T23:59:59Z: beyond it a value is no timestamp, and formatUtc could not write it.
  if (value > 253402300799.0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> parseLogTime(std::string_view text, int zonelessOffsetSeconds) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '[')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == ']')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text.size() >= 11 && text[2] == '/') return parseClf(text, zonelessOffsetSeconds);
  if (text.size() >= 19 && text[4] == '-') return parseIso(text, zonelessOffsetSeconds);
  return parseEpoch(text);
}

std::optional<int> parseUtcOffset(std::string_view text) {
  if (text == "UTC" || text == "Z") return 0;
  Cursor c(text);
  int offset = 0;
  if (c.done() || !c.zone(offset, 0) || !c.done() || offset < -14 * 3600 || offset > 14 * 3600)
    return std::nullopt;
  return offset;
}

std::string formatUtc(double seconds) {
  const double whole = std::floor(seconds);
  int millis = static_cast<int>(std::lround((seconds - whole) * 1000.0));
  int64_t secs = static_cast<int64_t>(whole);
  if (millis == 1000) {
    millis = 0;
    ++secs;
  }
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  char buffer[48];
  if (millis)
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03dZ",
                  static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60), millis);
  else
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                  m, d, static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
  return buffer;
}

std::string formatClf(double seconds) {
  const std::string iso = formatUtc(std::floor(seconds));  // 2019-12-26T10:01:02Z
  return iso.substr(8, 2) + "/" + kMonths[std::stoi(iso.substr(5, 2)) - 1] + "/" + iso.substr(0, 4) + ":" +
         iso.substr(11, 8) + " +0000";
}

}  // namespace camtrace
