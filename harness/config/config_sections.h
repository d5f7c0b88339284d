// The run config's own sections (top level, models and their memory and mock settings); each task
// kind declares its sections in the task registry.
#pragma once

#include <vector>

#include "common/config_keys.h"

namespace fot {

const ConfigSection& top_level_section();
const ConfigSection& model_section();
const ConfigSection& memory_section();
const ConfigSection& mock_section();

// Every section, run config first, then each task kind's: what docs/config.md shows.
std::vector<const ConfigSection*> all_config_sections();

}  // namespace fot
