#pragma once
// How the process's heap holds the buffers of a few megabytes every decoded picture passes through: set
// once at the start of a program (camtrace's main, and the analyzer benchmark, so that what it times is
// what an audit pays).

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace camtrace {

// Every decoded picture passes through buffers of a few megabytes (frame copies, the sensor-noise
// residual, OpenCV's scratch planes). Above glibc's default 128 KiB-32 MiB mmap threshold each one was a
// fresh mapping, zero-filled by page faults and unmapped on free: a quarter of an audit's time was the
// kernel's (`perf record`, bench/README.md). Kept in the heap they are reused frame after frame; the peak
// resident size grows by the largest few buffers only.
inline void keepLargeBuffersInTheHeap() {
#if defined(__GLIBC__)
  constexpr int kLarge = 256 << 20;
  mallopt(M_MMAP_THRESHOLD, kLarge);
  mallopt(M_TRIM_THRESHOLD, kLarge);
#endif
}

// glibc gives threads arenas of their own (up to eight a core), and with the trim threshold above, what
// one thread's arena frees stays resident beside the others': the decoder's frame threads, the read-ahead
// and the analysers each kept their own, about 80 MB of a 1080p audit on two threads. Two arenas for the
// whole process keep an hour of 1080p at 240 MB instead of 311 (one: 217 MB) at the same CPU time on two
// cores (bench/README.md, "memory"); small blocks, most of the allocations, stay in each thread's cache
// and take no arena lock.
inline void shareHeapArenas() {
#if defined(__GLIBC__)
  constexpr int kArenas = 2;
  mallopt(M_ARENA_MAX, kArenas);
#endif
}

}  // namespace camtrace
