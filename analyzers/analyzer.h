#pragma once
// Analyzer contract (the bulk_extractor scanner lifecycle, reduced to what a pure pixel function needs):
//   1. construct: the registry builds one instance per audit, after setOption() for each option the user
//      gave (options() lists them, with defaults, for the CLI to offer);
//   2. analyze(): called once per decoded frame (the small planes it starts from are shared through the
//      FramePicture), concurrently from several threads, so it must be const and
//      keep no state between frames; it fills only its own fields of FrameSignals;
//   3. destroy at the end of the audit.
// An analyzer adds itself with CAMTRACE_REGISTER_ANALYZER in its own .cpp; nothing else changes.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frame_picture.h"
#include "frame_signals.h"
#include "gray_view.h"
#include "picture_zoom.h"

namespace camtrace {

struct AnalyzerOption {
  std::string name;
  std::string help;
  double defaultValue = 0;
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Relative cost per megapixel, the PDQ hash being 1.0; lets the CLI and benchmarks explain run time.
  virtual double cost() const = 0;
  virtual std::vector<AnalyzerOption> options() const { return {}; }
  virtual void setOption(const std::string& option, double value);
  virtual void analyze(const FramePicture& picture, FrameSignals& signals) const = 0;
};

class AnalyzerRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Analyzer>()>;
  static AnalyzerRegistry& instance();
  bool add(std::string name, Factory factory);
  // Every registered analyzer, in name order so that results never depend on link order. `options` maps
  // "analyzer.option" to a value.
  std::vector<std::unique_ptr<Analyzer>> createAll(const std::map<std::string, double>& options = {}) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, Factory> factories_;
};

// Runs every analyzer on one picture; with `thumbnail`, also keeps the picture's 64 x 64 thumbnail there
// (analyzers/picture_zoom.h), made from the plane PDQ reads.
FrameSignals analyzeFrame(const std::vector<std::unique_ptr<Analyzer>>& analyzers, const GrayView& luma,
                          Thumbnail* thumbnail = nullptr);

#define CAMTRACE_REGISTER_ANALYZER(Type, Name) \
  static const bool kRegistered##Type =        \
      ::camtrace::AnalyzerRegistry::instance().add(Name, [] { return std::make_unique<Type>(); })

}  // namespace camtrace
