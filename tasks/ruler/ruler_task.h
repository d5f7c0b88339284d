// RULER's synthetic tasks (niah_*, vt, cwe, fwe) as harness tasks: a thin adapter over the
// generator library (ruler_generator.h) and RULER's scoring (ruler_scoring.h). docs/ruler.md.
#pragma once

#include <cstdint>
#include <memory>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/task.h"

namespace fot::ruler {

std::unique_ptr<Task> parse_ruler_task(const ConfigNode& entry, uint64_t run_seed);

// The keys of an entry, per RULER generator (niah, variable_tracking, common/freq words).
const ConfigSection& niah_section();
const ConfigSection& variable_tracking_section();
const ConfigSection& common_words_section();
const ConfigSection& freq_words_section();

}  // namespace fot::ruler
