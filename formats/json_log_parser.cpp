#include <nlohmann/json.hpp>

#include "formats/log_parsers.h"

namespace camtrace {
namespace {

using nlohmann::json;

class JsonLogParser : public LogParser {
 public:
  explicit JsonLogParser(const std::vector<std::string>& wanted) : wanted_(wanted) {}

  Result parse(std::string_view line, LogRecord& record, std::string& error) override {
    record.clear();
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Result::Skip;
    json value = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      error = "not a JSON object";
      return Result::Malformed;
    }
    if (!value.is_object()) {
      error = "a JSON value that is not an object";
      return Result::Malformed;
    }
    path_.clear();
    walk(value, record, 0);
    return Result::Record;
  }

 private:
  // Nested objects give dotted names; nesting deeper than 8 levels is not looked into.
  void walk(const json& object, LogRecord& record, int depth) {
    for (const auto& item : object.items()) {
      const size_t mark = path_.size();
      if (!path_.empty()) path_ += '.';
      path_ += item.key();
      const json& v = item.value();
      if (v.is_object()) {
        if (depth < 8) walk(v, record, depth + 1);
      } else {
        const int field = wanted_.find(path_);
        if (field >= 0) {
          if (v.is_string())
            record.set(static_cast<size_t>(field), v.get_ref<const std::string&>());
          else if (!v.is_null())
            record.set(static_cast<size_t>(field), v.dump());
        }
      }
      path_.resize(mark);
    }
  }

  WantedFields wanted_;
  std::string path_;
};

}  // namespace

std::unique_ptr<LogParser> makeJsonLogParser(const std::vector<std::string>& wanted) {
  return std::make_unique<JsonLogParser>(wanted);
}

}  // namespace camtrace
