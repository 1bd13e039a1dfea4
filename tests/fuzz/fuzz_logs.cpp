// libFuzzer target: log lines in every format camtrace reads, through the parsers and the time reader.
// The first byte picks the format; the rest is split into lines. Parsers must never throw or crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/log_reader.h"
#include "formats/log_time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace camtrace;
  if (size == 0) return 0;
  static const LogFormat kFormats[] = {
      {"jsonl", "", {}},
      {"nginx", "", {}},
      {"nginx",
       R"($remote_user [$time_local] "$request" $upstream_cache_status ${request_time}s $hostname)",
       {}},
      {"apache", "", {}},
      {"apache", R"(%h %t \"%r\" %>s %{X-Cache}o %D)", {}},
      {"csv", "", {}},
      {"tsv", "", {"a", "b", "c"}},
      {"w3c", "", {}},
  };
  static const std::vector<std::string> kWanted = {
      "a",  "b",  "c",  "a.b",         "time_local", "request",     "uri",       "args",       "%t",
      "%r", "%U", "%q", "%{X-Cache}o", "hostname",   "remote_user", "date_time", "cs-uri-stem"};
  const LogFormat& format = kFormats[data[0] % (sizeof kFormats / sizeof kFormats[0])];
  auto parser = makeLogParser(format, kWanted);
  LogRecord record(kWanted.size());
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string error;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    parser->parse(line, record, error);
    for (size_t i = 0; i < kWanted.size(); ++i)
      if (const auto v = record.value(i))
        if (auto t = parseLogTime(*v)) formatUtc(*t);
    if (auto t = parseLogTime(line)) formatUtc(*t);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return 0;
}
