#include "sensor_noise.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "analyzers/resample.h"

namespace camtrace {
namespace {

// Pixels this dark carry no multiplicative pattern worth the name; this bright may be clipped.
constexpr int kMinLuma = 16;
constexpr int kMaxLuma = 250;
constexpr double kMaxResidual = 3.0;
// In whole levels: the residual is a difference of two byte planes.
constexpr auto kMaxLevels = static_cast<int>(kMaxResidual);
static_assert(kMaxLevels == kMaxResidual);

// The two rules every path here follows (the fingerprint's sums, a frame's sample; SIMD lanes spell them
// out again): a pixel's residual is its step from the median around it, clamped, since scene edges (and
// a burned-in clock's text) leave large residuals every camera of a similar scene shares; and only pixels
// between near-black and near-clipped carry the sensor's pattern.
int residualOf(int luma, int median) {
  return std::clamp(luma - median, -kMaxLevels, kMaxLevels);
}
bool carriesPattern(int luma) {
  return luma >= kMinLuma && luma <= kMaxLuma;
}

// Rows and columns of K averaged to zero: JPEG and H.264 block grids and the readout of a sensor leave
// row/column patterns that every camera of a model shares (Chen et al., 2008, "zero-meaning").
void zeroMean(std::vector<float>& k, int width, int height) {
  for (int y = 0; y < height; ++y) {
    double sum = 0;
    for (int x = 0; x < width; ++x) sum += k[static_cast<size_t>(y) * width + x];
    const float mean = static_cast<float>(sum / width);
    for (int x = 0; x < width; ++x) k[static_cast<size_t>(y) * width + x] -= mean;
  }
  for (int x = 0; x < width; ++x) {
    double sum = 0;
    for (int y = 0; y < height; ++y) sum += k[static_cast<size_t>(y) * width + x];
    const float mean = static_cast<float>(sum / height);
    for (int y = 0; y < height; ++y) k[static_cast<size_t>(y) * width + x] -= mean;
  }
}

// One row into the sums: num += W * I and den += I * I where the luma is usable, W the residual clamped to
// kMaxResidual. Eight pixels a step in 16-bit lanes (|W * I| <= 750, I * I fits 16 bits unsigned).
void poolProducts(const uint8_t* row, const uint8_t* smooth, int32_t* num, uint32_t* den, int width) {
  int x = 0;
#if CV_SIMD128
  const cv::v_int16x8 low = cv::v_setall_s16(-kMaxLevels), high = cv::v_setall_s16(kMaxLevels);
  const cv::v_uint16x8 darkest = cv::v_setall_u16(kMinLuma), brightest = cv::v_setall_u16(kMaxLuma);
  for (; x + 8 <= width; x += 8) {
    const cv::v_uint16x8 v = cv::v_load_expand(row + x);
    const cv::v_uint16x8 usable = (v >= darkest) & (v <= brightest);
    const cv::v_int16x8 vs = cv::v_reinterpret_as_s16(v & usable);
    const cv::v_int16x8 d = cv::v_min(
        cv::v_max(cv::v_reinterpret_as_s16(v) - cv::v_reinterpret_as_s16(cv::v_load_expand(smooth + x)), low),
        high);
    cv::v_int32x4 p0, p1;
    cv::v_mul_expand(d, vs, p0, p1);
    cv::v_store(num + x, cv::v_load(num + x) + p0);
    cv::v_store(num + x + 4, cv::v_load(num + x + 4) + p1);
    cv::v_uint32x4 q0, q1;
    cv::v_mul_expand(cv::v_reinterpret_as_u16(vs), cv::v_reinterpret_as_u16(vs), q0, q1);
    cv::v_store(den + x, cv::v_load(den + x) + q0);
    cv::v_store(den + x + 4, cv::v_load(den + x + 4) + q1);
  }
#endif
  for (; x < width; ++x) {
    const int v = row[x];
    const int d = residualOf(v, smooth[x]);
    const bool usable = carriesPattern(v);
    num[x] += usable ? d * v : 0;
    den[x] += usable ? static_cast<uint32_t>(v * v) : 0;
  }
}

}  // namespace

std::vector<float> noiseResidual(const GrayView& luma) {
  cv::Mat smooth;
  cv::medianBlur(asMat(luma), smooth, 3);
  // Scene edges leave large residuals that are the same in every camera filming a similar scene (and the
  // burned-in clock's text in every camera of a model); the sensor's pattern is a few levels at most.
  // One pass over the two byte planes: the differences are whole levels, exact in float, so this gives
  // the same residual as converting both planes and clamping them in OpenCV, without five full-size
  // temporaries per frame (the residual was the largest single cost of an audit, bench/README.md).
  // In integers, which the compiler vectorises: kMaxResidual is a whole number of levels.
  std::vector<float> out(static_cast<size_t>(luma.width) * luma.height);
  for (int y = 0; y < luma.height; ++y) {
    const uint8_t* row = luma.data + static_cast<long>(y) * luma.stride;
    const uint8_t* median = smooth.ptr<uint8_t>(y);
    float* residual = out.data() + static_cast<size_t>(y) * luma.width;
    for (int x = 0; x < luma.width; ++x) residual[x] = static_cast<float>(residualOf(row[x], median[x]));
  }
  return out;
}

void NoiseFingerprintBuilder::add(const GrayView& luma) {
  // Eight bytes a pixel are pooled per reference: a 16k x 16k picture (the decoder's limit) would need
  // 2 GiB for one clip. Pictures over 4K give no fingerprint.
  constexpr int64_t kMaxPixels = int64_t{3840} * 2160;
  if (luma.empty() || int64_t{luma.width} * luma.height > kMaxPixels || frames_ >= kMaxFrames) return;
  if (frames_ == 0) {
    width_ = luma.width;
    height_ = luma.height;
    numerator_.assign(static_cast<size_t>(width_) * height_, 0);
    denominator_.assign(numerator_.size(), 0);
  } else if (luma.width != width_ || luma.height != height_) {
    return;  // another size: a fingerprint is per resolution
  }
  // W * I and I * I straight from the two byte planes, in integers: the same sums noiseSample's float
  // planes give (every product and sum is a whole number well inside a float's and a double's exact
  // range) without two full-size float planes per frame.
  cv::Mat median;
  cv::medianBlur(asMat(luma), median, 3);
  for (int y = 0; y < height_; ++y)
    poolProducts(luma.data + static_cast<ptrdiff_t>(y) * luma.stride, median.ptr<uint8_t>(y),
                 numerator_.data() + static_cast<size_t>(y) * width_,
                 denominator_.data() + static_cast<size_t>(y) * width_, width_);
  ++frames_;
}

void NoiseFingerprintBuilder::merge(const NoiseFingerprintBuilder& other) {
  if (other.frames_ == 0) return;
  if (frames_ == 0) {
    *this = other;
    return;
  }
  // Whole files only: sums cannot be split by frame. Merges come in manifest order, so which files fit
  // under kMaxFrames does not depend on the thread count.
  if (other.width_ != width_ || other.height_ != height_ || frames_ + other.frames_ > kMaxFrames) return;
  for (size_t i = 0; i < numerator_.size(); ++i) {
    numerator_[i] += other.numerator_[i];
    denominator_[i] += other.denominator_[i];
  }
  frames_ += other.frames_;
}

void NoiseFingerprintBuilder::merge(NoiseFingerprintBuilder&& other) {
  if (other.frames_ == 0) return;
  if (frames_ == 0) {
    *this = std::move(other);
    return;
  }
  merge(static_cast<const NoiseFingerprintBuilder&>(other));
}

NoiseFingerprint NoiseFingerprintBuilder::finish(int minFrames) const {
  NoiseFingerprint fp;
  if (frames_ < minFrames) return fp;
  fp.width = width_;
  fp.height = height_;
  fp.frames = frames_;
  fp.gain.resize(numerator_.size());
  for (size_t i = 0; i < numerator_.size(); ++i)
    fp.gain[i] =
        denominator_[i] > 0
            ? static_cast<float>(static_cast<double>(numerator_[i]) / static_cast<double>(denominator_[i]))
            : 0.0f;
  zeroMean(fp.gain, width_, height_);
  return fp;
}

NoiseSample noiseSample(const GrayView& luma) {
  NoiseSample sample;
  if (luma.empty()) return sample;
  sample.width = luma.width;
  sample.height = luma.height;
  sample.residual = noiseResidual(luma);
  sample.luma.resize(sample.residual.size());
  for (int y = 0; y < luma.height; ++y) {
    const uint8_t* row = luma.data + static_cast<long>(y) * luma.stride;
    float* w = sample.residual.data() + static_cast<size_t>(y) * luma.width;
    float* v = sample.luma.data() + static_cast<size_t>(y) * luma.width;
    for (int x = 0; x < luma.width; ++x) {
      const bool usable = carriesPattern(row[x]);
      v[x] = usable ? static_cast<float>(row[x]) : 0.0f;
      if (!usable) w[x] = 0.0f;
      sample.usable += usable;
    }
  }
  const cv::Mat w(1, static_cast<int>(sample.residual.size()), CV_32F, sample.residual.data());
  sample.sumW = cv::sum(w)[0];
  sample.sumWW = w.dot(w);
  return sample;
}

float noiseCorrelation(const GrayView& luma, const NoiseFingerprint& fp) {
  return noiseCorrelation(noiseSample(luma), fp);
}

float noiseCorrelation(const NoiseSample& sample, const NoiseFingerprint& fp) {
  if (fp.empty() || sample.width != fp.width || sample.height != fp.height || sample.usable < 1024)
    return std::numeric_limits<float>::quiet_NaN();
  // OpenCV's vectorised products; masked pixels are zero in both residual and luma and drop out.
  const int n = static_cast<int>(sample.luma.size());
  const cv::Mat v(1, n, CV_32F, const_cast<float*>(sample.luma.data()));
  const cv::Mat k(1, n, CV_32F, const_cast<float*>(fp.gain.data()));
  const cv::Mat w(1, n, CV_32F, const_cast<float*>(sample.residual.data()));
  const cv::Mat modulated = v.mul(k);
  const double dn = static_cast<double>(sample.usable);
  const double sumS = cv::sum(modulated)[0], sumSS = modulated.dot(modulated), sumWS = w.dot(modulated);
  const double varW = sample.sumWW - sample.sumW * sample.sumW / dn, varS = sumSS - sumS * sumS / dn;
  const double cov = sumWS - sample.sumW * sumS / dn;
  if (varW <= 0 || varS <= 0) return std::numeric_limits<float>::quiet_NaN();
  return static_cast<float>(cov / std::sqrt(varW * varS));
}

}  // namespace camtrace
