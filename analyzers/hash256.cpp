#include "hash256.h"

#include <cstdio>

namespace camtrace {

std::string Hash256::hex() const {
  char buffer[65];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx%016llx%016llx",
                static_cast<unsigned long long>(words[3]), static_cast<unsigned long long>(words[2]),
                static_cast<unsigned long long>(words[1]), static_cast<unsigned long long>(words[0]));
  return buffer;
}

std::optional<Hash256> Hash256::fromHex(std::string_view text) {
  if (text.size() != 64) return std::nullopt;
  Hash256 hash;
  for (int w = 0; w < 4; ++w) {
    uint64_t value = 0;
    for (int i = 0; i < 16; ++i) {
      char c = text[static_cast<size_t>(w) * 16 + static_cast<size_t>(i)];
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = (value << 4) | static_cast<uint64_t>(digit);
    }
    hash.words[static_cast<size_t>(3 - w)] = value;
  }
  return hash;
}

}  // namespace camtrace
