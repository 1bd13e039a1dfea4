#include "log_reader.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "formats/log_parsers.h"
#include "formats/media_error.h"

namespace camtrace {

void LogRecord::set(size_t field, std::string_view value) {
  if (value.empty() || value == "-") return;
  values_[field].assign(value.data(), value.size());
  present_[field] = true;
}

WantedFields::WantedFields(const std::vector<std::string>& names) : names_(names) {
  for (size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], static_cast<int>(i));
}

int WantedFields::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

void splitRequestLine(std::string_view request, const RequestLineNames& names, const WantedFields& wanted,
                      LogRecord& record) {
  auto put = [&](const std::string& name, std::string_view value) {
    if (name.empty()) return;
    const int field = wanted.find(name);
    if (field >= 0 && !record.value(static_cast<size_t>(field))) record.set(static_cast<size_t>(field), value);
  };
  const size_t space1 = request.find(' ');
  if (space1 == std::string_view::npos) return;
  put(names.method, request.substr(0, space1));
  std::string_view rest = request.substr(space1 + 1);
  const size_t space2 = rest.rfind(' ');
  std::string_view uri = rest;
  if (space2 != std::string_view::npos && rest.substr(space2 + 1).rfind("HTTP/", 0) == 0) {
    put(names.protocol, rest.substr(space2 + 1));
    uri = rest.substr(0, space2);
  }
  put(names.uri, uri);
  const size_t question = uri.find('?');
  put(names.path, uri.substr(0, question));
  if (question != std::string_view::npos) put(names.query, uri.substr(question + 1));
}

std::unique_ptr<LogParser> makeLogParser(const LogFormat& format, const std::vector<std::string>& wanted) {
  if (format.kind == "jsonl") return makeJsonLogParser(wanted);
  if (format.kind == "nginx") return makeAccessLogParser(false, format.lineFormat, wanted);
  if (format.kind == "apache") return makeAccessLogParser(true, format.lineFormat, wanted);
  if (format.kind == "csv") return makeDelimitedLogParser(',', format.columns, wanted);
  if (format.kind == "tsv") return makeDelimitedLogParser('\t', format.columns, wanted);
  throw std::invalid_argument("unknown log format \"" + format.kind + "\" (known: jsonl, nginx, apache, csv, tsv)");
}

LogLineReader::LogLineReader(const std::string& path) : path_(path), buffer_(1 << 20) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw MediaError(path, std::string("cannot open log: ") + std::strerror(errno));
}

LogLineReader::~LogLineReader() {
  if (file_) std::fclose(file_);
}

bool LogLineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (got == 0) {
    if (std::ferror(file_)) throw MediaError(path_, std::string("read error: ") + std::strerror(errno));
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool LogLineReader::next(std::string_view& line, int64_t& number, bool& overlong) {
  overlong = false;
  size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (nl) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data());
      size_t len = at - begin_;
      line = std::string_view(buffer_.data() + begin_, len);
      consumed_ += static_cast<int64_t>(len + 1);
      begin_ = at + 1;
      break;
    }
    if (end_ - begin_ >= kMaxLine) {
      // Keep the first kMaxLine bytes and skip to the end of this line without holding it.
      overflow_.assign(buffer_.data() + begin_, kMaxLine);
      consumed_ += static_cast<int64_t>(end_ - begin_);
      begin_ = end_ = 0;
      for (;;) {
        if (!fill()) break;
        const void* skip = std::memchr(buffer_.data(), '\n', end_);
        if (skip) {
          const size_t at = static_cast<size_t>(static_cast<const char*>(skip) - buffer_.data());
          consumed_ += static_cast<int64_t>(at + 1);
          begin_ = at + 1;
          break;
        }
        consumed_ += static_cast<int64_t>(end_);
        begin_ = end_ = 0;
      }
      line = overflow_;
      overlong = true;
      number = ++line_;
      return true;
    }
    const size_t alreadyScanned = end_ - begin_;
    if (!fill()) {
      if (begin_ == end_) return false;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      consumed_ += static_cast<int64_t>(end_ - begin_);
      begin_ = end_;
      break;
    }
    scanned = begin_ + alreadyScanned;  // fill() moved the unread bytes to the front
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  number = ++line_;
  return true;
}

}  // namespace camtrace
