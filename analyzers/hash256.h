#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camtrace {

// A 256-bit perceptual hash. Bit i lives in words[i / 64], bit (i % 64).
struct Hash256 {
  std::array<uint64_t, 4> words{};

  bool bit(int i) const { return (words[i >> 6] >> (i & 63)) & 1U; }
  void set(int i) { words[i >> 6] |= uint64_t{1} << (i & 63); }
  int distance(const Hash256& other) const {
    int d = 0;
    for (int i = 0; i < 4; ++i) d += std::popcount(words[i] ^ other.words[i]);
    return d;
  }
  bool operator==(const Hash256&) const = default;

  // 64 hex digits, most significant word first (the PDQ convention).
  std::string hex() const;
  static std::optional<Hash256> fromHex(std::string_view text);
};

}  // namespace camtrace
