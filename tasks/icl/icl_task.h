// TREC and WebQS few-shot (FoT's in-context-learning result, docs/few-shot-protocol.md) as
// tasks. Sweep: `budget` (the context budget in tokens; rows plot the samples' real prompt token
// counts) x `draw` (one demonstration order per draw, seeds 1..draws); trial = test item index.
//
// How the demonstrations reach the model (`mode`, recorded in every row):
//   shared: [BOS] + demonstrations are read once per (model, draw, budget); every test item
//           extends that state (the reference's multi-turn use with past_key_values); test items of
//           one draw and budget are scored in batches from it.
//   joint:  each test item's whole prompt is read as one prefix (one reference forward call).
// Memory models (longllama) run with the task's last_context_length (default: window - R, R the
// answer room: the longest label for TREC, 50 for WebQS; docs/few-shot-protocol.md section 8). A plain model whose
// window is below a budget keeps the last demonstrations of that budget that fit its window
// (`beyond_window: keep_last`, recorded) or refuses the budget (`error`).
#pragma once

#include <cstdint>
#include <memory>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/task.h"

namespace fot::icl {

std::unique_ptr<Task> parse_trec_task(const ConfigNode& entry, uint64_t run_seed);
std::unique_ptr<Task> parse_webqs_task(const ConfigNode& entry, uint64_t run_seed);

const ConfigSection& trec_section();
const ConfigSection& webqs_section();

}  // namespace fot::icl
