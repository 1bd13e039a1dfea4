#pragma once

#include <optional>

#include "gray_view.h"

namespace camtrace {

// The picture inside letterbox or pillarbox bars: a camera of other proportions fitted whole into a stream
// leaves rows (or columns) of one flat, dark level at both edges, as wide at one as at the other. Its hash
// and structure taken over the whole frame, bars included, match that camera's references poorly; taken
// inside the bars, they match. nullopt where the picture has no such pair of bars (a dark sky at the top
// alone is not one).
std::optional<GrayView> insideBars(const GrayView& luma);

}  // namespace camtrace
