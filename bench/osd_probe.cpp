// camtrace-osd-probe: what the burned-in clock reader sees, step by step, for one camera and one capture.
//   camtrace-osd-probe CAPTURE REFERENCE... [--frames N] [--line-of REFERENCE] [--inverted | --bright |
//   --colour]
// Prints the clock line and cells learned from the references (with --line-of, that reference's own line,
// which the audit reads a session on too; with --inverted, the line on the pictures' negative; with
// --bright, the line on their bright key, OsdLayout::bright; with --colour, on their colour key,
// OsdLayout::colour), then for each
// reading layout (grid or ink cells, each tolerance) the glyph names of the capture's first N frames, the
// digit each name was given and the format found, and how many frames the session's clock read. A developer's
// tool for the development clock styles and real clips (bench/README.md), not installed. OSD_PROBE_CELL=N
// prints the distances between the names cell N showed (which characters the reader tells apart);
// OSD_PROBE_GLYPHS draws the first names.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/osd_clock.h"
#include "analyzers/osd_colour_key.h"
#include "analyzers/osd_line_shift.h"
#include "audit/osd_evidence.h"
#include "formats/capture_reader.h"

namespace {

using camtrace::DecodedFrame;
using camtrace::GrayView;

GrayView view(const DecodedFrame& f) {
  return {f.luma.data(), f.width, f.height, f.width};
}

// The picture a line is read on: the luma, or with --colour the frame's colour key (empty without chroma).
GrayView picture(const DecodedFrame& f, bool colour, cv::Mat& key) {
  if (!colour) return view(f);
  if (!camtrace::osdColourKeyFits(view(f), f.chromaView())) return {};
  camtrace::osdColourKey(view(f), f.chromaView(), 0, f.height, key);
  return {key.data, key.cols, key.rows, static_cast<int>(key.step)};
}

void printLayout(const camtrace::OsdLayout& layout) {
  std::printf("%sline rows %d-%d, white %d, tolerance %d%s, %s, %zu cells:",
              layout.inverted ? "negative's "
              : layout.bright ? "bright key's "
              : layout.colour ? "colour key's "
                              : "",
              layout.top, layout.bottom, layout.white, layout.tolerance,
              layout.lumaWeighted ? " luma-weighted" : "", layout.proportional ? "ink cells" : "grid",
              layout.cells.size());
  for (const auto& c : layout.cells) std::printf(" %d-%d", c.x0, c.x1);
  std::printf("\n");
}

char nameChar(uint8_t n) {
  if (n == camtrace::kOsdBlank) return '.';
  if (n == camtrace::kOsdUnknown) return '?';
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return n < 52 ? alphabet[n] : '#';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: camtrace-osd-probe CAPTURE REFERENCE... [--frames N] [--line-of REFERENCE] "
                 "[--inverted | --bright | --colour]\n");
    return 2;
  }
  try {
    size_t shown = 40;
    std::string lineOf;  // the line learned from this reference alone, as the audit also reads it
    std::vector<std::string> refs;
    bool inverted = false, bright = false, colour = false;
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) == "--inverted") {
        inverted = true;
      } else if (std::string(argv[i]) == "--bright") {
        bright = true;
      } else if (std::string(argv[i]) == "--colour") {
        colour = true;
      } else if (std::string(argv[i]) == "--frames" && i + 1 < argc) {
        shown = std::strtoul(argv[++i], nullptr, 10);
      } else if (std::string(argv[i]) == "--line-of" && i + 1 < argc) {
        lineOf = argv[++i];
      } else {
        refs.push_back(argv[i]);
      }
    }
    camtrace::OsdLayoutBuilder builder;
    if (bright || colour) {  // pooled as the audit pools a reference's keys
      builder.poolNegative(false);
      builder.poolLightOnly(true);
    }
    DecodedFrame frame;
    for (const auto& ref : refs) {
      if (!lineOf.empty() && ref != lineOf) continue;
      auto reader = camtrace::openCapture(ref);
      while (reader->next(frame) && builder.frames() < camtrace::OsdLayoutBuilder::kMaxFrames)
        if (!frame.unreadable) {
          cv::Mat key;
          if (colour) {
            if (camtrace::osdColourPeak(frame.chromaView()) < camtrace::kOsdStrokeLuma) continue;
            if (const GrayView keyed = picture(frame, true, key); !keyed.empty()) builder.add(keyed);
          } else if (!bright)
            builder.add(view(frame));
          else if (camtrace::osdBrightKey(view(frame), key))
            builder.add({key.data, key.cols, key.rows, static_cast<int>(key.step)});
        }
    }
    camtrace::OsdLayout layout = inverted ? builder.finishInverted() : builder.finish();
    layout.bright = bright && !layout.empty();
    layout.colour = colour && !layout.empty();
    cv::Mat key;  // the colour key of the frame being read
    std::printf("pooled %d reference frames\n", builder.frames());
    if (layout.empty()) {
      std::printf("no clock line found\n");
      return 1;
    }
    printLayout(layout);
    // The references registered to one another, where the line moves with its text (as the audit does).
    std::optional<camtrace::OsdLineRegistrar> registered;
    for (const auto& ref : refs) {
      if (inverted || bright || colour) break;  // the audit registers only the line found on the picture
      camtrace::OsdLineRegistrar registrar(layout);
      auto reader = camtrace::openCapture(ref);
      while (reader->next(frame) && registrar.frames() < camtrace::OsdLayoutBuilder::kMaxFrames)
        if (!frame.unreadable) registrar.add(view(frame));
      std::printf("reference %s: %d of %d frames drawn away from its first\n", ref.c_str(), registrar.moved(),
                  registrar.frames());
      if (registered)
        registered->merge(registrar);
      else
        registered = std::move(registrar);
    }
    if (camtrace::OsdLayout moving = registered ? registered->finish() : camtrace::OsdLayout{};
        !moving.empty()) {
      layout = std::move(moving);
      std::printf("the line moves with its text (up to %d columns, %zu anchor pixels); registered:\n",
                  layout.maxShift, layout.anchor.size());
      printLayout(layout);
    }
    std::vector<camtrace::OsdGlyphReader> readers;
    for (auto& l : camtrace::osdReadingLayouts(layout)) readers.emplace_back(std::move(l));
    // The references once more, counted on the line (as the audit's clock witness does).
    std::vector<std::vector<camtrace::OsdDigitGlyph>> referenceDigits(readers.size());
    for (const auto& ref : refs) {
      std::vector<camtrace::OsdGlyphReader> counting = readers;
      std::vector<std::vector<std::vector<uint8_t>>> refNames(counting.size());
      auto reader = camtrace::openCapture(ref);
      int n = 0;
      while (n++ < camtrace::OsdLayoutBuilder::kMaxFrames && reader->next(frame)) {
        const GrayView read = picture(frame, colour, key);  // one key a frame, read on every way
        for (size_t t = 0; t < counting.size(); ++t) refNames[t].push_back(counting[t].read(read));
      }
      for (size_t t = 0; t < counting.size(); ++t) {
        auto more = camtrace::countedDigitGlyphs(counting[t].layout(), refNames[t], counting[t].glyphs());
        std::printf("reference %s, reading %zu: %zu digit glyphs\n", ref.c_str(), t, more.size());
        camtrace::addDigitGlyphs(referenceDigits[t], more);
      }
    }
    std::vector<camtrace::FrameRecord> records;
    std::vector<std::vector<std::vector<uint8_t>>> names(readers.size());
    auto capture = camtrace::openCapture(argv[1]);
    while (capture->next(frame)) {
      camtrace::FrameRecord record;
      record.index = frame.index;
      record.pts = frame.pts;
      records.push_back(record);
      const GrayView read = frame.unreadable ? GrayView{} : picture(frame, colour, key);
      for (size_t t = 0; t < readers.size(); ++t)
        names[t].push_back(frame.unreadable ? std::vector<uint8_t>{} : readers[t].read(read));
    }
    for (size_t t = 0; t < readers.size(); ++t) {
      const auto& layoutT = readers[t].layout();
      std::printf("\n== reading %zu: ", t);
      printLayout(layoutT);
      std::array<bool, 256> counted{};
      const auto digits =
          camtrace::learnOsdDigits(layoutT, names[t], readers[t].glyphs(), &counted, referenceDigits[t]);
      std::printf("%zu glyph names; digits:", readers[t].glyphs().size());
      for (size_t g = 0; g < readers[t].glyphs().size() && g < 256; ++g)
        if (digits[g] >= 0)
          std::printf(" %c=%d%s", nameChar(static_cast<uint8_t>(g)), digits[g], counted[g] ? "" : "~");
      const auto format = camtrace::osdFormat(layoutT, names[t], digits, readers[t].glyphs());
      std::printf("\nformat: %zu groups, date order %d, 12h %d, order unknown %d:", format.groups.size(),
                  static_cast<int>(format.date), format.twelveHour, format.dateOrderUnknown);
      for (const auto& group : format.groups) {
        std::printf(" [");
        for (int c : group) std::printf(" %d", c);
        std::printf(" ]");
      }
      std::printf("\n");
      const auto clocks = camtrace::readSessionClock(layoutT, records, names[t], readers[t].glyphs(), {},
                                                     nullptr, referenceDigits[t]);
      for (size_t i = 0; i < names[t].size() && i < shown; ++i) {
        std::printf("%5zu ", i);
        for (uint8_t n : names[t][i]) std::printf("%c", nameChar(n));
        std::printf("  ");
        for (uint8_t n : names[t][i])
          std::printf("%c", n < 255 && digits[n] >= 0 ? static_cast<char>('0' + digits[n]) : '_');
        std::printf("  %s %d %.1f\n", clocks[i].shown.c_str(), static_cast<int>(clocks[i].standing),
                    clocks[i].offsetSeconds);
      }
      if (std::getenv("OSD_PROBE_GLYPHS")) {
        const auto& glyphs = readers[t].glyphs();
        for (size_t g = 0; g < glyphs.size() && g < 12; ++g) {
          std::printf("glyph %c (%dx%d, lit %d)\n", nameChar(static_cast<uint8_t>(g)), glyphs[g].width,
                      glyphs[g].height, glyphs[g].lit);
          for (int y = 0; y < glyphs[g].height; ++y) {
            for (int x = 0; x < glyphs[g].width; ++x) {
              const int v = glyphs[g].at(x, y);
              std::printf("%c", v >= 60 ? '#' : v > 0 ? '+' : '.');
            }
            std::printf("\n");
          }
        }
      }
      if (const char* cellText = std::getenv("OSD_PROBE_CELL")) {
        // The distances between the names a cell showed: which characters the reader could tell apart.
        const auto cell = static_cast<size_t>(std::atoi(cellText));
        std::vector<uint8_t> seen;
        for (const auto& f : names[t])
          if (cell < f.size() && f[cell] < readers[t].glyphs().size() &&
              std::find(seen.begin(), seen.end(), f[cell]) == seen.end())
            seen.push_back(f[cell]);
        const auto& glyphs = readers[t].glyphs();
        for (uint8_t a : seen) {
          std::printf("cell %zu %c:", cell, nameChar(a));
          for (uint8_t b : seen)
            std::printf(" %c %.3f", nameChar(b), camtrace::glyphDistance(glyphs[a], glyphs[b]));
          std::printf("\n");
        }
      }
      size_t read = 0;
      for (const auto& c : clocks) read += c.standing != camtrace::OsdStanding::Unread;
      std::printf("session clock read on %zu of %zu frames\n", read, clocks.size());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "camtrace-osd-probe: %s\n", e.what());
    return 2;
  }
  return 0;
}
