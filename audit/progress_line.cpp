#include "progress_line.h"

#include <cmath>

namespace camtrace {
namespace {

std::string duration(double seconds) {
  const auto s = static_cast<int64_t>(std::llround(seconds));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

std::string captureProgressLine(size_t done, size_t total, int64_t frames, double elapsedSeconds,
                                const std::string& last) {
  std::string line = "decoded " + std::to_string(done) + "/" + std::to_string(total) + " captures, " +
                     std::to_string(frames) + " frames";
  if (elapsedSeconds >= 1) {
    line += ", " + std::to_string(std::llround(static_cast<double>(frames) / elapsedSeconds)) + " frames/s";
    if (done > 0 && done < total)
      line += ", about " +
              duration(elapsedSeconds / static_cast<double>(done) * static_cast<double>(total - done)) +
              " left";
  }
  return line + " (" + last + ")";
}

std::string logProgressLine(const std::string& log, int64_t bytesDone, int64_t bytesTotal, int64_t lines,
                            double elapsedSeconds) {
  constexpr double kMB = 1e6;
  std::string line =
      "log " + log + ": " + std::to_string(std::llround(static_cast<double>(bytesDone) / kMB)) + " MB";
  if (bytesTotal > 0)
    line += " of " + std::to_string(std::llround(static_cast<double>(bytesTotal) / kMB)) + " MB (" +
            std::to_string(bytesDone * 100 / bytesTotal) + "%)";
  if (elapsedSeconds >= 1 && bytesDone > 0) {
    const double rate = static_cast<double>(bytesDone) / elapsedSeconds;
    line += ", " + std::to_string(std::llround(rate / kMB)) + " MB/s";
    if (bytesTotal > bytesDone)
      line += ", about " + duration(static_cast<double>(bytesTotal - bytesDone) / rate) + " left";
  }
  return line + ", " + std::to_string(lines) + " lines";
}

}  // namespace camtrace
