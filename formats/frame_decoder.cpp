#include "frame_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
}

namespace camtrace {

namespace {

// Planar 8-bit YUV with its Cb and Cr planes at most halved each way: what cameras and their stills send.
bool hasChromaPlanes(const AVPixFmtDescriptor& desc) {
  if (!(desc.flags & AV_PIX_FMT_FLAG_PLANAR) || desc.nb_components < 3 || desc.log2_chroma_w > 1 ||
      desc.log2_chroma_h > 1)
    return false;
  for (int c = 1; c <= 2; ++c)
    if (desc.comp[c].plane != c || desc.comp[c].depth != 8 || desc.comp[c].step != 1 ||
        desc.comp[c].offset != 0)
      return false;
  return true;
}

}  // namespace

FrameDecoder::FrameDecoder(const AVCodecParameters* parameters, AVRational timeBase, std::string input,
                           int stream, int threads)
    : input_(std::move(input)),
      stream_(stream),
      timeBase_(timeBase),
      frame_(ffmpeg::makeFrame()),
      threads_(std::max(1, threads)) {
  const AVCodec* codec = avcodec_find_decoder(parameters->codec_id);
  if (codec == nullptr) {
    throw MediaError(input_, std::string("no decoder for codec ") + avcodec_get_name(parameters->codec_id));
  }
  codec_.reset(avcodec_alloc_context3(codec));
  if (!codec_) throw std::bad_alloc();
  int rc = avcodec_parameters_to_context(codec_.get(), parameters);
  if (rc < 0) throw ffmpeg::error(input_, "cannot configure decoder", rc);
  if (int64_t{parameters->width} * parameters->height > kMaxPixels) {
    throw MediaError(input_, "picture dimensions " + std::to_string(parameters->width) + "x" +
                                 std::to_string(parameters->height) + " exceed camtrace's limit");
  }
  codec_->thread_count = threads_;
  if (threads_ > 1) {
    codec_->thread_type = FF_THREAD_FRAME;
    // Frame threads copy the context, opaque included: every thread's messages lead back here.
    codec_->opaque = this;
    static std::once_flag installed;
    std::call_once(installed, [] { av_log_set_callback(&FrameDecoder::noteLog); });
  }
  if (parameters->codec_id == AV_CODEC_ID_H264) {
    h264_ = true;
    current_ = h264SequenceInExtradata(
        parameters->extradata, static_cast<size_t>(std::max(0, parameters->extradata_size)), &nalLengthSize_);
  }
  codec_->pkt_timebase = timeBase_;
  // Keep damaged pictures: camtrace reports them as `corrupt` instead of letting them vanish.
  codec_->flags |= AV_CODEC_FLAG_OUTPUT_CORRUPT;
  codec_->flags2 |= AV_CODEC_FLAG2_SHOW_ALL;
  rc = avcodec_open2(codec_.get(), codec, nullptr);
  if (rc < 0) throw ffmpeg::error(input_, "cannot open decoder", rc);
}

void FrameDecoder::noteLog(void* context, int level, const char* format, va_list arguments) {
  // Error resilience conceals a picture's lost macroblocks and says so at AV_LOG_INFO, on the thread that
  // decoded it. It also marks the picture, but a frame thread may hand that picture out before it is
  // concealed, with its flags copied unmarked (FFmpeg 5.1's h264: about half of the threaded readings of a
  // damaged simulated capture looked clean). The message is said whatever the timing.
  const bool damage = level <= AV_LOG_ERROR || (level <= AV_LOG_INFO && format != nullptr &&
                                                std::strncmp(format, "concealing ", 11) == 0);
  // Only a threaded FrameDecoder's contexts carry it as opaque; every other message is only printed.
  if (context != nullptr && damage && *static_cast<const AVClass**>(context) == avcodec_get_class()) {
    const auto* codec = static_cast<const AVCodecContext*>(context);
    if (codec->opaque != nullptr && av_codec_is_decoder(codec->codec))
      static_cast<FrameDecoder*>(codec->opaque)->errorLogged_ = true;
  }
  av_log_default_callback(context, level, format, arguments);
}

void FrameDecoder::send(const AVPacket* packet, std::deque<DecodedFrame>& out) {
  if (h264_ && packet != nullptr && packet->size > 0) {
    if (auto sequence = h264Sequence(packet->data, static_cast<size_t>(packet->size), nalLengthSize_))
      current_ = sequence;
    if (packet->pos >= 0 && current_) {
      sequenceAt_[packet->pos] = *current_;
      // Pictures leave the decoder within a few dozen packets of their own: older entries are spent.
      constexpr size_t kKept = 256;
      if (sequenceAt_.size() > kKept) sequenceAt_.erase(sequenceAt_.begin());
    }
  }
  for (;;) {
    int rc = avcodec_send_packet(codec_.get(), packet);
    if (rc == AVERROR(EAGAIN)) {
      receive();
      continue;
    }
    if (rc == AVERROR_EOF) break;
    if (rc < 0) {
      ++rejectedPackets_;
      chainDamaged_ = true;
      damageSeen_ = true;
    }
    break;
  }
  receive();
  // B-pyramids reorder by up to has_b_frames pictures; two more cover the references of the pyramid.
  release(out, packet == nullptr ? 0 : static_cast<size_t>(codec_->has_b_frames) + 2);
}

void FrameDecoder::sendDamaged(const AVPacket* packet, std::deque<DecodedFrame>& out) {
  if (packet != nullptr) transportDamaged_.insert(packet->pos);
  damageSeen_ = true;
  send(packet, out);
}

void FrameDecoder::release(std::deque<DecodedFrame>& out, size_t keep) {
  while (pending_.size() > keep) {
    out.push_back(std::move(pending_.front()));
    pending_.pop_front();
  }
}

void FrameDecoder::receive() {
  for (;;) {
    int rc = avcodec_receive_frame(codec_.get(), frame_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) {
      ++rejectedPackets_;
      chainDamaged_ = true;
      damageSeen_ = true;
      return;
    }
    DecodedFrame decoded;
    decoded.keyframe = ffmpeg::frameIsKey(frame_.get());
    decoded.corruptFlag = (frame_->flags & AV_FRAME_FLAG_CORRUPT) != 0;
    decoded.decodeErrorFlags = frame_->decode_error_flags;
    if (transportDamaged_.erase(frame_->pkt_pos) > 0) decoded.corruptFlag = true;
    bool damagedNow = decoded.corruptFlag || decoded.decodeErrorFlags != 0;
    // A clean keyframe ends the damage that lost or broken references carried forward.
    if (decoded.keyframe && !damagedNow) chainDamaged_ = false;
    decoded.referenceDamaged = chainDamaged_ && !damagedNow;
    damageSeen_ |= damagedNow || decoded.referenceDamaged;
    if (damagedNow) {
      chainDamaged_ = true;
      for (auto it = pending_.rbegin(); it != pending_.rend() && !it->keyframe; ++it) {
        if (!it->decodeDamaged()) it->referenceDamaged = true;
      }
    }
    int64_t ts = frame_->best_effort_timestamp;
    if (ts != AV_NOPTS_VALUE && timeBase_.den != 0) decoded.pts = static_cast<double>(ts) * av_q2d(timeBase_);
    decoded.provenance.stream = stream_;
    decoded.provenance.packetPosition = ffmpeg::framePacketPosition(frame_.get());
    decoded.provenance.packetSize = frame_->pkt_size;
    signature_.share(signature(*frame_));
    decoded.streamSignature = signature_;
    // Each date with its zone (EXIF 2.31's OffsetTimeOriginal / OffsetTime, which FFmpeg 5.1 names by
    // their tag numbers).
    struct DateKeys {
      const char* date;
      const char* offsets[2];
    };
    for (const DateKeys& keys : {DateKeys{"DateTimeOriginal", {"OffsetTimeOriginal", "0x9011"}},
                                 DateKeys{"DateTime", {"OffsetTime", "0x9010"}}}) {
      const AVDictionaryEntry* e = av_dict_get(frame_->metadata, keys.date, nullptr, 0);
      if (!e) continue;
      decoded.exifDateTime = e->value;
      for (const char* key : keys.offsets)
        if (const AVDictionaryEntry* o = av_dict_get(frame_->metadata, key, nullptr, 0)) {
          decoded.exifOffset = o->value;
          break;
        }
      break;
    }
    convert(*frame_, decoded);
    av_frame_unref(frame_.get());
    pending_.push_back(std::move(decoded));
  }
}

std::optional<H264Sequence> FrameDecoder::sequenceOf(const AVFrame& frame) {
  if (!h264_ || !current_) return std::nullopt;
  auto at = sequenceAt_.find(ffmpeg::framePacketPosition(&frame));
  if (at == sequenceAt_.end()) return current_;
  const H264Sequence sequence = at->second;
  sequenceAt_.erase(at);
  return sequence;
}

std::string FrameDecoder::signature(const AVFrame& frame) {
  // H.264: the SPS of the picture's own packet, so that the pictures around a splice are named after their
  // own stream whatever the decoder's threads or reorder delay (the context holds the latest SPS decoded).
  const std::optional<H264Sequence> sequence = sequenceOf(frame);
  const int profileNumber = sequence ? sequence->profile : codec_->profile;
  const int levelNumber = sequence ? sequence->level : codec_->level;
  const int refs = sequence ? sequence->referenceFrames : codec_->refs;
  const char* profile = avcodec_profile_name(codec_->codec_id, profileNumber);
  const char* format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format));
  char level[16] = "-";
  if (levelNumber > 0) {
    // H.264 levels are tenths (30 = 3.0); HEVC levels are thirtieths (93 = 3.1).
    const int unit = codec_->codec_id == AV_CODEC_ID_HEVC ? 30 : 10;
    std::snprintf(level, sizeof level, "%d.%d", levelNumber / unit, levelNumber % unit * 10 / unit);
  }
  // The reference frame count (H.264's SPS max_num_ref_frames) tells one encoder setup from another at the
  // same size and profile. The encoder's SEI (x264's name and options) would tell more, but encoders write
  // it once per stream: a spliced-in GOP could not be told from the frames after it.
  return std::string(avcodec_get_name(codec_->codec_id)) + "/" + (profile ? profile : "-") + "/" + level +
         "/" + std::to_string(frame.width) + "x" + std::to_string(frame.height) + "/" +
         (format ? format : "-") + "/" + std::to_string(refs) + "ref";
}

