#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace camtrace {

struct InputDigest {
  std::string path;  // as the user or the manifest wrote it; files inside a folder as folder/name
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex
};

// SHA-256 of a file's bytes, read-only and streamed. Throws MediaError naming the file when unreadable.
InputDigest digestFile(const std::string& fsPath, const std::string& displayPath);

// Digests of a file, or of every regular file inside a folder (recursively, sorted by name).
std::vector<InputDigest> digestInput(const std::string& fsPath, const std::string& displayPath);

// SHA-256 of a byte string, lowercase hex. The same implementation serves ids and file digests.
std::string sha256Hex(std::string_view bytes);

}  // namespace camtrace
