#pragma once

#include <string>
#include <utility>
#include <vector>

namespace camtrace {

// The libraries that decode, parse and measure the evidence, at the versions this process runs with (not
// the headers it was built with): FFmpeg, OpenCV, libpcap, zlib. Another FFmpeg may decode a damaged frame
// differently, so findings record them beside camtrace's own version.
std::vector<std::pair<std::string, std::string>> libraryVersions();

// "FFmpeg 5.1.6, OpenCV 4.6.0, ..." for --version.
std::string libraryVersionLine();

}  // namespace camtrace
