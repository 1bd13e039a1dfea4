#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <zlib.h>

#include "formats/log_parsers.h"
#include "formats/log_reader.h"
#include "formats/log_time.h"
#include "formats/media_error.h"
#include "tests/support/temp_dir.h"

namespace camtrace {
namespace {

struct Parsed {
  std::vector<std::vector<std::string>> records;  // wanted fields per record, "" when absent
  std::vector<std::string> errors;
};

Parsed parseAll(const LogFormat& format, const std::vector<std::string>& wanted, const std::string& text) {
  auto parser = makeLogParser(format, wanted);
  LogRecord record(wanted.size());
  Parsed out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string error;
    switch (parser->parse(std::string_view(text).substr(begin, end - begin), record, error)) {
      case LogParser::Result::Record: {
        std::vector<std::string> values;
        for (size_t i = 0; i < wanted.size(); ++i) values.emplace_back(record.value(i).value_or(""));
        out.records.push_back(values);
        break;
      }
      case LogParser::Result::Malformed:
        out.errors.push_back(error);
        break;
      case LogParser::Result::Skip:
        break;
    }
    begin = end + 1;
  }
  return out;
}

TEST(LogTime, ReadsEachFormOfTimestamp) {
  const double t = 1577354462.0;  // 2019-12-26T10:01:02Z
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T10:01:02Z"), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T10:01:02.250Z"), t + 0.25);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26 11:01:02+01:00"), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T05:01:02-0500"), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("26/Dec/2019:10:01:02 +0000"), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("[26/Dec/2019:18:01:02 +0800]"), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("1577354462.5"), t + 0.5);
  EXPECT_DOUBLE_EQ(*parseLogTime("1577354462500"), t + 0.5);
  for (const char* bad : {"", "yesterday", "2019-13-26T10:01:02Z", "26/Foo/2019:10:01:02 +0000", "-5", "nan",
                          "2019-12-26T10:01:02Zjunk", "1e400", "1e300", "99999999999999999"})
    EXPECT_FALSE(parseLogTime(bad)) << bad;
  EXPECT_EQ(formatUtc(t), "2019-12-26T10:01:02Z");
  EXPECT_EQ(formatUtc(t + 0.25), "2019-12-26T10:01:02.250Z");
  EXPECT_EQ(formatUtc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(formatClf(t + 0.9), "26/Dec/2019:10:01:02 +0000");
  EXPECT_DOUBLE_EQ(*parseLogTime(formatClf(t)), t);
}

// A log written in local time without a zone: its `timezone` places it; times that say their zone, and epoch
// values, are not moved.
TEST(LogTime, AZonelessTimeTakesTheLogsOffset) {
  const double t = 1577354462.0;  // 2019-12-26T10:01:02Z
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26 11:01:02", 3600), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T04:31:02", -5 * 3600 - 1800), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T10:01:02Z", 3600), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("2019-12-26T11:01:02+01:00", -7200), t);
  EXPECT_DOUBLE_EQ(*parseLogTime("1577354462", 3600), t);
  EXPECT_EQ(parseUtcOffset("UTC"), 0);
  EXPECT_EQ(parseUtcOffset("+01:00"), 3600);
  EXPECT_EQ(parseUtcOffset("-0530"), -19800);
  EXPECT_EQ(parseUtcOffset("+09"), 32400);
  for (const char* bad : {"", "Europe/Berlin", "CET", "+25:00", "+1", "01:00", "+01:00x"})
    EXPECT_FALSE(parseUtcOffset(bad)) << bad;
}

TEST(WantedFields, FindsEveryNameAmongManyAlikeAndNothingElse) {
  // Names alike in length, first, middle and last characters share hash slots and must still be told apart.
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) names.push_back("f" + std::to_string(i) + "x");
  names.emplace_back("net.rtt_ms");
  names.emplace_back("f7x");  // a repeated name keeps its first position
  const WantedFields wanted(names);
  for (size_t i = 0; i < 300; ++i) EXPECT_EQ(wanted.find(names[i]), static_cast<int>(i)) << names[i];
  EXPECT_EQ(wanted.find("net.rtt_ms"), 300);
  for (const char* other : {"", "f", "f300x", "f7", "net.rtt_m", "net.rtt_ms.", "F7x"})
    EXPECT_EQ(wanted.find(other), -1) << other;
}

