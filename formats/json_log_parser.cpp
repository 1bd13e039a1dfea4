#include <charconv>
#include <cstring>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "formats/log_parsers.h"

namespace camtrace {
namespace {

using nlohmann::json;

// The careful reader, for the lines simdjson refuses: it names what is wrong, and it reads the few valid
// lines simdjson cannot (an integer beyond 64 bits). A SAX handler that keeps only the wanted fields: no
// document tree is built for a line, which made JSON Lines ingestion about 3x faster than parsing each line
// into a json value (bench/log_throughput.sh). Nested objects give dotted names; values inside arrays are not
// fields.
class FieldCollector : public nlohmann::json_sax<json> {
 public:
  FieldCollector(const WantedFields& wanted, LogRecord& record) : wanted_(wanted), record_(record) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) override { return value(text); }
  bool string(string_t& v) override { return value(v); }
  bool binary(binary_t&) override { return value(nullptr); }

  bool start_object(std::size_t) override {
    if (depth_ == 0 && sawRoot_) return false;
    sawRoot_ = true;
    if (arrays_ == 0) {
      marks_.push_back(path_.size());
      if (depth_ > 0) {
        if (!path_.empty() && path_.back() != '.') path_ += '.';
        path_ += key_;
      }
    }
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (arrays_ == 0) {
      path_.resize(marks_.back());
      marks_.pop_back();
    }
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) {
      notObject_ = true;
      return false;
    }
    ++arrays_;
    return true;
  }
  bool end_array() override {
    --arrays_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  bool notObject() const { return notObject_ || !sawRoot_; }

 private:
  bool value(const char* text) {
    if (depth_ == 0) {
      notObject_ = true;
      return false;
    }
    if (text) store(text);
    return true;
  }
  bool value(const std::string& text) {
    if (depth_ == 0) {
      notObject_ = true;
      return false;
    }
    store(text);
    return true;
  }
  void store(std::string_view text) {
    if (arrays_ > 0) return;
    int field;
    if (path_.empty()) {
      field = wanted_.find(key_);
    } else {
      full_.assign(path_);
      full_ += '.';
      full_ += key_;
      field = wanted_.find(full_);
    }
    if (field >= 0) record_.copy(static_cast<size_t>(field), text);
  }

  const WantedFields& wanted_;
  LogRecord& record_;
  std::string path_, key_, full_;
  std::vector<size_t> marks_;
  int depth_ = 0, arrays_ = 0;
  bool sawRoot_ = false, notObject_ = false;
};

// Lines are read by simdjson's DOM parser first: it validates the whole line (structure, UTF-8, escapes,
// numbers, depth) with the CPU's SIMD units, chosen when the program runs, at about 115 ns for a 230-byte
// line against about 1 us for nlohmann's SAX lexer (bench/log_throughput.sh, docs/measured.md). A line it
// refuses goes to nlohmann, which either reads it (a valid line simdjson cannot hold) or says why it is
// malformed; the lines read are the same either way. A number is kept as simdjson read it: integers as
// written, other numbers as the shortest text that reads back as the same double ("41.50" is "41.5").
class JsonLogParser : public LogParser {
 public:
  explicit JsonLogParser(const std::vector<std::string>& wanted) : wanted_(wanted) {}

  Result parse(std::string_view line, LogRecord& record, std::string& error) override {
    record.clear();
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Result::Skip;
    if (padded_.size() < line.size() + simdjson::SIMDJSON_PADDING)
      padded_.resize(line.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded_.data(), line.data(), line.size());
    simdjson::dom::element root;
    if (!simdjson_.parse(padded_.data(), line.size(), false).get(root)) {
      simdjson::dom::object object;
      if (root.get_object().get(object)) {
        error = "a JSON value that is not an object";
        return Result::Malformed;
      }
      path_.clear();
      collect(object, record);
      return Result::Record;
    }
    return parseCarefully(line, record, error);
  }

 private:
  void collect(simdjson::dom::object object, LogRecord& record) {
    for (const auto field : object) {
      const simdjson::dom::element value = field.value;
      if (value.is_array()) continue;  // values inside arrays are not fields
      const size_t mark = path_.size();
      if (!path_.empty()) path_ += '.';
      path_ += field.key;
      if (value.is_object()) {
        collect(value.get_object().value_unsafe(), record);
      } else {
        const int at = wanted_.find(path_);
        if (at >= 0) store(static_cast<size_t>(at), value, record);
      }
      path_.resize(mark);
    }
  }

  // Strings are views into simdjson's string buffer, valid until the next line is parsed.
  static void store(size_t field, simdjson::dom::element value, LogRecord& record) {
    using Type = simdjson::dom::element_type;
    char text[32];
    std::to_chars_result written{};
    switch (value.type()) {
      case Type::STRING:
        record.set(field, value.get_string().value_unsafe());
        return;
      case Type::INT64:
        written = std::to_chars(text, text + sizeof text, value.get_int64().value_unsafe());
        break;
      case Type::UINT64:
        written = std::to_chars(text, text + sizeof text, value.get_uint64().value_unsafe());
        break;
      case Type::DOUBLE:
        written = std::to_chars(text, text + sizeof text, value.get_double().value_unsafe());
        break;
      case Type::BOOL:
        record.set(field, value.get_bool().value_unsafe() ? "true" : "false");
        return;
      default:
        return;  // null: no value
    }
    record.copy(field, std::string_view(text, static_cast<size_t>(written.ptr - text)));
  }

  Result parseCarefully(std::string_view line, LogRecord& record, std::string& error) {
    FieldCollector collector(wanted_, record);
    const bool ok = json::sax_parse(line.begin(), line.end(), &collector);
    if (!ok || collector.notObject()) {
      record.clear();
      error = collector.notObject() ? "a JSON value that is not an object" : "not a JSON object";
      return Result::Malformed;
    }
    return Result::Record;
  }

  WantedFields wanted_;
  simdjson::dom::parser simdjson_;
  std::vector<char> padded_;  // the line, and the bytes past its end that simdjson may read
  std::string path_;          // the dotted name of the object being walked
};

}  // namespace

std::unique_ptr<LogParser> makeJsonLogParser(const std::vector<std::string>& wanted) {
  return std::make_unique<JsonLogParser>(wanted);
}

}  // namespace camtrace
