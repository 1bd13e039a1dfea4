#include "still_folder_reader.h"

#include <algorithm>
#include <filesystem>

#include "container_reader.h"

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
    if (entry.is_regular_file() && isStillName(entry.path().filename().string())) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());  // std::string compares byte-wise
  return names;
}

StillFolderReader::StillFolderReader(const std::string& folder) {
  info_.path = folder;
  info_.container = "stills";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw MediaError(folder, "not a folder");
  for (const auto& name : listStills(folder)) files_.push_back((fs::path(folder) / name).string());
  if (files_.empty()) throw MediaError(folder, "folder holds no JPEG or PNG stills");
}

bool StillFolderReader::next(DecodedFrame& frame) {
  if (position_ >= files_.size()) return false;
  const std::string& file = files_[position_];
  frame = DecodedFrame{};
  bool got = false;
  try {
    ContainerReader reader(file);
    got = reader.next(frame);
    if (got && info_.codec.empty()) {
      info_.codec = reader.info().codec;
      info_.width = frame.width;
      info_.height = frame.height;
    }
    if (!got) frame.unreadableReason = "no picture decoded";
  } catch (const MediaError& e) {
    frame = DecodedFrame{};
    frame.unreadableReason = e.detail();
  }
  if (!got) {
    frame.unreadable = true;
    warnings_.push_back(file + ": " + frame.unreadableReason);
  }
  frame.index = static_cast<int64_t>(position_);
  frame.keyframe = true;  // every still stands alone
  frame.referenceDamaged = false;
  frame.provenance.file = file;
  ++position_;
  return true;
}



}  // namespace camtrace
