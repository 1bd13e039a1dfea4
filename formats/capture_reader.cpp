#include "capture_reader.h"

#include <filesystem>

#include "container_reader.h"
#include "evidence_files.h"
#include "hls_playlist.h"
#include "hls_reader.h"
#include "pcap_rtp_reader.h"
#include "still_folder_reader.h"

namespace camtrace {

namespace {

std::unique_ptr<CaptureReader> openReader(const std::string& path, const CaptureOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return std::make_unique<StillFolderReader>(path, options.decodeThreads);
  if (auto files = expandStillGlob(path))
    return std::make_unique<StillFolderReader>(path, std::move(*files), options.decodeThreads);
  if (parsePacketCaptureName(path)) return std::make_unique<PcapRtpReader>(path, options.rtpMap);
  requireRegularFile(path);
  if (looksLikeHlsPlaylist(path)) return std::make_unique<HlsReader>(path);
  return std::make_unique<ContainerReader>(path, options.decodeThreads);
}

}  // namespace

std::unique_ptr<CaptureReader> openCapture(const std::string& path, const CaptureOptions& options) {
  auto reader = openReader(path, options);
  if (options.color) reader->keepColor(true);
  if (options.borrowLuma) reader->borrowLuma(true);
  return reader;
}

}  // namespace camtrace
