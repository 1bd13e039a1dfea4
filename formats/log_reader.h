#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camtrace {

// How a server, CDN or cache log is written. `kind` is one of:
//   jsonl   one JSON object per line; nested keys are addressed with dots ("request.uri")
//   nginx   an nginx access log; `lineFormat` is its log_format string ("$remote_addr - ...
//   $upstream_cache_status"),
//           default the "combined" format. Fields are the variable names without "$".
//   apache  an Apache httpd access log; `lineFormat` is its LogFormat string ("%h %l %u %t \"%r\" %>s %b"),
//           default the combined format. Fields are the directives as written ("%>s", "%{X-Cache}o").
//   csv     comma-separated values with RFC 4180 quoting; `columns` names the columns, else the first line
//   does. tsv     tab-separated values, no quoting; columns as for csv.
//   w3c     the W3C extended log format (IIS, CloudFront access logs): "#Fields:" names the columns (or
//           `columns`); "date" and "time" are also offered joined as "date_time" (UTC).
// Access logs also give the parts of the request line: nginx "request_method", "request_uri", "uri", "args",
// "server_protocol"; Apache "%m", "%U", "%q", "%H" (from "$request" / "%r" when the format has no such
// field).
struct LogFormat {
  std::string kind;
  std::string lineFormat;
  std::vector<std::string> columns;
};

// The values of the fields a parser was asked for, for one line. A field that is absent, empty, or "-" (the
// access-log placeholder) has no value. Values are views: into the line, or into text the record keeps
// (copy()) when the parser had to change it (unescaped, joined). They stay valid until the record is
// cleared or the line's bytes change, so no value is copied on the way from a line to an event.
class LogRecord {
 public:
  explicit LogRecord(size_t fields = 0) : values_(fields), present_(fields, false), kept_(fields) {}
  std::optional<std::string_view> value(size_t field) const {
    return present_[field] ? std::optional(values_[field]) : std::nullopt;
  }
  // `value` must outlive the record's use: a part of the line, or of the parser's own storage.
  void set(size_t field, std::string_view value);
  // A value the record keeps a copy of.
  void copy(size_t field, std::string_view value);
  void clear() { present_.assign(present_.size(), false); }

 private:
  std::vector<std::string_view> values_;
  std::vector<bool> present_;
  std::vector<std::string> kept_;
};

// Parses the lines of one log.
// Lifecycle: makeLogParser(format, wanted fields) -> parse(line) for each line in order -> destroy.
// parse() never throws: a malformed line returns Malformed with `error` saying why.
class LogParser {
 public:
  enum class Result { Record, Skip, Malformed };  // Skip: a blank line or the CSV/TSV header
  virtual ~LogParser() = default;
  virtual Result parse(std::string_view line, LogRecord& record, std::string& error) = 0;
};

// Throws std::invalid_argument for an unknown kind or a line format that cannot be used.
std::unique_ptr<LogParser> makeLogParser(const LogFormat& format, const std::vector<std::string>& wanted);

// Reads a log file line by line in constant memory (LF or CRLF; a last line without a newline counts; a
// UTF-8 byte order mark before the first line is dropped). Rotated logs compressed with gzip (.gz, or any
// file that starts with the gzip magic) are read as they are, through zlib. Lines longer than kMaxLine are
// returned cut, with `overlong` set, so the caller can count them as malformed.
class LogLineReader {
 public:
  static constexpr size_t kMaxLine = 1 << 20;
  explicit LogLineReader(const std::string& path);  // throws MediaError naming the file
  ~LogLineReader();
  LogLineReader(const LogLineReader&) = delete;
  LogLineReader& operator=(const LogLineReader&) = delete;

  // The next line (1-based number); false at end of file. Throws MediaError on a read error.
  bool next(std::string_view& line, int64_t& number, bool& overlong);
  // The gzip stream ended before its end (a log cut off while it was copied): what came before was read.
  bool truncated() const { return truncated_; }
  // Bytes of the file read so far (compressed bytes for a gzip log), for progress.
  int64_t bytesRead() const;

 private:
  bool fill();

  std::string path_;
  void* file_ = nullptr;  // gzFile
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  bool truncated_ = false;
  bool started_ = false;  // the first bytes were read (a byte order mark can only stand there)
  int64_t line_ = 0;
  std::string overflow_;
};

}  // namespace camtrace
