#include "log_reader.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <zlib.h>

#include "formats/evidence_files.h"
#include "formats/log_parsers.h"
#include "formats/media_error.h"

namespace camtrace {

void LogRecord::set(size_t field, std::string_view value) {
  if (value.empty() || value == "-") return;
  values_[field] = value;
  present_[field] = true;
}

void LogRecord::copy(size_t field, std::string_view value) {
  if (value.empty() || value == "-") return;
  kept_[field].assign(value.data(), value.size());
  values_[field] = kept_[field];
  present_[field] = true;
}

WantedFields::WantedFields(const std::vector<std::string>& names) : names_(names) {
  size_t size = 8;
  while (size < names_.size() * 4) size *= 2;
  table_.assign(size, -1);
  mask_ = size - 1;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i].empty() || find(names_[i]) >= 0) continue;  // the first of a repeated name keeps it
    size_t slot = hash(names_[i]) & mask_;
    while (table_[slot] >= 0) slot = (slot + 1) & mask_;
    table_[slot] = static_cast<int>(i);
  }
}

RequestLineSplitter::RequestLineSplitter(const RequestLineNames& names, const WantedFields& wanted)
    : method_(wanted.find(names.method)),
      uri_(wanted.find(names.uri)),
      path_(wanted.find(names.path)),
      query_(wanted.find(names.query)),
      protocol_(wanted.find(names.protocol)) {}

void RequestLineSplitter::split(std::string_view request, LogRecord& record) const {
  auto put = [&record](int field, std::string_view value) {
    if (field >= 0 && !record.value(static_cast<size_t>(field)))
      record.set(static_cast<size_t>(field), value);
  };
  const size_t space1 = request.find(' ');
  if (space1 == std::string_view::npos) return;
  put(method_, request.substr(0, space1));
  std::string_view rest = request.substr(space1 + 1);
  const size_t space2 = rest.rfind(' ');
  std::string_view uri = rest;
  if (space2 != std::string_view::npos && rest.substr(space2 + 1).rfind("HTTP/", 0) == 0) {
    put(protocol_, rest.substr(space2 + 1));
    uri = rest.substr(0, space2);
  }
  put(uri_, uri);
  const size_t question = uri.find('?');
  put(path_, uri.substr(0, question));
  if (question != std::string_view::npos) put(query_, uri.substr(question + 1));
}

std::unique_ptr<LogParser> makeLogParser(const LogFormat& format, const std::vector<std::string>& wanted) {
  if (format.kind == "jsonl") return makeJsonLogParser(wanted);
  if (format.kind == "nginx") return makeAccessLogParser(false, format.lineFormat, wanted);
  if (format.kind == "apache") return makeAccessLogParser(true, format.lineFormat, wanted);
  if (format.kind == "csv") return makeDelimitedLogParser(',', format.columns, wanted);
  if (format.kind == "tsv") return makeDelimitedLogParser('\t', format.columns, wanted);
  if (format.kind == "w3c") return makeW3cLogParser(format.columns, wanted);
  throw std::invalid_argument("unknown log format \"" + format.kind +
                              "\" (known: jsonl, nginx, apache, csv, tsv, w3c)");
}

LogLineReader::LogLineReader(const std::string& path) : path_(path), buffer_(1 << 20) {
  requireRegularFile(path);
  errno = 0;
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file)
    throw MediaError(path,
                     std::string("cannot open log: ") + (errno ? std::strerror(errno) : "out of memory"));
  gzbuffer(file, 1 << 17);
  file_ = file;
}

int64_t LogLineReader::bytesRead() const {
  return static_cast<int64_t>(gzoffset(static_cast<gzFile>(file_)));
}

LogLineReader::~LogLineReader() {
  if (file_) gzclose(static_cast<gzFile>(file_));
}

bool LogLineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  gzFile file = static_cast<gzFile>(file_);
  const int got = gzread(file, buffer_.data() + end_, static_cast<unsigned>(buffer_.size() - end_));
  if (got < 0) {
    int code = 0;
    const char* message = gzerror(file, &code);
    if (code != Z_BUF_ERROR)
      throw MediaError(path_,
                       std::string("read error: ") + (code == Z_ERRNO ? std::strerror(errno) : message));
    truncated_ = true;  // zlib: "unexpected end of file"
    eof_ = true;
    return false;
  }
  if (got == 0) {
    // zlib reports a gzip stream that stops early only through gzerror() once gzread() gives no more.
    int code = 0;
    gzerror(file, &code);
    truncated_ = code == Z_BUF_ERROR;
    eof_ = true;
    return false;
  }
  const bool first = !started_;
  started_ = true;
  if (first && got >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) {
    std::memmove(buffer_.data(), buffer_.data() + 3,
                 static_cast<size_t>(got) - 3);  // a UTF-8 byte order mark
    end_ += static_cast<size_t>(got) - 3;
    return true;
  }
  end_ += static_cast<size_t>(got);
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
      begin_ = at + 1;
      break;
    }
    if (end_ - begin_ >= kMaxLine) {
      // Keep the first kMaxLine bytes and skip to the end of this line without holding it.
      overflow_.assign(buffer_.data() + begin_, kMaxLine);
      begin_ = end_ = 0;
      for (;;) {
        if (!fill()) break;
        const void* skip = std::memchr(buffer_.data(), '\n', end_);
        if (skip) {
          const size_t at = static_cast<size_t>(static_cast<const char*>(skip) - buffer_.data());
          begin_ = at + 1;
          break;
        }
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
