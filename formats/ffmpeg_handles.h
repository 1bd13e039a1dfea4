#pragma once
// Every FFmpeg and libpcap handle camtrace touches is owned here, so that no other file calls a *_free or
// *_close function and version differences stay in one place (FFmpeg 5.1 is the baseline; Debian 12).

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>
}
#include <pcap/pcap.h>

#include "media_error.h"

namespace camtrace::ffmpeg {

// FFmpeg frees most things through a pointer to the pointer (so that it can null it), some through the
// pointer itself: one deleter template for each form.
template <typename T, void (*Free)(T**)>
struct FreeThroughAddress {
  void operator()(T* p) const { Free(&p); }
};
template <typename T, auto Free>
struct FreePointer {
  void operator()(T* p) const { Free(p); }
};

struct FormatOutputDeleter {
  void operator()(AVFormatContext* ctx) const;  // closes the AVIO handle as well
};
struct AvioDeleter {
  void operator()(AVIOContext* io) const;  // frees the context's buffer as well
};

using UniqueAVFormatContext =
    std::unique_ptr<AVFormatContext, FreeThroughAddress<AVFormatContext, avformat_close_input>>;
using UniqueAVOutputContext = std::unique_ptr<AVFormatContext, FormatOutputDeleter>;
using UniqueAVCodecContext =
    std::unique_ptr<AVCodecContext, FreeThroughAddress<AVCodecContext, avcodec_free_context>>;
using UniqueAVCodecParameters =
    std::unique_ptr<AVCodecParameters, FreeThroughAddress<AVCodecParameters, avcodec_parameters_free>>;
using UniqueAVFrame = std::unique_ptr<AVFrame, FreeThroughAddress<AVFrame, av_frame_free>>;
using UniqueAVPacket = std::unique_ptr<AVPacket, FreeThroughAddress<AVPacket, av_packet_free>>;
using UniqueAVIOContext = std::unique_ptr<AVIOContext, AvioDeleter>;
using UniqueSwsContext = std::unique_ptr<SwsContext, FreePointer<SwsContext, sws_freeContext>>;
// Memory from av_malloc and the allocators built on it (av_sha_alloc).
template <typename T>
using UniqueAVMemory = std::unique_ptr<T, FreePointer<T, av_free>>;
using UniquePcap = std::unique_ptr<pcap_t, FreePointer<pcap_t, pcap_close>>;

// An AVDictionary of options, freed with its owner; FFmpeg's open calls take address() and may replace it.
class Dictionary {
 public:
  Dictionary() = default;
  ~Dictionary() { av_dict_free(&dict_); }
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  void set(const char* key, const char* value) { av_dict_set(&dict_, key, value, 0); }
  AVDictionary** address() { return &dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

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
inline int64_t framePacketPosition(const AVFrame* frame) {
  return frame->pkt_pos;
}
inline bool frameIsKey(const AVFrame* frame) {
  return frame->key_frame != 0;
}

}  // namespace camtrace::ffmpeg
