// The checks `validate` and the start of `run` make from config.json and the tokenizer, without
// reading weights: what each backend would reject at load (memory layers, last_context_length),
// what each task rejects for each model (lengths beyond a window with overflow: error, prompts too
// short), and whether the largest sample's estimated peak memory fits this machine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/planning/plan.h"
#include "models/model_description.h"

namespace fot {

struct ModelCheck {
  ModelDescription description;
  int64_t max_tokens = 0;           // the longest context a planned sample holds (Task::peak_tokens)
  int64_t estimated_peak_bytes = 0;
};

// By model name. Throws fot::InputError naming the config entry (file:line:column) and the field.
// machine_bytes: the memory a run may use (0 = this machine's physical memory).
std::map<std::string, ModelCheck> preflight(const RunConfig& config, const std::vector<PlannedGroup>& plan,
                                            int64_t machine_bytes = 0);

// Estimated cost of one sample on this model, for the ETA: tokens through the model, capped at the
// window a plain model keeps, growing faster than linearly with the memory attention (every
// token attends to all memory) on FoT models.
double sample_cost(const ModelDescription& model, int64_t tokens);

int64_t physical_memory_bytes();

}  // namespace fot