TEST(JsonLog, FlattensNestedKeysAndCountsBadLines) {
  const std::string text =
      "{\"ts\":\"2019-12-26T10:01:02Z\",\"req\":{\"session\":\"s-1\",\"rtt\":41.5},\"cache\":\"HIT\"}\n"
      "\n"
      "{\"ts\":1577354463,\"req\":{\"session\":\"s-2\"},\"cache\":null}\n"
      "{truncated\n"
      "[1,2]\n";
  auto p = parseAll({"jsonl", "", {}}, {"ts", "req.session", "req.rtt", "cache"}, text);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"2019-12-26T10:01:02Z", "s-1", "41.5", "HIT"}));
  EXPECT_EQ(p.records[1], (std::vector<std::string>{"1577354463", "s-2", "", ""}));
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[1], "a JSON value that is not an object");
}

TEST(JsonLog, ReadsEveryKindOfValueTheSameOnTheFastAndTheCarefulPath) {
  // Line 1 takes simdjson's path; line 2 holds an integer beyond 64 bits and the last line objects nested
  // deeper than simdjson goes, which it refuses and nlohmann reads: all give their fields. The lines between
  // are malformed on both paths.
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 5000; ++i) deep += "}";
  const std::string text =
      R"({"s":"caf\u00e9 \"q\"","n":-12,"u":18446744073709551615,"f":41.50,"b":true,"z":null,)"
      R"("arr":[{"s":"inside an array"}],"o":{"p":{"s":"x"}},"o.p.t":"dotted key"})"
      "\n"
      R"({"s":"big","n":123456789012345678901234567890})"
      "\n"
      "{\"s\":\"\xff\"}\n"
      "{\"s\":\"a\x01b\"}\n"
      R"({"n":01})"
      "\n"
      R"({"s":"x"} {"s":"y"})"
      "\n" +
      deep + "\n";
  auto p = parseAll({"jsonl", "", {}}, {"s", "n", "u", "f", "b", "z", "o.p.s", "o.p.t"}, text);
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"caf\xc3\xa9 \"q\"", "-12", "18446744073709551615",
                                                    "41.5", "true", "", "x", "dotted key"}));
  EXPECT_EQ(p.records[1][0], "big");
  EXPECT_EQ(p.records[1][1], "123456789012345678901234567890");
  EXPECT_EQ(p.records[2], std::vector<std::string>(8));
  ASSERT_EQ(p.errors.size(), 4u);
  for (const auto& e : p.errors) EXPECT_EQ(e, "not a JSON object");
}

TEST(NginxLog, ReadsCustomFieldsAndTheRequestLine) {
  const std::string format =
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_user_agent" )"
      R"($upstream_cache_status $request_time node=$hostname)";
  const std::string text =
      R"x(10.0.0.7 - user-17 [26/Dec/2019:10:01:02 +0000] "GET /thumbs/cam-B/latest.jpg?session=s-9 HTTP/1.1" 200 5120 "Display/1.0 (\x22hub\x22)" HIT 0.412 node=edge-3)x"
      "\n"
      R"(10.0.0.8 - - [26/Dec/2019:10:01:03 +0000] "GET /x HTTP/1.1" 200 0 "-" MISS 0.001 node=edge-1)"
      "\n"
      "garbage line\n"
      R"(10.0.0.9 - - [26/Dec/2019:10:01:04 +0000] "GET /y HTTP/1.1)"
      "\n";
  auto p = parseAll({"nginx", format, {}},
                    {"time_local", "remote_user", "uri", "args", "upstream_cache_status", "hostname",
                     "body_bytes_sent", "request_time", "http_user_agent"},
                    text);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0],
            (std::vector<std::string>{"26/Dec/2019:10:01:02 +0000", "user-17", "/thumbs/cam-B/latest.jpg",
                                      "session=s-9", "HIT", "edge-3", "5120", "0.412",
                                      R"x(Display/1.0 (\x22hub\x22))x"}));
  EXPECT_EQ(p.records[1][1], "");  // "-" is no value
  EXPECT_EQ(p.records[1][3], "");
  EXPECT_EQ(p.errors.size(), 2u);
}

