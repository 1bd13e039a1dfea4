#include "input_digest.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include "evidence_files.h"
#include "ffmpeg_handles.h"
#include "media_error.h"

namespace fs = std::filesystem;

namespace camtrace {
namespace {

class Sha256 {
 public:
  Sha256() : sha_(av_sha_alloc()) {
    if (!sha_) throw std::bad_alloc();
    av_sha_init(sha_.get(), 256);
  }
  void update(const void* data, size_t size) {
    av_sha_update(sha_.get(), static_cast<const uint8_t*>(data), static_cast<unsigned>(size));
  }
  std::string hex() {
    uint8_t digest[32];
    av_sha_final(sha_.get(), digest);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (uint8_t b : digest) {
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    return out;
  }

 private:
  ffmpeg::UniqueAVMemory<AVSHA> sha_;
};

}  // namespace

std::string sha256Hex(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex();
}

InputDigest digestFile(const std::string& fsPath, const std::string& displayPath) {
  try {
    requireRegularFile(fsPath);
  } catch (const MediaError& e) {
    throw MediaError(displayPath, e.detail());
  }
  std::ifstream in(fsPath, std::ios::binary);
  if (!in) throw MediaError(displayPath, "cannot open for reading");
  Sha256 sha;
  InputDigest digest;
  digest.path = displayPath;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    sha.update(buffer.data(), static_cast<size_t>(got));
    digest.bytes += static_cast<uint64_t>(got);
  }
  if (in.bad()) throw MediaError(displayPath, "read error while hashing");
  digest.sha256 = sha.hex();
  return digest;
}

std::vector<InputDigest> digestInput(const std::string& fsPath, const std::string& displayPath) {
  std::error_code ec;
  if (!fs::is_directory(fsPath, ec)) return {digestFile(fsPath, displayPath)};
  std::vector<std::string> relative;
  for (const auto& entry : fs::recursive_directory_iterator(fsPath, ec)) {
    if (entry.is_regular_file()) relative.push_back(fs::relative(entry.path(), fsPath).generic_string());
  }
  std::sort(relative.begin(), relative.end());
  std::vector<InputDigest> out;
  out.reserve(relative.size());
  std::string prefix = displayPath;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  for (const auto& name : relative)
    out.push_back(digestFile((fs::path(fsPath) / name).string(), prefix + name));
  return out;
}

}  // namespace camtrace
