#include "formats/log_pattern.h"

#include <stdexcept>

#include <re2/re2.h>

namespace camtrace {

LogPattern::LogPattern(const std::string& pattern) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // bytes, as log values may not be UTF-8
  options.set_log_errors(false);
  re_ = std::make_unique<RE2>(pattern, options);
  if (!re_->ok())
    throw std::invalid_argument(
        "is not a regular expression in RE2 syntax (no lookaround, no backreferences): " + re_->error());
  if (re_->NumberOfCapturingGroups() < 1)
    throw std::invalid_argument("has no group: its first group (parentheses) is the value it gives");
}

LogPattern::~LogPattern() = default;
LogPattern::LogPattern(LogPattern&&) noexcept = default;
LogPattern& LogPattern::operator=(LogPattern&&) noexcept = default;

bool LogPattern::firstGroup(std::string_view text, std::string& group) const {
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece captured;
  if (!RE2::PartialMatch(input, *re_, &captured) || captured.data() == nullptr) return false;
  group.assign(captured.data(), captured.size());
  return true;
}

}  // namespace camtrace
