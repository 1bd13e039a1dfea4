#include "shared_text.h"

#include <nlohmann/json.hpp>

namespace camtrace {

void to_json(nlohmann::json& out, const SharedText& text) {
  out = text.str();
}

}  // namespace camtrace