TEST(NginxLog, DefaultsToCombinedAndRejectsAdjacentFields) {
  auto p = parseAll({"nginx", "", {}}, {"remote_addr", "status", "request_uri"},
                    R"(1.2.3.4 - - [26/Dec/2019:10:01:02 +0000] "GET /a?b=c HTTP/2.0" 304 0 "-" "curl/8")");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"1.2.3.4", "304", "/a?b=c"}));
  EXPECT_THROW(makeLogParser({"nginx", "$a$b", {}}, {}), std::invalid_argument);
  EXPECT_THROW(makeLogParser({"syslog", "", {}}, {}), std::invalid_argument);
}

TEST(ApacheLog, ReadsBracketedTimeHeadersAndEscapedQuotes) {
  const std::string format = R"(%h %l %u %t \"%r\" %>s %b \"%{User-agent}i\" %{X-Cache}o %D)";
  const std::string text =
      R"(10.0.0.7 - user-17 [26/Dec/2019:10:01:02 +0000] "GET /thumbs/cam-B/1.jpg?sid=s-9 HTTP/1.1" 200 5120 "say \"hi\"" HIT 412000)";
  auto p =
      parseAll({"apache", format, {}}, {"%t", "%u", "%U", "%q", "%{X-Cache}o", "%D", "%{User-agent}i"}, text);
  ASSERT_EQ(p.records.size(), 1u) << (p.errors.empty() ? "" : p.errors[0]);
  EXPECT_EQ(p.records[0],
            (std::vector<std::string>{"[26/Dec/2019:10:01:02 +0000]", "user-17", "/thumbs/cam-B/1.jpg",
                                      "sid=s-9", "HIT", "412000", R"(say \"hi\")"}));
  EXPECT_DOUBLE_EQ(*parseLogTime(p.records[0][0]), 1577354462.0);
}

TEST(DelimitedLog, CsvWithHeaderQuotingAndRaggedRows) {
  const std::string text =
      "time,session,object,node\n"
      "2019-12-26T10:01:02Z,s-1,\"thumbs/cam-A,1.jpg\",edge-1\n"
      "2019-12-26T10:01:03Z,s-2,\"say \"\"x\"\"\",edge-2\n"
      "2019-12-26T10:01:04Z,s-3\n"
      "2019-12-26T10:01:05Z,s-4,\"open,edge-2\n";
  auto p = parseAll({"csv", "", {}}, {"session", "object", "node"}, text);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"s-1", "thumbs/cam-A,1.jpg", "edge-1"}));
  EXPECT_EQ(p.records[1][1], "say \"x\"");
  EXPECT_EQ(p.errors.size(), 2u);
}

TEST(DelimitedLog, TsvWithColumnsFromTheManifest) {
  auto p =
      parseAll({"tsv", "", {"t", "sid", "key"}}, {"key", "sid"}, "1577354462\ts-1\tk/1\n1577354463\ts-2\t\n");
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0], (std::vector<std::string>{"k/1", "s-1"}));
  EXPECT_EQ(p.records[1], (std::vector<std::string>{"", "s-2"}));
}

