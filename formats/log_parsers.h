#pragma once

// The parsers behind makeLogParser(), one file each; internal to formats/.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/log_reader.h"

namespace camtrace {

// Field name -> position in the LogRecord, for the fields the caller wants.
class WantedFields {
 public:
  explicit WantedFields(const std::vector<std::string>& names);
  // -1 when the field is not wanted (an empty name never is).
  int find(std::string_view name) const {
    if (name.empty()) return -1;
    for (size_t slot = hash(name) & mask_;; slot = (slot + 1) & mask_) {
      const int at = table_[slot];
      if (at < 0 || names_[static_cast<size_t>(at)] == name) return at;
    }
  }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  // Looked up for every key of every line, so a few characters make the hash, with linear probing in a
  // table at most a quarter full: std::unordered_map's string hash and bucket division were a fifth of JSON
  // Lines ingestion (perf, bench/log_throughput.sh).
  static size_t hash(std::string_view s) {
    const auto at = [&s](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(s[i])); };
    return s.size() * 0x9E37U ^ at(0) * 0x85EBU ^ at(s.size() - 1) * 0xC2B3U ^ at(s.size() / 2) * 0x27D5U;
  }
  std::vector<std::string> names_;
  std::vector<int> table_;  // position in names_, -1 for an empty slot
  size_t mask_ = 0;
};

// Splits an HTTP request line ("GET /thumbs/a.jpg?x=1 HTTP/1.1") into method, URI, path, query and protocol
// and stores those the caller wants under the names given (empty name: not offered). The names are looked up
// once, when the parser is made, not on every line.
struct RequestLineNames {
  std::string method, uri, path, query, protocol;
};
class RequestLineSplitter {
 public:
  RequestLineSplitter(const RequestLineNames& names, const WantedFields& wanted);
  void split(std::string_view request, LogRecord& record) const;

 private:
  int method_, uri_, path_, query_, protocol_;  // positions in the record, -1 when not wanted
};

std::unique_ptr<LogParser> makeJsonLogParser(const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeAccessLogParser(bool apache, const std::string& lineFormat,
                                               const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeDelimitedLogParser(char delimiter, const std::vector<std::string>& columns,
                                                  const std::vector<std::string>& wanted);
std::unique_ptr<LogParser> makeW3cLogParser(const std::vector<std::string>& columns,
                                            const std::vector<std::string>& wanted);

}  // namespace camtrace
