#include "video_writer.h"

#include <cstring>
#include <filesystem>
#include <fstream>

extern "C" {
#include <libavutil/opt.h>
}

namespace camtrace {
namespace {

// Rows are copied in at the picture's width; the padding up to the line size and past the last row would
// otherwise keep whatever the heap held, where an encoder's SIMD may read it.
void clearFrame(AVFrame& frame) {
  for (int plane = 0; plane < AV_NUM_DATA_POINTERS && frame.buf[plane]; ++plane)
    std::memset(frame.buf[plane]->data, 0, frame.buf[plane]->size);
}

void fillFrame(AVFrame& frame, const YuvImage& image) {
  clearFrame(frame);
  for (int row = 0; row < image.height; ++row) {
    std::memcpy(frame.data[0] + static_cast<ptrdiff_t>(row) * frame.linesize[0],
                image.y.data() + static_cast<size_t>(row) * image.width, image.width);
  }
  for (int row = 0; row < image.chromaHeight(); ++row) {
    std::memcpy(frame.data[1] + static_cast<ptrdiff_t>(row) * frame.linesize[1],
                image.u.data() + static_cast<size_t>(row) * image.chromaWidth(), image.chromaWidth());
    std::memcpy(frame.data[2] + static_cast<ptrdiff_t>(row) * frame.linesize[2],
                image.v.data() + static_cast<size_t>(row) * image.chromaWidth(), image.chromaWidth());
  }
}

ffmpeg::UniqueAVFrame allocateFrame(const std::string& path, int width, int height, AVPixelFormat format) {
  auto frame = ffmpeg::makeFrame();
  frame->format = format;
  frame->width = width;
  frame->height = height;
  int rc = av_frame_get_buffer(frame.get(), 0);
  if (rc < 0) throw ffmpeg::error(path, "cannot allocate picture", rc);
  return frame;
}

}  // namespace

VideoFileWriter::Muxer::Muxer(const std::string& path, const AVCodecContext& encoder, bool globalHeader,
                              const std::map<std::string, std::string>& muxerOptions,
                              const std::map<std::string, std::string>& metadata)
    : path_(path) {
  AVFormatContext* raw = nullptr;
  int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str());
  if (rc < 0 || raw == nullptr) throw ffmpeg::error(path, "no muxer for this file name", rc);
  format_.reset(raw);
  if (!globalHeader && (format_->oformat->flags & AVFMT_GLOBALHEADER)) {
    throw MediaError(path, "this container needs the same header kind as the primary output");
  }
  for (const auto& [key, value] : metadata) av_dict_set(&format_->metadata, key.c_str(), value.c_str(), 0);
  stream_ = avformat_new_stream(format_.get(), nullptr);
  if (stream_ == nullptr) throw std::bad_alloc();
  stream_->time_base = encoder.time_base;
  avcodec_parameters_from_context(stream_->codecpar, &encoder);
  if (!(format_->oformat->flags & AVFMT_NOFILE)) {
    rc = avio_open(&format_->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) throw ffmpeg::error(path, "cannot create file", rc);
  }
  ffmpeg::Dictionary options;
  // Reproducible bytes: no creation time, no encoder string that changes with the library build.
  options.set("fflags", "+bitexact");
  for (const auto& [key, value] : muxerOptions) options.set(key.c_str(), value.c_str());
  rc = avformat_write_header(format_.get(), options.address());
  if (rc < 0) throw ffmpeg::error(path, "cannot write container header", rc);
}

void VideoFileWriter::Muxer::write(AVPacket& packet, AVRational encoderTimeBase) {
  // One picture lasts one tick of the encoder's time base. Without a duration the MP4 muxer's edit list
  // ended before the last picture, and decoders dropped it (seen: 774 of 775 frames decoded).
  if (packet.duration <= 0) packet.duration = 1;
  av_packet_rescale_ts(&packet, encoderTimeBase, stream_->time_base);
  packet.stream_index = stream_->index;
  int rc = av_interleaved_write_frame(format_.get(), &packet);
  if (rc < 0) throw ffmpeg::error(path_, "cannot write packet", rc);
}

void VideoFileWriter::Muxer::close() {
  if (closed_) return;
  closed_ = true;
  int rc = av_write_trailer(format_.get());
  if (rc < 0) throw ffmpeg::error(path_, "cannot finish the container", rc);
}