// CloudFront's standard access log: directives, tab-separated fields, "-" for no value, the date and time in
// two columns offered joined; the columns may change midway (a new #Fields:), and a line before any
// #Fields: cannot be read.
TEST(W3cLog, CloudFrontFieldsDirectivesAndJoinedDateTime) {
  const std::string text =
      "2019-12-26\t10:01:02\tedge-1\t/a.jpg\n"
      "#Version: 1.0\n"
      "#Fields: date time x-edge-location cs-uri-stem x-edge-result-type cs-uri-query\n"
      "2019-12-26\t10:01:02\tFRA2-C1\t/thumbs/cam-B/1.jpg\tHit\tsession=s-1\n"
      "2019-12-26\t10:01:03\tFRA2-C1\t/thumbs/cam-A/2.jpg\t-\t-\n"
      "2019-12-26\t10:01:04\tFRA2-C1\n"
      "#Fields: date time cs-uri-stem\n"
      "2019-12-26 10:01:05 /thumbs/cam-A/3.jpg\n";
  auto p =
      parseAll({"w3c", "", {}}, {"date_time", "cs-uri-stem", "x-edge-result-type", "cs-uri-query"}, text);
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0],
            (std::vector<std::string>{"2019-12-26T10:01:02Z", "/thumbs/cam-B/1.jpg", "Hit", "session=s-1"}));
  EXPECT_EQ(p.records[1], (std::vector<std::string>{"2019-12-26T10:01:03Z", "/thumbs/cam-A/2.jpg", "", ""}));
  EXPECT_EQ(p.records[2], (std::vector<std::string>{"2019-12-26T10:01:05Z", "/thumbs/cam-A/3.jpg", "", ""}));
  ASSERT_EQ(p.errors.size(), 2u);  // the line before #Fields:, the short line
  EXPECT_NE(p.errors[0].find("#Fields:"), std::string::npos) << p.errors[0];
  EXPECT_EQ(parseLogTime(p.records[0][0]), 1577354462.0);
}

TEST(LogLineReader, StreamsLinesWithCrlfLastLineAndOverlongLines) {
  test::TempDir dir;
  {
    std::ofstream out(dir.file("a.log"), std::ios::binary);
    out << "one\r\ntwo\n" << std::string(LogLineReader::kMaxLine + 10, 'x') << "\nthree";
  }
  LogLineReader reader(dir.file("a.log"));
  std::string_view line;
  int64_t number = 0;
  bool overlong = false;
  std::vector<std::string> lines;
  std::vector<bool> flags;
  while (reader.next(line, number, overlong)) {
    lines.emplace_back(line.substr(0, 5));
    flags.push_back(overlong);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "xxxxx", "three"}));
  EXPECT_EQ(flags, (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(number, 4);
  EXPECT_THROW(LogLineReader(dir.file("missing.log")), MediaError);
}

std::vector<std::string> readLines(const std::string& path, bool* truncated = nullptr) {
  LogLineReader reader(path);
  std::string_view line;
  int64_t number = 0;
  bool overlong = false;
  std::vector<std::string> lines;
  while (reader.next(line, number, overlong)) lines.emplace_back(line);
  if (truncated) *truncated = reader.truncated();
  return lines;
}

TEST(LogLineReader, ReadsGzipRotatedLogsAndNoticesATruncatedOne) {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "line " + std::to_string(i) + "\n";
  {
    gzFile out = gzopen(dir.file("access.log.1.gz").c_str(), "wb");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    gzclose(out);
  }
  bool truncated = true;
  auto lines = readLines(dir.file("access.log.1.gz"), &truncated);
  ASSERT_EQ(lines.size(), 50000u);
  EXPECT_EQ(lines.back(), "line 49999");
  EXPECT_FALSE(truncated);
  // The same file cut in half: the lines before the cut, and the cut said.
  std::ifstream in(dir.file("access.log.1.gz"), std::ios::binary);
  std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  {
    std::ofstream out(dir.file("cut.gz"), std::ios::binary);
    out << gz.substr(0, gz.size() / 2);
  }
  lines = readLines(dir.file("cut.gz"), &truncated);
  EXPECT_TRUE(truncated);
  EXPECT_GT(lines.size(), 1000u);
  EXPECT_LT(lines.size(), 50000u);
  EXPECT_EQ(lines[1000], "line 1000");
}

TEST(LogLineReader, DropsAByteOrderMark) {
  test::TempDir dir;
  {
    std::ofstream out(dir.file("excel.csv"), std::ios::binary);
    out << "\xEF\xBB\xBFtime,session\r\n2019-12-26T10:00:00Z,s-1\r\n";
  }
  auto lines = readLines(dir.file("excel.csv"));
  EXPECT_EQ(lines, (std::vector<std::string>{"time,session", "2019-12-26T10:00:00Z,s-1"}));
}

}  // namespace
}  // namespace camtrace
