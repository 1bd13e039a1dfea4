#include "cli_support.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "formats/evidence_files.h"
#include "formats/media_error.h"

namespace camtrace::cli {

Console::Console(const GlobalOptions& options)
    : progress_(!options.quiet && isatty(STDERR_FILENO) == 1),
      quiet_(options.quiet),
      verbosity_(options.verbosity) {}

void Console::progress(const std::string& line) const {
  if (progress_) std::cerr << "camtrace: " << line << '\n';
}

void Console::warn(const std::string& line) const {
  if (!quiet_) std::cerr << "camtrace: " << line << '\n';
}

void Console::info(const std::string& line) const {
  if (!quiet_ && verbosity_ > 0) std::cerr << "camtrace: " << line << '\n';
}

std::string readInput(const std::string& command, const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  try {
    requireRegularFile(path);
  } catch (const MediaError& e) {
    throw UsageError(command + ": " + e.what());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(command + ": " + path + ": cannot open");
  text << in.rdbuf();
  return text.str();
}

nlohmann::ordered_json readFindings(const std::string& command, const std::string& path) {
  return parseFindings(command, path, readInput(command, path));
}

nlohmann::ordered_json parseFindings(const std::string& command, const std::string& path,
                                     const std::string& text) {
  auto f = nlohmann::ordered_json::parse(text, nullptr, false);
  if (f.is_discarded() || !f.is_object() || f.value("schema", std::string()) != "camtrace.findings/1")
    throw UsageError(command + ": " + path +
                     " is not a camtrace findings.json (from `camtrace audit` or `camtrace merge`)");
  return f;
}

std::map<int, std::string> parseRtpMap(const std::vector<std::string>& items) {
  std::map<int, std::string> map;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    std::string codec = eq == std::string::npos ? "" : item.substr(eq + 1);
    int pt = -1;
    try {
      pt = std::stoi(item.substr(0, eq));
    } catch (const std::exception&) {
    }
    if (pt < 0 || pt > 127 || (codec != "h264" && codec != "h265" && codec != "jpeg")) {
      throw UsageError("--rtp-map wants PT=h264, PT=h265 or PT=jpeg with PT 0-127, got \"" + item + "\"");
    }
    map[pt] = codec;
  }
  return map;
}

std::vector<std::string> resultArgv(const std::vector<std::string>& argv) {
  static const std::set<std::string> kWithValue = {"-o", "--output", "--frames", "--threads", "--shard"};
  static const std::set<std::string> kFlags = {"-q",        "--quiet",   "-v",           "-vv",  "-vvv",
                                               "--verbose", "--explain", "--provenance", "--pdq"};
  std::vector<std::string> out;
  if (!argv.empty()) out.push_back("camtrace");
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (kFlags.count(a)) continue;
    if (kWithValue.count(a)) {
      ++i;
      continue;
    }
    const size_t eq = a.find('=');
    if (eq != std::string::npos && kWithValue.count(a.substr(0, eq))) continue;
    if (a.size() > 2 && a.rfind("-o", 0) == 0 && a[2] != '-') continue;  // -oFILE
    out.push_back(a);
  }
  return out;
}

int resultExitCode(bool anyAudited, bool errors, bool findings) {
  if (!anyAudited) return kUsage;
  if (errors) return kPartial;
  return findings ? kFindings : kClean;
}

}  // namespace camtrace::cli