VideoFileWriter::VideoFileWriter(const std::string& path, const EncoderSettings& settings, PacketHook hook,
                                 const std::string& undamagedPath)
    : path_(path), settings_(settings), hook_(std::move(hook)), packet_(ffmpeg::makePacket()) {
  const AVOutputFormat* format = av_guess_format(nullptr, path.c_str(), nullptr);
  if (format == nullptr) throw MediaError(path, "no muxer for this file name");
  const bool globalHeader = (format->flags & AVFMT_GLOBALHEADER) != 0;
  const AVCodec* codec = avcodec_find_encoder_by_name(settings.codec.c_str());
  if (codec == nullptr) throw MediaError(path, "FFmpeg was built without the " + settings.codec + " encoder");
  const bool mjpeg = settings.codec == "mjpeg";
  encoder_.reset(avcodec_alloc_context3(codec));
  encoder_->width = settings.width;
  encoder_->height = settings.height;
  encoder_->pix_fmt = mjpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P;
  encoder_->time_base = AVRational{1, settings.fps};
  encoder_->framerate = AVRational{settings.fps, 1};
  encoder_->gop_size = settings.gop;
  // One thread: simulate must write the same bytes for the same seed on every machine.
  encoder_->thread_count = 1;
  if (globalHeader) encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (mjpeg) {
    encoder_->flags |= AV_CODEC_FLAG_QSCALE;
    encoder_->global_quality = FF_QP2LAMBDA * 4;
  } else {
    av_opt_set(encoder_->priv_data, "preset", settings.preset.c_str(), 0);
    av_opt_set(encoder_->priv_data, "crf", std::to_string(settings.crf).c_str(), 0);
    // x264's macroblock-tree rate control reads memory it never wrote at the edge of a picture whose height
    // is no multiple of 16 (180): the same pictures gave other bytes under MALLOC_PERTURB_ or when
    // simulate wrote to a path of another length. Without it the bytes follow the pictures alone.
    if (settings.codec == "libx264") av_opt_set(encoder_->priv_data, "x264-params", "mbtree=0", 0);
  }
  if (settings.codec == "libx265") {
    // x265 logs to stderr on its own and runs thread pools unless told otherwise.
    av_opt_set(encoder_->priv_data, "x265-params", "log-level=none:pools=none:frame-threads=1", 0);
  }
  int rc = avcodec_open2(encoder_.get(), codec, nullptr);
  if (rc < 0) throw ffmpeg::error(path, "cannot open the " + settings.codec + " encoder", rc);
  muxer_ = std::make_unique<Muxer>(path, *encoder_, globalHeader, settings.muxerOptions, settings.metadata);
  if (hook_ && !undamagedPath.empty()) {
    undamaged_ = std::make_unique<Muxer>(undamagedPath, *encoder_, globalHeader, settings.muxerOptions,
                                         settings.metadata);
  }
  frame_ = allocateFrame(path, settings.width, settings.height, encoder_->pix_fmt);
}

VideoFileWriter::~VideoFileWriter() {
  try {
    close();
  } catch (...) {
  }
}

void VideoFileWriter::write(const YuvImage& image) {
  if (image.width != settings_.width || image.height != settings_.height) {
    throw MediaError(path_, "picture size differs from the encoder's");
  }
  int rc = av_frame_make_writable(frame_.get());
  if (rc < 0) throw ffmpeg::error(path_, "cannot write picture", rc);
  fillFrame(*frame_, image);
  frame_->pts = nextPts_++;
  frame_->quality = encoder_->global_quality;
  rc = avcodec_send_frame(encoder_.get(), frame_.get());
  if (rc < 0) throw ffmpeg::error(path_, "encoder refused a picture", rc);
  drain();
}

