#include "analyzer.h"

#include <stdexcept>
#include <string_view>

#include <opencv2/core/utility.hpp>

#include "picture_bars.h"

namespace camtrace {

void Analyzer::setOption(const std::string& option, double /*value*/) {
  throw std::invalid_argument("analyzer " + std::string(name()) + " has no option " + option);
}

AnalyzerRegistry& AnalyzerRegistry::instance() {
  static AnalyzerRegistry registry;
  return registry;
}

bool AnalyzerRegistry::add(std::string name, Factory factory) {
  return factories_.emplace(std::move(name), std::move(factory)).second;
}

std::vector<std::unique_ptr<Analyzer>> AnalyzerRegistry::createAll(
    const std::map<std::string, double>& options) const {
  // camtrace runs one capture per thread; OpenCV's own threads inside a resize would only add
  // contention, and their split changes float results in the last bit from run to run.
  cv::setNumThreads(0);
  std::vector<std::unique_ptr<Analyzer>> all;
  for (const auto& [name, factory] : factories_) {
    auto analyzer = factory();
    std::string prefix = name + ".";
    for (const auto& [key, value] : options) {
      if (key.rfind(prefix, 0) == 0) analyzer->setOption(key.substr(prefix.size()), value);
    }
    all.push_back(std::move(analyzer));
  }
  for (const auto& [key, value] : options) {
    auto dot = key.find('.');
    if (dot == std::string::npos || !factories_.count(key.substr(0, dot))) {
      throw std::invalid_argument("unknown analyzer option " + key);
    }
  }
  return all;
}

std::vector<std::string> AnalyzerRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : factories_) out.push_back(entry.first);
  return out;
}

FrameSignals analyzeFrame(const std::vector<std::unique_ptr<Analyzer>>& analyzers, const GrayView& luma,
                          Thumbnail* thumbnail) {
  FrameSignals signals;
  const FramePicture picture(luma);
  for (const auto& analyzer : analyzers) analyzer->analyze(picture, signals);
  if (thumbnail) *thumbnail = thumbnailOf(picture);
  if (const auto inside = insideBars(luma)) {
    auto insideSignals = std::make_shared<FrameSignals>();
    const FramePicture insidePicture(*inside);
    // Only what a picture is matched on: the hash and the structure.
    for (const auto& analyzer : analyzers) {
      const std::string_view name = analyzer->name();
      if (name == "pdq" || name == "structure") analyzer->analyze(insidePicture, *insideSignals);
    }
    signals.insideBars = std::move(insideSignals);
  }
  return signals;
}

}  // namespace camtrace