void FrameDecoder::toColor(const AVFrame& frame, DecodedFrame& out) {
  const auto format = static_cast<AVPixelFormat>(frame.format);
  // SWS_AREA, as ThreatExchange's vPDQ converts frames: the chroma is upsampled the same way, so the PDQ
  // of these pixels (analyzers/pdq_hasher's computeInteroperablePdq) is vPDQ's bit for bit.
  colorSws_.reset(sws_getCachedContext(colorSws_.release(), frame.width, frame.height, format, frame.width,
                                       frame.height, AV_PIX_FMT_RGB24, SWS_AREA, nullptr, nullptr, nullptr));
  if (!colorSws_) return;  // no colour: the picture is still analysed, and written grey
  out.rgb.resize(static_cast<size_t>(frame.width) * frame.height * 3);
  uint8_t* dst[4] = {out.rgb.data(), nullptr, nullptr, nullptr};
  int dstStride[4] = {frame.width * 3, 0, 0, 0};
  sws_scale(colorSws_.get(), frame.data, frame.linesize, 0, frame.height, dst, dstStride);
}

void FrameDecoder::convert(const AVFrame& frame, DecodedFrame& out) {
  if (frame.width <= 0 || frame.height <= 0 || int64_t{frame.width} * frame.height > kMaxPixels) {
    out.unreadable = true;
    out.unreadableReason = "picture dimensions out of range";
    return;
  }
  out.width = frame.width;
  out.height = frame.height;
  const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
  const auto format = static_cast<AVPixelFormat>(frame.format);
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
  if (color_) toColor(frame, out);
  // Planar and semi-planar YUV (and gray) keep 8-bit luma in plane 0: copy it as is. The analyzers are
  // invariant to the limited/full range difference, so no range conversion is needed.
  bool lumaPlane = desc != nullptr && !(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) &&
                   desc->nb_components >= 1 && desc->comp[0].plane == 0 && desc->comp[0].depth == 8 &&
                   desc->comp[0].step == 1 && desc->comp[0].offset == 0;
  const bool chroma = lumaPlane && hasChromaPlanes(*desc);
  if (chroma) {
    out.chromaWidth = AV_CEIL_RSHIFT(frame.width, desc->log2_chroma_w);
    out.chromaHeight = AV_CEIL_RSHIFT(frame.height, desc->log2_chroma_h);
  }
  if (lumaPlane && borrow_) {
    std::shared_ptr<AVFrame> picture(av_frame_clone(&frame), [](AVFrame* f) { av_frame_free(&f); });
    if (!picture) throw std::bad_alloc();
    out.lumaData = picture->data[0];
    out.lumaStride = picture->linesize[0];
    if (chroma) {
      out.cbData = picture->data[1];
      out.crData = picture->data[2];
      out.cbStride = picture->linesize[1];
      out.crStride = picture->linesize[2];
    }
    out.lumaOwner = std::move(picture);
    return;
  }
  if (lumaPlane) {
    out.luma.clear();
    appendRows({frame.data[0], frame.width, frame.height, frame.linesize[0]}, out.luma);
    if (chroma) {
      out.chroma.clear();
      appendRows({frame.data[1], out.chromaWidth, out.chromaHeight, frame.linesize[1]}, out.chroma);
      appendRows({frame.data[2], out.chromaWidth, out.chromaHeight, frame.linesize[2]}, out.chroma);
    }
    return;
  }
  out.luma.resize(pixels);
  sws_.reset(sws_getCachedContext(sws_.release(), frame.width, frame.height, format, frame.width,
                                  frame.height, AV_PIX_FMT_GRAY8, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws_) {
    out.unreadable = true;
    out.unreadableReason = std::string("cannot convert pixel format ") + (desc ? desc->name : "?");
    out.luma.clear();
    return;
  }
  uint8_t* dst[4] = {out.luma.data(), nullptr, nullptr, nullptr};
  int dstStride[4] = {frame.width, 0, 0, 0};
  sws_scale(sws_.get(), frame.data, frame.linesize, 0, frame.height, dst, dstStride);
}

}  // namespace camtrace
