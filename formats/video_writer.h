#pragma once
// Encoders for the evidence camtrace generates itself (simulate, tests): H.264 (libx264), H.265 (libx265)
// or MJPEG through libavcodec, into any container libavformat writes (MP4, MKV, MPEG-TS, AVI, FLV, raw
// .h264/.hevc), and JPEG/PNG stills.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ffmpeg_handles.h"
#include "yuv_image.h"

namespace camtrace {

struct EncoderSettings {
  std::string codec = "libx264";  // also "libx265" (H.265) and "mjpeg"
  int width = 320;
  int height = 180;
  int fps = 15;
  int gop = 30;
  int crf = 26;
  std::string preset = "veryfast";
  // Options for the muxer, e.g. for HLS: {"hls_time", "1"}, {"hls_segment_type", "fmp4"}.
  std::map<std::string, std::string> muxerOptions;
  // Container metadata, e.g. {"creation_time", "2019-12-26T03:00:00Z"} (tests of time of day).
  std::map<std::string, std::string> metadata;
};

class VideoFileWriter {
 public:
  // Lets the caller alter each encoded packet before it is muxed (simulate uses it to cause packet-loss
  // damage). Return false to drop the packet.
  using PacketHook = std::function<bool(AVPacket& packet, int64_t packetNumber)>;

  // With a hook, `undamagedPath` (when not empty) receives every packet as the encoder made it, so that
  // both files come from one encode and differ only where the hook changed them.
  VideoFileWriter(const std::string& path, const EncoderSettings& settings, PacketHook hook = nullptr,
                  const std::string& undamagedPath = {});
  ~VideoFileWriter();
  VideoFileWriter(const VideoFileWriter&) = delete;
  VideoFileWriter& operator=(const VideoFileWriter&) = delete;

  void write(const YuvImage& image);
  // Flushes the encoder and writes the trailer. Called by the destructor if the caller did not.
  void close();

 private:
  // One output container fed with encoded packets.
  class Muxer {
   public:
    Muxer(const std::string& path, const AVCodecContext& encoder, bool globalHeader,
          const std::map<std::string, std::string>& muxerOptions,
          const std::map<std::string, std::string>& metadata);
    void write(AVPacket& packet, AVRational encoderTimeBase);
    void close();

   private:
    std::string path_;
    ffmpeg::UniqueAVOutputContext format_;
    AVStream* stream_ = nullptr;
    bool closed_ = false;
  };

  void drain();

  std::string path_;
  EncoderSettings settings_;
  PacketHook hook_;
  ffmpeg::UniqueAVCodecContext encoder_;
  std::unique_ptr<Muxer> muxer_;
  std::unique_ptr<Muxer> undamaged_;
  ffmpeg::UniqueAVFrame frame_;
  ffmpeg::UniqueAVPacket packet_;
  int64_t nextPts_ = 0;
  int64_t packetNumber_ = 0;
  bool closed_ = false;
};

// A picture as baseline JPEG bytes (FFmpeg's MJPEG encoder, full-range 4:2:0, the standard Huffman
// tables); `quality` is the encoder's qscale, 2 (best) to 31. The same picture gives the same bytes.
std::vector<uint8_t> encodeJpeg(const std::string& name, const YuvImage& image, int quality = 4);

// Writes one still; the format follows the extension (.jpg/.jpeg or .png).
void writeStill(const std::string& path, const YuvImage& image, int jpegQuality = 4);

// A picture as PNG bytes: `pixels` rows packed, 3 bytes a pixel (R, G, B) when `rgb`, else 1 (grey). The
// same pixels give the same bytes. `name` is what errors name.
std::vector<uint8_t> encodePng(const std::string& name, int width, int height, const uint8_t* pixels,
                               bool rgb);

}  // namespace camtrace
