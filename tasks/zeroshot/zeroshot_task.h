// The 14 zero-shot tasks of lm-evaluation-harness v0.3.0 as harness tasks: one generic adapter over
// the task definitions (task_definitions.h). An entry reads `name: arc_easy` (any of the 14),
// `data_dir`, `tokenization: v0.3|v0.4`, `bos`, `limit`. No sweep axis: trial t is the t-th document
// of v0.3.0's evaluation order (random.Random(42).shuffle), so `--limit N` scores the documents
// lm-eval's `--limit N` would. Each item reads each distinct context once (one pass for all choices;
// WinoGrande: its two contexts) and scores the continuations after it in one batched call.
#pragma once

#include <cstdint>
#include <memory>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/task.h"

namespace fot::zeroshot {

// `entry` has `name` set to one of the 14 task names.
std::unique_ptr<Task> parse_zeroshot_task(const ConfigNode& entry, uint64_t run_seed);

// The keys of a zero-shot entry (one table for all 14 names).
const ConfigSection& zeroshot_section();

}  // namespace fot::zeroshot
