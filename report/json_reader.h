#pragma once

// Reading camtrace's own JSON back (shard results and the findings in them) without trusting its shape:
// every member is checked, and anything unexpected throws std::runtime_error naming the source.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_result.h"

namespace camtrace {

class JsonReader {
 public:
  using ojson = nlohmann::ordered_json;

  explicit JsonReader(std::string source) : source_(std::move(source)) {}
  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(source_ + ": " + what); }

  const ojson& member(const ojson& object, const char* key) const {
    if (!object.is_object()) fail(std::string("expected an object holding \"") + key + "\"");
    auto it = object.find(key);
    if (it == object.end()) fail(std::string("missing \"") + key + "\"");
    return *it;
  }
  std::string text(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (!v.is_string()) fail(std::string("\"") + key + "\" is not a string");
    return v.get<std::string>();
  }
  std::string nullableText(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    return v.is_null() ? std::string() : text(object, key);
  }
  int64_t integer(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (!v.is_number_integer()) fail(std::string("\"") + key + "\" is not an integer");
    return v.get<int64_t>();
  }
  std::optional<double> nullableNumber(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_number()) fail(std::string("\"") + key + "\" is not a number");
    return v.get<double>();
  }
  const ojson& array(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (!v.is_array()) fail(std::string("\"") + key + "\" is not an array");
    return v;
  }
  std::vector<std::string> texts(const ojson& object, const char* key) const {
    std::vector<std::string> out;
    for (const auto& item : array(object, key)) {
      if (!item.is_string()) fail(std::string("\"") + key + "\" holds a non-string");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  ValueHistogram histogram(const ojson& object, const char* key) const {
    ValueHistogram h;
    for (const auto& pair : array(object, key)) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number_integer())
        fail(std::string("\"") + key + "\" holds something other than [value, count]");
      h.counts[pair[0].get<double>()] += pair[1].get<int64_t>();
    }
    return h;
  }

  bool boolean(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (!v.is_boolean()) fail(std::string("\"") + key + "\" is not true or false");
    return v.get<bool>();
  }
  double number(const ojson& object, const char* key) const {
    const auto v = nullableNumber(object, key);
    if (!v) fail(std::string("\"") + key + "\" is null");
    return *v;
  }
  std::optional<std::string> optionalText(const ojson& object, const char* key) const {
    if (member(object, key).is_null()) return std::nullopt;
    return text(object, key);
  }
  // Whether an optional member is there at all.
  bool has(const ojson& object, const char* key) const { return object.is_object() && object.contains(key); }
  std::optional<int64_t> optionalInteger(const ojson& object, const char* key) const {
    if (!has(object, key)) return std::nullopt;
    return integer(object, key);
  }
  // An object of counts ({"key": n, ...}) in its written order.
  std::vector<std::pair<std::string, int64_t>> counts(const ojson& object, const char* key) const {
    const ojson& v = member(object, key);
    if (!v.is_object()) fail(std::string("\"") + key + "\" is not an object");
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& [k, n] : v.items()) {
      if (!n.is_number_integer()) fail(std::string("\"") + key + "\" holds a count that is not an integer");
      out.emplace_back(k, n.get<int64_t>());
    }
    return out;
  }

 private:
  std::string source_;
};

}  // namespace camtrace
