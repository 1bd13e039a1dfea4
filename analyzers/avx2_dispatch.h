#pragma once
// Loops over every pixel of a picture that have an AVX2 twin: camtrace is built for the baseline x86-64
// (SSE2) so that one binary runs anywhere, and picks the wider loop at run time. Only integer loops whose
// every output is one pixel's or one column's sum get a twin, so the results do not depend on which runs.

#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CAMTRACE_AVX2 1
#define CAMTRACE_AVX2_TARGET __attribute__((target("avx2")))
#endif

namespace camtrace {

#ifdef CAMTRACE_AVX2
// out[0..32) += bytes, each byte widened to its 16-bit lane.
CAMTRACE_AVX2_TARGET inline void addWidenedAvx2(uint16_t* out, __m256i bytes) {
  auto* at = reinterpret_cast<__m256i*>(out);
  _mm256_storeu_si256(
      at, _mm256_add_epi16(_mm256_loadu_si256(at), _mm256_cvtepu8_epi16(_mm256_castsi256_si128(bytes))));
  _mm256_storeu_si256(at + 1, _mm256_add_epi16(_mm256_loadu_si256(at + 1),
                                               _mm256_cvtepu8_epi16(_mm256_extracti128_si256(bytes, 1))));
}
#endif

// `avx2` where the processor has AVX2 (and the build can make it), else `baseline`. The CPU is queried
// here rather than trusted to be, since a caller may run before main.
template <class Function>
Function forThisCpu([[maybe_unused]] Function avx2, Function baseline) {
#ifdef CAMTRACE_AVX2
  __builtin_cpu_init();
  if (avx2 != nullptr && __builtin_cpu_supports("avx2")) return avx2;
#endif
  return baseline;
}

}  // namespace camtrace
