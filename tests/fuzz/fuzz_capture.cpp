// libFuzzer target: arbitrary bytes as a capture file (container, playlist or packet capture, whatever the
// bytes look like), decoded through camtrace's readers. Only MediaError may escape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "formats/capture_reader.h"
#include "formats/ffmpeg_handles.h"
#include "formats/media_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool quiet = (camtrace::ffmpeg::setLogVerbosity(0), true);
  (void)quiet;
  char path[] = "/tmp/camtrace-fuzz-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return 0;
  if (write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    unlink(path);
    return 0;
  }
  close(fd);
  try {
    auto reader = camtrace::openCapture(path);
    camtrace::DecodedFrame frame;
    for (int i = 0; i < 8 && reader->next(frame); ++i) {
    }
  } catch (const camtrace::MediaError&) {
  }
  unlink(path);
  return 0;
}
