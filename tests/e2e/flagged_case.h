#pragma once
// A small audited case with one foreign run, for the commands that read findings back (extract, report):
// cam-A and cam-B filmed, six frames of cam-B served in cam-A's session s-a, audited into findings.json.

#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

namespace camtrace::test {

inline void writeFlaggedCase(const TempDir& dir) {
  for (const char* sub : {"case/ref", "case/cap"}) std::filesystem::create_directories(dir.path() / sub);
  const auto a = renderScene(350, 120, 320, 180);
  const auto b = renderScene(351, 80, 320, 180);
  writeVideo(dir.file("case/ref/a.mp4"), std::vector<YuvImage>(a.begin(), a.begin() + 40));
  writeVideo(dir.file("case/ref/b.mp4"), std::vector<YuvImage>(b.begin(), b.begin() + 40));
  std::vector<YuvImage> session(a.begin() + 40, a.end());
  for (size_t i = 30; i < 36; ++i) session[i] = b[i + 10];  // six frames of cam-B served to cam-A's viewer
  writeVideo(dir.file("case/cap/s-a.mp4"), session);
  nlohmann::json c;
  c["case_id"] = "flagged";
  c["cameras"] = {{{"id", "cam-A"}, {"references", {"ref/a.mp4"}}},
                  {{"id", "cam-B"}, {"references", {"ref/b.mp4"}}}};
  c["sessions"] = {{{"id", "s-a"}, {"camera", "cam-A"}, {"viewer", "u-1"}, {"captures", {"cap/s-a.mp4"}}}};
  writeBytes(dir.file("case/case.json"), c.dump(2));
  auto audit = camtrace(
      "audit --case " + quote(dir.file("case/case.json")) + " -o " + quote(dir.file("findings.json")), dir);
  ASSERT_EQ(audit.exitCode, 1) << audit.err;
}

}  // namespace camtrace::test
