#pragma once

#include <deque>
#include <future>
#include <optional>

#include "capture_reader.h"

namespace camtrace {

// A folder of JPEG/PNG stills, as a cache serving snapshots leaves them. Files are taken in byte-wise sorted
// name order (docs/design.md: that order is the frame index). A file that does not decode still takes its
// index and comes out as an unreadable frame, so indexes stay tied to file names.
// With `decodeThreads` > 1 the next stills are decoded ahead on that many threads, each on its own decoder,
// and handed out in order: every still stands alone, so the pictures are the same on any thread count.
class StillFolderReader : public CaptureReader {
 public:
  explicit StillFolderReader(const std::string& folder, int decodeThreads = 1);
  // The stills a glob matched (see expandStillGlob), named by the glob.
  StillFolderReader(const std::string& glob, std::vector<std::string> files, int decodeThreads = 1);
  ~StillFolderReader() override;
  StillFolderReader(const StillFolderReader&) = delete;
  StillFolderReader& operator=(const StillFolderReader&) = delete;
  bool next(DecodedFrame& frame) override;
  const CaptureInfo& info() const override { return info_; }
  std::vector<std::string> warnings() const override { return {}; }
  std::vector<std::string> unreadParts() const override { return unread_.list(); }

  static bool isStillName(const std::string& name);
  // The still files of a folder, in frame order.
  static std::vector<std::string> listStills(const std::string& folder);

 private:
  struct Still {
    DecodedFrame frame;
    bool decoded = false;  // a picture came out (it may still be unreadable: dimensions out of range)
    std::string codec;
  };
  static Still decodeStill(const std::string& file, bool color);

  CaptureInfo info_;
  std::vector<std::string> files_;
  size_t position_ = 0;
  CappedNotes unread_;
  int decodeThreads_ = 1;
  std::deque<std::future<Still>> ahead_;  // the stills after position_, decoding
  size_t queued_ = 0;                     // files_ handed to ahead_ so far
};

// A glob over stills ("cap/thumbs/cam-A_*.jpg": wildcards in the file name only), expanded to the matching
// JPEG/PNG files in byte-wise name order; nothing when `pattern` has no wildcard or names an existing file.
// Throws MediaError when it matches no still.
std::optional<std::vector<std::string>> expandStillGlob(const std::string& pattern);

// The time a still was taken, in seconds since 1970: EXIF DateTimeOriginal/DateTime when the decoder
// found it, placed by its EXIF offset (`exifOffset`, "+01:00") when the still records one, else taken as
// UTC; else a date and time in a JPEG comment (UTC); nothing when neither is there.
std::optional<double> stillTime(const std::string& file, const std::string& exifDateTime,
                                const std::string& exifOffset = "");

}  // namespace camtrace