void VideoFileWriter::drain() {
  for (;;) {
    int rc = avcodec_receive_packet(encoder_.get(), packet_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw ffmpeg::error(path_, "encoding failed", rc);
    if (!hook_) {
      muxer_->write(*packet_, encoder_->time_base);
      av_packet_unref(packet_.get());
      continue;
    }
    // The hook alters its own copy of the bytes, never the encoder's packet.
    auto copy = ffmpeg::makePacket();
    rc = av_new_packet(copy.get(), packet_->size);
    if (rc < 0) throw ffmpeg::error(path_, "cannot copy packet", rc);
    std::memcpy(copy->data, packet_->data, static_cast<size_t>(packet_->size));
    av_packet_copy_props(copy.get(), packet_.get());
    if (undamaged_) undamaged_->write(*packet_, encoder_->time_base);
    av_packet_unref(packet_.get());
    if (hook_(*copy, packetNumber_++)) muxer_->write(*copy, encoder_->time_base);
  }
}

void VideoFileWriter::close() {
  if (closed_) return;
  closed_ = true;
  avcodec_send_frame(encoder_.get(), nullptr);
  drain();
  muxer_->close();
  if (undamaged_) undamaged_->close();
}

std::vector<uint8_t> encodePng(const std::string& name, int width, int height, const uint8_t* pixels,
                               bool rgb) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (codec == nullptr) throw MediaError(name, "no PNG encoder");
  ffmpeg::UniqueAVCodecContext encoder(avcodec_alloc_context3(codec));
  encoder->width = width;
  encoder->height = height;
  encoder->time_base = AVRational{1, 25};
  const AVPixelFormat format = rgb ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8;
  encoder->pix_fmt = format;
  int rc = avcodec_open2(encoder.get(), codec, nullptr);
  if (rc < 0) throw ffmpeg::error(name, "cannot open the PNG encoder", rc);
  auto frame = allocateFrame(name, width, height, format);
  const size_t row = static_cast<size_t>(width) * (rgb ? 3 : 1);
  for (int y = 0; y < height; ++y)
    std::memcpy(frame->data[0] + static_cast<ptrdiff_t>(y) * frame->linesize[0], pixels + y * row, row);
  frame->pts = 0;
  rc = avcodec_send_frame(encoder.get(), frame.get());
  if (rc >= 0) rc = avcodec_send_frame(encoder.get(), nullptr);
  if (rc < 0) throw ffmpeg::error(name, "cannot encode PNG", rc);
  auto packet = ffmpeg::makePacket();
  rc = avcodec_receive_packet(encoder.get(), packet.get());
  if (rc < 0) throw ffmpeg::error(name, "cannot encode PNG", rc);
  return {packet->data, packet->data + packet->size};
}

std::vector<uint8_t> encodeJpeg(const std::string& name, const YuvImage& image, int quality) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) throw MediaError(name, "no still-image encoder");
  ffmpeg::UniqueAVCodecContext encoder(avcodec_alloc_context3(codec));
  encoder->width = image.width;
  encoder->height = image.height;
  encoder->time_base = AVRational{1, 25};
  encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  encoder->flags |= AV_CODEC_FLAG_QSCALE;
  encoder->global_quality = FF_QP2LAMBDA * quality;
  // The standard Huffman tables, as cameras use them (and as RTP/JPEG, RFC 2435, requires).
  av_opt_set(encoder->priv_data, "huffman", "default", 0);
  int rc = avcodec_open2(encoder.get(), codec, nullptr);
  if (rc < 0) throw ffmpeg::error(name, "cannot open the still encoder", rc);
  auto frame = allocateFrame(name, image.width, image.height, AV_PIX_FMT_YUVJ420P);
  fillFrame(*frame, image);
  frame->pts = 0;
  frame->quality = encoder->global_quality;
  rc = avcodec_send_frame(encoder.get(), frame.get());
  if (rc >= 0) rc = avcodec_send_frame(encoder.get(), nullptr);
  if (rc < 0) throw ffmpeg::error(name, "cannot encode still", rc);
  auto packet = ffmpeg::makePacket();
  rc = avcodec_receive_packet(encoder.get(), packet.get());
  if (rc < 0) throw ffmpeg::error(name, "cannot encode still", rc);
  return {packet->data, packet->data + packet->size};
}

void writeStill(const std::string& path, const YuvImage& image, int jpegQuality) {
  std::string ext = std::filesystem::path(path).extension().string();
  const std::vector<uint8_t> bytes =
      ext == ".png" || ext == ".PNG"
          // Grey: camtrace reads luma only, and grey PNG keeps the test data small.
          ? encodePng(path, image.width, image.height, image.y.data(), false)
          : encodeJpeg(path, image, jpegQuality);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw MediaError(path, "cannot write file");
}

}  // namespace camtrace
