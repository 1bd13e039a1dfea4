#include "formats/log_parsers.h"

namespace camtrace {
namespace {

class DelimitedLogParser : public LogParser {
 public:
  DelimitedLogParser(char delimiter, const std::vector<std::string>& columns,
                     const std::vector<std::string>& wanted)
      : delimiter_(delimiter), wanted_(wanted) {
    if (!columns.empty()) setColumns(columns);
  }

  Result parse(std::string_view line, LogRecord& record, std::string& error) override {
    record.clear();
    if (line.empty()) return Result::Skip;
    if (!split(line, error)) return Result::Malformed;
    if (!haveColumns_) {
      std::vector<std::string> names;
      for (const Cell& cell : cells_) names.push_back(text(cell));
      setColumns(names);
      return Result::Skip;
    }
    if (cells_.size() != columnField_.size()) {
      error = std::to_string(cells_.size()) + " columns where the header has " +
              std::to_string(columnField_.size());
      return Result::Malformed;
    }
    for (size_t i = 0; i < cells_.size(); ++i) {
      if (columnField_[i] < 0) continue;
      const auto field = static_cast<size_t>(columnField_[i]);
      if (cells_[i].doubledQuotes)
        record.copy(field, text(cells_[i]));
      else
        record.set(field, cells_[i].raw);
    }
    return Result::Record;
  }

 private:
  void setColumns(const std::vector<std::string>& columns) {
    columnField_.clear();
    for (const auto& name : columns) columnField_.push_back(wanted_.find(name));
    haveColumns_ = true;
  }

  // A cell as it stands in the line: inside its quotes, where a quoted cell holds doubled quotes still
  // doubled. Only those few are copied, undoubled; every other cell is a view of the line.
  struct Cell {
    std::string_view raw;
    bool doubledQuotes = false;
  };

  static std::string text(const Cell& cell) {
    if (!cell.doubledQuotes) return std::string(cell.raw);
    std::string out;
    for (size_t i = 0; i < cell.raw.size(); ++i) {
      out += cell.raw[i];
      if (cell.raw[i] == '"') ++i;  // the second of the pair
    }
    return out;
  }

  // RFC 4180 for CSV: a quoted cell may hold the delimiter and doubled quotes. TSV cells are taken as they
  // are.
  bool split(std::string_view line, std::string& error) {
    cells_.clear();
    size_t i = 0;
    for (;;) {
      Cell cell;
      if (delimiter_ == ',' && i < line.size() && line[i] == '"') {
        const size_t begin = ++i;
        for (;;) {
          if (i >= line.size()) {
            error = "a quoted cell that does not end on its line";
            return false;
          }
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              cell.doubledQuotes = true;
              i += 2;
              continue;
            }
            break;
          }
          ++i;
        }
        cell.raw = line.substr(begin, i - begin);
        ++i;  // the closing quote
        if (i < line.size() && line[i] != delimiter_) {
          error = "text after a closing quote";
          return false;
        }
      } else {
        const size_t end = line.find(delimiter_, i);
        cell.raw = line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        i = end == std::string_view::npos ? line.size() : end;
      }
      cells_.push_back(cell);
      if (i >= line.size()) return true;
      ++i;  // the delimiter
      if (i == line.size()) {
        cells_.emplace_back();
        return true;
      }
    }
  }

  char delimiter_;
  WantedFields wanted_;
  bool haveColumns_ = false;
  std::vector<int> columnField_;
  std::vector<Cell> cells_;
};

}  // namespace

std::unique_ptr<LogParser> makeDelimitedLogParser(char delimiter, const std::vector<std::string>& columns,
                                                  const std::vector<std::string>& wanted) {
  return std::make_unique<DelimitedLogParser>(delimiter, columns, wanted);
}

}  // namespace camtrace
