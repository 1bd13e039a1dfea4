#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace camtrace {

// What an audit says on a terminal as captures finish: "decoded 3/8 captures, 4512 frames, 310 frames/s,
// about 1 min 20 s left (cap/s-003.ts)". The time left is the captures left at the pace so far; it is not
// said before a capture has finished or a second has passed.
std::string captureProgressLine(size_t done, size_t total, int64_t frames, double elapsedSeconds,
                                const std::string& last);

// The same for a log being read: "log logs/cdn.log: 412 MB of 2100 MB (19%), 95 MB/s, about 17 s left,
// 3100000 lines". Bytes are of the file as stored (a gzip log's compressed bytes).
std::string logProgressLine(const std::string& log, int64_t bytesDone, int64_t bytesTotal, int64_t lines,
                            double elapsedSeconds);

}  // namespace camtrace
