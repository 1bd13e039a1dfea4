#pragma once
// Test inputs made on the spot: scenes from simulate's renderer, encoded with libavcodec.

#include <cstdint>
#include <string>
#include <vector>

#include "analyzers/gray_view.h"
#include "formats/decoded_frame.h"
#include "formats/video_writer.h"
#include "formats/yuv_image.h"

namespace camtrace::test {

// `count` pictures of one procedural camera (seed picks the room), daylight, people walking.
std::vector<YuvImage> renderScene(uint64_t seed, int count, int width = 160, int height = 96,
                                  bool infrared = false);

// Encoder settings for test data: the pictures' size, `fps`, a keyframe every two seconds.
EncoderSettings settingsFor(const std::vector<YuvImage>& pictures, int fps = 15,
                            const std::string& codec = "libx264");

// Encodes pictures as H.264 into any container the file name implies (.mp4, .ts, .mkv, .h264).
void writeVideo(const std::string& path, const std::vector<YuvImage>& pictures, int fps = 15,
                const std::string& codec = "libx264");

// Every frame of a capture, through camtrace's own readers (openCapture).
std::vector<DecodedFrame> decodeAll(const std::string& capture);

// Writes raw bytes (garbage, truncations).
void writeBytes(const std::string& path, const std::string& bytes);
std::string readBytes(const std::string& path);

// What a camera films through another lens: `picture` cropped to `scale` of its size around a centre
// moved `dx` pixels right, scaled back up (nearest pixel), at `gain` brightness. A look-alike camera beside
// the first, or a pan/tilt/zoom camera's closer preset (scale 0.5, dx -width/4: the left half, twice as
// close).
YuvImage throughLens(const YuvImage& picture, double scale, int dx, double gain = 1.0);

// The luma plane of a picture, for analyzers.
struct Luma {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;
};
Luma lumaOf(const YuvImage& image);
// What a pan/tilt/zoom camera shows at a closer preset: the part of its picture `zoom` times smaller, its
// left edge at `left` and top at `top` of the picture's width and height, filling the frame (bilinear).
Luma closerPreset(const Luma& wide, double zoom, double left, double top);

// A decoded frame's luma plane as the analyzers take it (borrowed: the frame must outlive the view).
inline GrayView viewOf(const DecodedFrame& frame) {
  return {frame.luma.data(), frame.width, frame.height, frame.width};
}

}  // namespace camtrace::test
