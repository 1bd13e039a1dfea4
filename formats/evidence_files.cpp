#include "evidence_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "hls_playlist.h"
#include "media_error.h"
#include "pcap_rtp_reader.h"
#include "still_folder_reader.h"

namespace camtrace {
namespace {

// stat() of `path` (links followed), or MediaError naming it.
struct stat statOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    throw MediaError(path, error == ENOENT ? std::string("no such file")
                                           : std::string("cannot read: ") + std::strerror(error));
  }
  return st;
}

std::string kindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a folder";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::string& path, mode_t mode) {
  throw MediaError(
      path, "is " + kindOf(mode) + ", not a regular file; refused (reading it could block or never end)");
}

}  // namespace

void requireRegularFile(const std::string& path) {
  const struct stat st = statOf(path);
  if (!S_ISREG(st.st_mode)) refuse(path, st.st_mode);
}

std::vector<std::string> evidenceFilesOf(const std::string& path) {
  if (auto pcap = parsePacketCaptureName(path)) return {pcap->file};
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return {path};
  try {
    if (auto files = expandStillGlob(path)) {
      // The glob's folder is evidence too: it holds the stills, and others the glob may match later.
      const std::string folder = std::filesystem::path(path).parent_path().string();
      files->insert(files->begin(), folder.empty() ? "." : folder);
      return *files;
    }
  } catch (const MediaError&) {
    return {path};
  }
  if (!std::filesystem::is_regular_file(path, ec) || !looksLikeHlsPlaylist(path)) return {path};
  std::vector<std::string> out{path};
  try {
    const HlsPlaylist playlist = readHlsPlaylist(path);
    std::set<std::string> seen{path};
    auto add = [&](const std::string& file) {
      if (!file.empty() && seen.insert(file).second) out.push_back(file);
    };
    add(playlist.mediaPlaylist);
    for (const auto& segment : playlist.segments) {
      add(segment.initPath);
      add(segment.path);
    }
  } catch (const MediaError&) {
  }
  return out;
}

std::vector<std::string> evidenceFilesOf(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& path : paths)
    for (auto& file : evidenceFilesOf(path)) out.push_back(std::move(file));
  return out;
}

std::string asWritten(std::string text, const std::string& path, const std::string& written) {
  if (path != written && text.rfind(path, 0) == 0) text.replace(0, path.size(), written);
  return text;
}

}  // namespace camtrace
