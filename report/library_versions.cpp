#include "library_versions.h"

#include <pcap/pcap.h>
#include <zlib.h>

#include <opencv2/core/utility.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

namespace camtrace {
namespace {

std::string dotted(unsigned version) {
  return std::to_string(AV_VERSION_MAJOR(version)) + "." + std::to_string(AV_VERSION_MINOR(version)) + "." +
         std::to_string(AV_VERSION_MICRO(version));
}

// pcap_lib_version() says "libpcap version 1.10.3 (with TPACKET_V3)": the version alone.
std::string pcapVersion() {
  std::string text = pcap_lib_version();
  const std::string prefix = "libpcap version ";
  if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
  return text.substr(0, text.find(' '));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> libraryVersions() {
  return {{"ffmpeg", av_version_info()},
          {"libavcodec", dotted(avcodec_version())},
          {"libavformat", dotted(avformat_version())},
          {"libswscale", dotted(swscale_version())},
          {"opencv", cv::getVersionString()},
          {"libpcap", pcapVersion()},
          {"zlib", zlibVersion()}};
}

std::string libraryVersionLine() {
  std::string line;
  for (const auto& [name, version] : libraryVersions()) {
    if (!line.empty()) line += ", ";
    line.append(name).append(" ").append(version);
  }
  return line;
}

}  // namespace camtrace
