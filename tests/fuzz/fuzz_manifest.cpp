// libFuzzer target: case manifests. Anything but ManifestError escaping is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "audit/case_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    camtrace::parseManifest(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json", "/evidence");
  } catch (const camtrace::ManifestError&) {
  }
  return 0;
}
