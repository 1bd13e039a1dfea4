#pragma once
// Every FFmpeg handle camtrace touches is owned here, so that no other file calls a *_free function and
// version differences stay in one place (FFmpeg 5.1 is the baseline; Debian 12).

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "media_error.h"

namespace camtrace::ffmpeg {

struct FormatInputDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct FormatOutputDeleter {
  void operator()(AVFormatContext* ctx) const;  // closes the AVIO handle as well
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsDeleter {
  void operator()(SwsContext* ctx) const { sws_freeContext(ctx); }
};

using UniqueAVFormatContext = std::unique_ptr<AVFormatContext, FormatInputDeleter>;
using UniqueAVOutputContext = std::unique_ptr<AVFormatContext, FormatOutputDeleter>;
using UniqueAVCodecContext = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using UniqueAVFrame = std::unique_ptr<AVFrame, FrameDeleter>;
using UniqueAVPacket = std::unique_ptr<AVPacket, PacketDeleter>;
using UniqueSwsContext = std::unique_ptr<SwsContext, SwsDeleter>;

UniqueAVFrame makeFrame();
UniqueAVPacket makePacket();

// av_strerror as a std::string.
std::string errorString(int averror);

// Builds the exception for a failed FFmpeg call: "<input>: <what>: <FFmpeg's reason>".
MediaError error(const std::string& input, const std::string& what, int averror);

// FFmpeg's own logging is silenced unless the user asked for -v: damaged evidence makes the H.264 decoder
// print thousands of lines, and camtrace reports damage per frame instead.
void setLogVerbosity(int verbosity);

// Version shims: fields that FFmpeg deprecates after 5.1.
inline int64_t framePacketPosition(const AVFrame* frame) { return frame->pkt_pos; }
inline bool frameIsKey(const AVFrame* frame) { return frame->key_frame != 0; }

}  // namespace camtrace::ffmpeg
