#pragma once
// What an input is on disk. Evidence is read only when it is a regular file (or a folder of them): a FIFO,
// a character device such as /dev/zero or a socket would block camtrace forever or never end, so it is
// refused with its path named, and the rest of the work goes on.

#include <string>
#include <vector>

namespace camtrace {

// Throws MediaError naming `path` unless it is a regular file (symbolic links followed).
void requireRegularFile(const std::string& path);

// Every file or folder on disk that reading the input `path` (as openCapture takes it: a media file, a
// folder or glob of stills, an HLS playlist, "gw.pcapng#ssrc=...") would read: the packet capture file
// for an RTP stream, a glob's folder and each still it matches, and a playlist with its chosen variant, its
// segments and init segments. Inputs that cannot be expanded (a glob matching nothing, a broken playlist) are
// returned as given: reading them reports the problem.
std::vector<std::string> evidenceFilesOf(const std::string& path);
// The same for several inputs, in order.
std::vector<std::string> evidenceFilesOf(const std::vector<std::string>& paths);

// `text` (a file name, a message about it) with a leading `path`, where an input was read from, replaced by
// `written`, the input as the manifest or findings.json names it: outputs do not depend on the working
// folder.
std::string asWritten(std::string text, const std::string& path, const std::string& written);

}  // namespace camtrace
