#pragma once

// The parsers behind makeLogParser(), one file each; internal to formats/.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/log_reader.h"

namespace camtrace {

// Field name -> position in the LogRecord, for the fields the caller wants.
class WantedFields {
 public:
  explicit WantedFields(const std::vector<std::string>& names);
  // -1 when the field is not wanted.
  int find(std::string_view name) const;
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  // Looked up by string_view for every field of every line: no std::string is built for a lookup.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, int, Hash, std::equal_to<>> index_;
};

// Splits an HTTP request line ("GET /thumbs/a.jpg?x=1 HTTP/1.1") into method, URI, path, query and protocol
// and stores those the caller wants under the names given (empty name: not offered).
struct RequestLineNames {
  std::string method, uri, path, query, protocol;
};
void splitRequestLine(std::string_view request, const RequestLineNames& names, const WantedFields& wanted,
                      LogRecord& record);

std::unique_ptr<LogParser> makeJsonLogParser(const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeAccessLogParser(bool apache, const std::string& lineFormat,
                                               const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeDelimitedLogParser(char delimiter, const std::vector<std::string>& columns,
                                                  const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeW3cLogParser(const std::vector<std::string>& columns,
                                            const std::vector<std::string>& wanted);

}  // namespace camtrace
