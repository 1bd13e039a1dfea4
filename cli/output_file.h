#pragma once
// Where a command's output goes. camtrace runs on the only copy of an incident's evidence, so an output is
// checked against every input before any work starts, and written so that a reader (or a crash) never
// sees half of it.

#include <string>
#include <vector>

namespace camtrace::cli {

struct OutputPath {
  std::string option;  // as the user would type it: "-o", "--frames"
  std::string path;    // "-" or empty: standard output
};

// Refuses (UsageError naming the option and the path), before any input is decoded:
// - an output that is an input, or the same file as one (a symbolic or hard link to it);
// - an output inside an input folder (a still folder, a glob's folder), or inside a folder that holds
//   evidence (`evidence`: the folder of each evidence file is evidence too: a findings.json written among
//   the captures mixes the tool's output into what was seized);
// - two outputs that are the same file;
// - an output whose folder is missing or not writable (the reason named).
// `inputs` are every file and folder the command reads (see formats/evidence_files.h); `evidence` the
// files among them that are evidence (captures, references, logs; not the manifest, shards or findings).
void checkOutputs(const std::vector<OutputPath>& outputs, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& evidence = {});

// Writes `text` to `path` ("-" or empty: standard output). A regular file is replaced atomically: the text is
// written to an unnamed temporary in the target's folder, flushed to disk (fsync), then given the target's
// name by rename(2), so the target is the old complete file or the new complete one, never a mix, and a
// killed run leaves no temporary behind. A device or pipe (/dev/null, a FIFO) is written as it is. Throws
// std::runtime_error naming the path and the system's reason (for example "No space left on device").
void writeOutput(const std::string& path, const std::string& text);

}  // namespace camtrace::cli
