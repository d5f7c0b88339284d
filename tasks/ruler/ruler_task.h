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

// RULER's own summary of a run's RULER tasks (every RULER task declares it): per model, memory
// configuration and max_seq_length, each task's score as RULER prints it (round(mean * 100, 2)) and
// their average over the run's RULER tasks, as RULER's tables average its tasks. docs/ruler.md.
LengthTable ruler_length_table();

// The keys of an entry, per RULER generator (niah, variable_tracking, common/freq words).
const ConfigSection& niah_section();
const ConfigSection& variable_tracking_section();
const ConfigSection& common_words_section();
const ConfigSection& freq_words_section();

}  // namespace fot::ruler
