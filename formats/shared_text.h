#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include <nlohmann/json_fwd.hpp>

namespace camtrace {

// Text that every frame of a capture repeats (the file it came from, its stream's signature): one copy,
// shared by the frames, instead of a string each. An hour of 1080p holds 108,000 frame records until its
// capture is judged, and two such strings were 160 of each record's bytes (bench/README.md, "memory").
class SharedText {
 public:
  SharedText() = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor): a string is what it holds
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const { return text_ ? *text_ : none(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  bool empty() const { return !text_; }
  size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }

  // This text from now on, keeping the copy already held where the words are the same (a reader's path
  // for every frame, a decoder's signature made anew for every picture): copied only when it changes.
  void share(const std::string& text) {
    if (str() != text) *this = SharedText(text);
  }

  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.text_ == b.text_ || a.str() == b.str();
  }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }
  friend bool operator<(const SharedText& a, const SharedText& b) { return a.str() < b.str(); }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& text) { return out << text.str(); }

 private:
  static const std::string& none() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
};

void to_json(nlohmann::json& out, const SharedText& text);

}  // namespace camtrace
