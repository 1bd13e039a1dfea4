#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace camtrace::sim {

struct SimulationOptions {
  std::string outDir;
  uint64_t seed = 1;
  int cameras = 4;
  int sessions = 8;
  int width = 320;
  int height = 180;
  int fps = 15;
  double sessionSeconds = 16;
  double referenceSeconds = 8;
  int logSessions = 30;                  // sessions that exist only in the serving logs
  std::vector<std::string> kinds;        // session kinds to cycle through; empty: the default mix
  std::vector<std::string> clockStyles;  // burned-in clock styles, camera i gets i % size; empty: "rom"
};

// What really happened in each simulated session: the camera each frame came from, and which frames the
// simulated packet loss damaged. Written as truth.json next to the case.
struct SessionTruth {
  std::string id;
  std::string camera;
  std::string capture;
  std::string kind;                 // "bursts", "clean", "damaged", "stills"
  std::vector<std::string> frames;  // true camera of frame i
  std::vector<int64_t> damaged;     // frame indexes whose pixels differ from the undamaged decode
  // Frame i was filmed at clockStart + i / frameRate (Unix seconds): its burned-in clock shows the whole
  // second of that in its true camera's zone.
  int64_t clockStart = 0;
  double frameRate = 0;
};

struct SimulationResult {
  std::string manifestPath;
  std::string truthPath;
  std::vector<SessionTruth> sessions;
};

// Renders a synthetic incident: cameras with reference footage (day and IR night), and sessions of each
// kind a cache incident leaves behind:
//   bursts  - the session's camera with bursts of 1 to 30 frames of other cameras (MP4, TS, MKV)
//   stills  - a folder of JPEG thumbnails, some of them another camera's
//   damaged - the right camera throughout, with packet-loss damage in the transport stream
//   clean   - the right camera throughout, with light switches, IR switching and people walking by
// Throws MediaError when a file cannot be written.
SimulationResult simulateIncident(const SimulationOptions& options);

}  // namespace camtrace::sim
