#pragma once

// The clock tests' way through analyzers/osd_clock: a camera's layout learned from decoded reference frames,
// and a capture read as the audit's clock witness reads it (audit/osd_evidence).

#include <optional>
#include <vector>

#include "analyzers/osd_clock.h"
#include "analyzers/osd_line_shift.h"
#include "tests/support/test_media.h"

namespace camtrace::test {

// As the audit learns it: pooled, then the frames registered to one another where the line moves with its
// text (OsdLineRegistrar).
inline OsdLayout learnLayout(const std::vector<DecodedFrame>& frames) {
  OsdLayoutBuilder builder;
  for (const auto& f : frames) builder.add(viewOf(f));
  OsdLayout layout = builder.finish();
  if (layout.empty()) return layout;
  OsdLineRegistrar registrar(layout);
  for (const auto& f : frames) registrar.add(viewOf(f));
  OsdLayout moving = registrar.finish();
  return moving.empty() ? layout : moving;
}

struct OsdWay {
  OsdLayout layout;
  std::vector<std::vector<uint8_t>> names;  // per frame
  std::vector<OsdGlyph> glyphs;
  std::vector<std::optional<OsdReading>> readings;  // per frame
};

// Every way of osdReadingLayouts, keeping the one that reads most frames, then most dates.
inline OsdWay readBestWay(const OsdLayout& layout, const std::vector<DecodedFrame>& frames) {
  OsdWay best;
  best.readings.resize(frames.size());
  std::pair<size_t, size_t> bestCount{0, 0};  // frames read, of them with a date
  for (const OsdLayout& way : osdReadingLayouts(layout)) {
    OsdGlyphReader reader(way);
    OsdWay read{way, {}, {}, {}};
    for (const auto& f : frames) read.names.push_back(reader.read(viewOf(f)));
    read.glyphs = reader.glyphs();
    const auto digits = learnOsdDigits(way, read.names, read.glyphs);
    const OsdFormat format = osdFormat(way, read.names, digits, read.glyphs);
    std::pair<size_t, size_t> count{0, 0};
    for (const auto& n : read.names) {
      read.readings.push_back(readOsdClock(format, n, digits));
      count.first += read.readings.back().has_value();
      count.second += read.readings.back() && read.readings.back()->hasDate();
    }
    if (count > bestCount) best = std::move(read), bestCount = count;
  }
  return best;
}

}  // namespace camtrace::test
