#include <cctype>
#include <optional>
#include <stdexcept>

#include "formats/log_parsers.h"

namespace camtrace {
namespace {

// nginx's and Apache's "combined" formats, the default of each server.
constexpr const char* kNginxCombined =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent")";
constexpr const char* kApacheCombined = R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i")";

struct Token {
  bool variable = false;
  std::string text;        // the literal, or the field name
  int field = -1;          // position in the record, -1 when not wanted
  bool bracketed = false;  // Apache %t writes "[...]" with a space inside
};

class AccessLogParser : public LogParser {
 public:
  AccessLogParser(bool apache, const std::string& lineFormat, const std::vector<std::string>& wanted)
      : wanted_(wanted) {
    const std::string format = lineFormat.empty() ? (apache ? kApacheCombined : kNginxCombined) : lineFormat;
    apache ? compileApache(format) : compileNginx(format);
    for (size_t i = 0; i + 1 < tokens_.size(); ++i)
      if (tokens_[i].variable && tokens_[i + 1].variable)
        throw std::invalid_argument("log format has two fields with nothing between them: " +
                                    tokens_[i].text + ", " + tokens_[i + 1].text);
    const std::string request = apache ? "%r" : "request";
    for (size_t t = 0; t < tokens_.size(); ++t)
      if (tokens_[t].variable && tokens_[t].text == request) requestToken_ = t;
    if (requestToken_ != std::string::npos) {
      RequestLineNames names =
          apache ? RequestLineNames{"%m", "", "%U", "%q", "%H"}
                 : RequestLineNames{"request_method", "request_uri", "uri", "args", "server_protocol"};
      for (const auto& t : tokens_) {
        if (!t.variable) continue;
        for (std::string* name : {&names.method, &names.uri, &names.path, &names.query, &names.protocol})
          if (*name == t.text) name->clear();  // the format logs it itself
      }
      requestSplitter_.emplace(names, wanted_);
    }
  }

  Result parse(std::string_view line, LogRecord& record, std::string& error) override {
    record.clear();
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Result::Skip;
    size_t pos = 0;
    std::string_view request;
    for (size_t t = 0; t < tokens_.size(); ++t) {
      const Token& token = tokens_[t];
      if (!token.variable) {
        if (line.compare(pos, token.text.size(), token.text) != 0) {
          error = "does not match the log format at byte " + std::to_string(pos + 1);
          return Result::Malformed;
        }
        pos += token.text.size();
        continue;
      }
      size_t end;
      if (token.bracketed && pos < line.size() && line[pos] == '[') {
        end = line.find(']', pos);
        if (end == std::string_view::npos) {
          error = "unterminated [time]";
          return Result::Malformed;
        }
        ++end;
      } else if (t + 1 == tokens_.size()) {
        end = line.size();
      } else {
        end = findLiteral(line, pos, tokens_[t + 1].text);
        if (end == std::string_view::npos) {
          error = "line ends inside field " + token.text;
          return Result::Malformed;
        }
      }
      std::string_view value = line.substr(pos, end - pos);
      if (token.field >= 0) record.set(static_cast<size_t>(token.field), value);
      if (t == requestToken_) request = value;
      pos = end;
    }
    if (pos != line.size()) {
      error = "text after the last field of the log format";
      return Result::Malformed;
    }
    if (!request.empty()) requestSplitter_->split(request, record);
    return Result::Record;
  }

 private:
  // The next occurrence of `literal`; inside a quoted field a backslash escapes the next character (Apache
  // writes \" inside quotes, nginx \x22).
  // Only where the literal's first character stands is the rest compared: a comparison at every byte was
  // a quarter of nginx ingestion (perf, bench/log_throughput.sh).
  static size_t findLiteral(std::string_view line, size_t from, const std::string& literal) {
    const char first = literal.front();
    for (size_t i = from; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '\\') {
        ++i;
        continue;
      }
      if (c == first && line.compare(i, literal.size(), literal) == 0) return i;
    }
    return std::string_view::npos;
  }

  void addLiteral(const std::string& text) {
    if (text.empty()) return;
    if (!tokens_.empty() && !tokens_.back().variable)
      tokens_.back().text += text;
    else
      tokens_.push_back({false, text, -1, false});
  }

  void addVariable(const std::string& name, bool bracketed) {
    tokens_.push_back({true, name, wanted_.find(name), bracketed});
  }

  void compileNginx(const std::string& format) {
    std::string literal;
    for (size_t i = 0; i < format.size();) {
      if (format[i] != '$') {
        literal += format[i++];
        continue;
      }
      size_t begin = i + 1, end;
      if (begin < format.size() && format[begin] == '{') {
        end = format.find('}', begin);
        if (end == std::string::npos) throw std::invalid_argument("unterminated ${ in log format");
        addLiteral(literal);
        literal.clear();
        addVariable(format.substr(begin + 1, end - begin - 1), false);
        i = end + 1;
        continue;
      }
      end = begin;
      while (end < format.size() &&
             (std::isalnum(static_cast<unsigned char>(format[end])) || format[end] == '_'))
        ++end;
      if (end == begin) {
        literal += format[i++];
        continue;
      }
      addLiteral(literal);
      literal.clear();
      addVariable(format.substr(begin, end - begin), false);
      i = end;
    }
    addLiteral(literal);
  }

  // Apache mod_log_config: %[<>][!]?[0-9,]*({...})?letter, and %% for a percent sign.
  void compileApache(const std::string& format) {
    std::string literal;
    for (size_t i = 0; i < format.size();) {
      if (format[i] == '\\' && i + 1 < format.size() && format[i + 1] == '"') {
        literal += '"';
        i += 2;
        continue;
      }
      if (format[i] != '%') {
        literal += format[i++];
        continue;
      }
      if (i + 1 < format.size() && format[i + 1] == '%') {
        literal += '%';
        i += 2;
        continue;
      }
      size_t j = i + 1;
      while (j < format.size() &&
             std::string_view("<>!0123456789,").find(format[j]) != std::string_view::npos)
        ++j;
      if (j < format.size() && format[j] == '{') {
        j = format.find('}', j);
        if (j == std::string::npos) throw std::invalid_argument("unterminated %{ in log format");
        ++j;
      }
      if (j >= format.size() || !std::isalpha(static_cast<unsigned char>(format[j])))
        throw std::invalid_argument("log format directive without a letter at \"" + format.substr(i) + "\"");
      addLiteral(literal);
      literal.clear();
      const std::string name = format.substr(i, j + 1 - i);
      addVariable(name, format[j] == 't');
      i = j + 1;
    }
    addLiteral(literal);
  }

  WantedFields wanted_;
  std::vector<Token> tokens_;
  size_t requestToken_ = std::string::npos;  // the token holding the request line, if the format logs it
  std::optional<RequestLineSplitter> requestSplitter_;
};

}  // namespace

std::unique_ptr<LogParser> makeAccessLogParser(bool apache, const std::string& lineFormat,
                                               const std::vector<std::string>& wanted) {
  return std::make_unique<AccessLogParser>(apache, lineFormat, wanted);
}

}  // namespace camtrace
