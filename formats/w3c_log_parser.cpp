#include "formats/log_parsers.h"

namespace camtrace {
namespace {

// The W3C extended log format (IIS, and Amazon CloudFront's standard access logs): a "#Fields:" directive
// names the columns of the lines after it (a log may change them midway), other "#" directives (#Version,
// #Date, #Software) are skipped; fields are separated by spaces (W3C) or tabs (CloudFront), "-" is no
// value. Date and time are UTC, in two columns: the parser also offers them joined as "date_time", ISO 8601
// with its zone, for the event's time.
class W3cLogParser : public LogParser {
 public:
  W3cLogParser(const std::vector<std::string>& columns, const std::vector<std::string>& wanted)
      : wanted_(wanted), dateTime_(wanted_.find("date_time")) {
    if (!columns.empty()) setColumns(columns);
  }

  Result parse(std::string_view line, LogRecord& record, std::string& error) override {
    record.clear();
    if (line.empty()) return Result::Skip;
    if (line.front() == '#') {
      constexpr std::string_view kFields = "#Fields:";
      if (line.substr(0, kFields.size()) == kFields) {
        split(line.substr(kFields.size()));
        setColumns(cells_);
      }
      return Result::Skip;
    }
    if (columnField_.empty()) {
      error = "a line before any #Fields: directive names its columns";
      return Result::Malformed;
    }
    split(line);
    if (cells_.size() != columnField_.size()) {
      error = std::to_string(cells_.size()) + " fields where #Fields: names " +
              std::to_string(columnField_.size());
      return Result::Malformed;
    }
    for (size_t i = 0; i < cells_.size(); ++i)
      if (columnField_[i] >= 0) record.set(static_cast<size_t>(columnField_[i]), cells_[i]);
    if (dateTime_ >= 0 && dateColumn_ >= 0 && timeColumn_ >= 0) {
      const std::string_view date = cells_[static_cast<size_t>(dateColumn_)];
      const std::string_view time = cells_[static_cast<size_t>(timeColumn_)];
      if (date != "-" && time != "-") {
        joined_.assign(date).append("T").append(time).append("Z");
        record.set(static_cast<size_t>(dateTime_), joined_);
      }
    }
    return Result::Record;
  }

 private:
  void setColumns(const std::vector<std::string_view>& columns) {
    columnField_.clear();
    dateColumn_ = timeColumn_ = -1;
    for (size_t i = 0; i < columns.size(); ++i) {
      columnField_.push_back(wanted_.find(columns[i]));
      if (columns[i] == "date") dateColumn_ = static_cast<int>(i);
      if (columns[i] == "time") timeColumn_ = static_cast<int>(i);
    }
  }
  void setColumns(const std::vector<std::string>& columns) {
    std::vector<std::string_view> views(columns.begin(), columns.end());
    setColumns(views);
  }

  // Tabs when the line has any (CloudFront), else single spaces (W3C); the fields themselves hold neither
  // (IIS writes a space in a value as "+", CloudFront URL-encodes it).
  void split(std::string_view line) {
    cells_.clear();
    const char delimiter = line.find('\t') != std::string_view::npos ? '\t' : ' ';
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    for (;;) {
      const size_t end = line.find(delimiter);
      cells_.push_back(line.substr(0, end));
      if (end == std::string_view::npos) return;
      line.remove_prefix(end + 1);
    }
  }

  WantedFields wanted_;
  int dateTime_;
  int dateColumn_ = -1, timeColumn_ = -1;
  std::vector<int> columnField_;
  std::vector<std::string_view> cells_;
  std::string joined_;
};

}  // namespace

std::unique_ptr<LogParser> makeW3cLogParser(const std::vector<std::string>& columns,
                                            const std::vector<std::string>& wanted) {
  return std::make_unique<W3cLogParser>(columns, wanted);
}

}  // namespace camtrace
