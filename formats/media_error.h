#pragma once

#include <stdexcept>
#include <string>

namespace camtrace {

// Thrown at the formats/ boundary when an input cannot be read. Carries the input's path so that the CLI can
// name it in `errors` and keep auditing the other inputs.
class MediaError : public std::runtime_error {
 public:
  MediaError(std::string input, const std::string& message)
      : std::runtime_error(input + ": " + message), input_(std::move(input)), detail_(message) {}
  const std::string& input() const noexcept { return input_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string input_;
  std::string detail_;
};

}  // namespace camtrace
