#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace camtrace {

// A manifest's regular expression over log values (`object_camera_pattern`, a field's `pattern`), whose
// first group is the value wanted: "^/v1/thumbs/([^/]+)/" gives the camera of "/v1/thumbs/cam-B/9.jpg".
// RE2 syntax, matched byte by byte (Latin-1), anywhere in the value unless anchored. RE2 and not
// std::regex: it runs in time linear in the value, whatever the value (log lines are attacker-controlled,
// and libstdc++'s std::regex recursed per character until a 100,000-character URI overflowed its stack),
// and about ten times faster (bench/log_throughput.sh, docs/measured.md).
class LogPattern {
 public:
  // Throws std::invalid_argument saying why when `pattern` does not compile or has no group.
  explicit LogPattern(const std::string& pattern);
  ~LogPattern();
  LogPattern(LogPattern&&) noexcept;
  LogPattern& operator=(LogPattern&&) noexcept;

  // The first group of the first match in `text`; false when nothing matches or the group took no part.
  bool firstGroup(std::string_view text, std::string& group) const;

 private:
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace camtrace
