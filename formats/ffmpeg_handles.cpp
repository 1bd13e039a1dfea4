#include "ffmpeg_handles.h"

namespace camtrace::ffmpeg {

void FormatOutputDeleter::operator()(AVFormatContext* ctx) const {
  if (ctx == nullptr) return;
  if (ctx->oformat != nullptr && !(ctx->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx->pb);
  avformat_free_context(ctx);
}

void AvioDeleter::operator()(AVIOContext* io) const {
  if (io == nullptr) return;
  av_freep(&io->buffer);
  avio_context_free(&io);
}

UniqueAVFrame makeFrame() {
  UniqueAVFrame frame(av_frame_alloc());
  if (!frame) throw std::bad_alloc();
  return frame;
}

UniqueAVPacket makePacket() {
  UniqueAVPacket packet(av_packet_alloc());
  if (!packet) throw std::bad_alloc();
  return packet;
}

std::string errorString(int averror) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(averror, buffer, sizeof buffer);
  return buffer;
}

MediaError error(const std::string& input, const std::string& what, int averror) {
  return MediaError(input, what + ": " + errorString(averror));
}

void setLogVerbosity(int verbosity) {
  av_log_set_level(verbosity >= 2 ? AV_LOG_WARNING : verbosity == 1 ? AV_LOG_ERROR : AV_LOG_QUIET);
}

}  // namespace camtrace::ffmpeg
