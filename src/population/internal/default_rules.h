// population/internal/default_rules.h — the built-in segmentation rules: the
// text of config/segmentation.toml, compiled in at build time.
#pragma once

#include <string_view>

namespace barometer::population::internal {

std::string_view DefaultSegmentationRules();

}  // namespace barometer::population::internal
