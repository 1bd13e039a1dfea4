#include "still_folder_reader.h"

#include <fnmatch.h>
#include <algorithm>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include "container_reader.h"
#include "log_time.h"

namespace fs = std::filesystem;

namespace camtrace {

bool StillFolderReader::isStillName(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

std::vector<std::string> StillFolderReader::listStills(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    // Not only regular files: a FIFO or device named like a still is listed, so that reading it is refused
    // and reported (an unreadable still), never skipped in silence.
    std::error_code ec;
    if (!entry.is_directory(ec) && isStillName(entry.path().filename().string())) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());  // std::string compares byte-wise
  return names;
}

StillFolderReader::StillFolderReader(const std::string& folder, int decodeThreads)
    : decodeThreads_(decodeThreads) {
  info_.path = folder;
  info_.container = "stills";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw MediaError(folder, "not a folder");
  for (const auto& name : listStills(folder)) files_.push_back((fs::path(folder) / name).string());
  if (files_.empty()) throw MediaError(folder, "folder holds no JPEG or PNG stills");
}

StillFolderReader::StillFolderReader(const std::string& glob, std::vector<std::string> files,
                                     int decodeThreads)
    : files_(std::move(files)), decodeThreads_(decodeThreads) {
  info_.path = glob;
  info_.container = "stills";
}

std::optional<std::vector<std::string>> expandStillGlob(const std::string& pattern) {
  const fs::path path(pattern);
  const std::string name = path.filename().string();
  std::error_code ec;
  if (name.find_first_of("*?[") == std::string::npos || fs::exists(path, ec)) return std::nullopt;
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(folder, ec)) throw MediaError(pattern, "the folder of this glob does not exist");
  std::vector<std::string> files;
  for (const auto& still : StillFolderReader::listStills(folder.string())) {
    if (fnmatch(name.c_str(), still.c_str(), FNM_PERIOD) == 0)
      files.push_back((path.parent_path() / still).string());
  }
  if (files.empty()) throw MediaError(pattern, "glob matches no JPEG or PNG still");
  return files;
}

StillFolderReader::~StillFolderReader() {
  for (auto& still : ahead_) still.wait();  // the decodes in flight read files_ and must end first
}

StillFolderReader::Still StillFolderReader::decodeStill(const std::string& file, bool color) {
  Still still;
  DecodedFrame& frame = still.frame;
  bool got = false;
  try {
    ContainerReader reader(file);
    reader.keepColor(color);
    got = reader.next(frame);
    if (got) still.codec = reader.info().codec;
    still.decoded = got;
    if (!got) frame.unreadableReason = "no picture decoded";
  } catch (const MediaError& e) {
    frame = DecodedFrame{};
    frame.unreadableReason = e.detail();
  }
  if (!got) frame.unreadable = true;
  // A still has no stream time; its own clock, when it records one, is the only time it has.
  // Only a still that decoded is read again for its time (a FIFO named like one must not be opened).
  frame.pts = got ? stillTime(file, frame.exifDateTime, frame.exifOffset)
                        .value_or(std::numeric_limits<double>::quiet_NaN())
                  : std::numeric_limits<double>::quiet_NaN();
  return still;
}

bool StillFolderReader::next(DecodedFrame& frame) {
  if (position_ >= files_.size()) return false;
  const std::string& file = files_[position_];
  Still still;
  if (decodeThreads_ > 1) {
    while (queued_ < files_.size() && ahead_.size() < static_cast<size_t>(decodeThreads_)) {
      ahead_.push_back(std::async(std::launch::async, &StillFolderReader::decodeStill,
                                  std::cref(files_[queued_]), color_));
      ++queued_;
    }
    still = ahead_.front().get();
    ahead_.pop_front();
  } else {
    still = decodeStill(file, color_);
  }
  frame = std::move(still.frame);
  if (still.decoded && info_.codec.empty()) {
    info_.codec = still.codec;
    info_.width = frame.width;
    info_.height = frame.height;
  }
  if (!still.decoded) unread_.add(file + ": " + frame.unreadableReason);
  frame.index = static_cast<int64_t>(position_);
  frame.keyframe = true;  // every still stands alone
  frame.referenceDamaged = false;
  frame.provenance.file = file;
  ++position_;
  return true;
}

std::optional<double> stillTime(const std::string& file, const std::string& exifDateTime,
                                const std::string& exifOffset) {
  // "YYYY:MM:DD HH:MM:SS" (EXIF) or "YYYY-MM-DD HH:MM:SS" / "...THH:MM:SS" (what cameras write in JPEG
  // comments); taken as UTC, since neither says which zone it is in.
  auto parse = [](const std::string& text) -> std::optional<double> {
    for (size_t i = 0; i + 19 <= text.size(); ++i) {
      int y, mo, d, h, mi, s;
      char a, b, t, c1, c2;
      if (std::sscanf(text.c_str() + i, "%4d%c%2d%c%2d%c%2d%c%2d%c%2d", &y, &a, &mo, &b, &d, &t, &h, &c1, &mi,
                      &c2, &s) == 11 &&
          (a == ':' || a == '-') && b == a && (t == ' ' || t == 'T') && c1 == ':' && c2 == ':' && y >= 1970 &&
          y < 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61) {
        std::tm tm{};
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = s;
        return static_cast<double>(timegm(&tm));
      }
    }
    return std::nullopt;
  };
  if (!exifDateTime.empty()) {
    if (auto t = parse(exifDateTime)) return *t - parseUtcOffset(exifOffset).value_or(0);
  }
  // JPEG comment segments (0xFFFE) before the image data.
  std::ifstream in(file, std::ios::binary);
  std::vector<unsigned char> head(1 << 16);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.size() < 4 || head[0] != 0xff || head[1] != 0xd8) return std::nullopt;
  for (size_t pos = 2; pos + 4 <= head.size() && head[pos] == 0xff;) {
    const int marker = head[pos + 1];
    const size_t length = static_cast<size_t>(head[pos + 2] << 8 | head[pos + 3]);
    if (marker == 0xda || length < 2) break;  // start of scan: no more headers
    if (marker == 0xfe && pos + 2 + length <= head.size()) {
      if (auto t = parse(std::string(head.begin() + static_cast<long>(pos) + 4,
                                     head.begin() + static_cast<long>(pos + 2 + length))))
        return t;
    }
    pos += 2 + length;
  }
  return std::nullopt;
}

}  // namespace camtrace
