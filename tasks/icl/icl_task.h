// The TREC and WebQS few-shot tasks (FoT's in-context-learning result; docs/few-shot.md): two tasks
// over the shared few-shot pieces of few_shot_task.h (trec_task.cpp, webqs_task.cpp).
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
