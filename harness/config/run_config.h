// A run config (YAML): models x tasks, each task with its sweep. Errors are fot::InputError with
// file:line:column; unknown keys and names get the closest valid one suggested.
//
//   seed: 0                      # base seed (trial t of a task uses seed + t unless it lists seeds)
//   output: results/run          # optional, relative to this file; --output overrides
//   description: free text
//   workers: 1                   # samples computed at once (default 1); results do not depend on it.
//                                # For small models: each sample then keeps one core. A large model
//                                # is faster with 1 worker, whose matrix products use every core.
//   models:
//     - name: mock-1k
//       backend: mock            # mock | llama | longllama (optional with a checkpoint: implied)
//       checkpoint: ${FOT_SHARED_DATA}/stories260K/stories260K.bin   # relative to this file
//       tokenizer: ...           # sentencepiece .model (default: <checkpoint dir>/tokenizer.model)
//       overflow: error          # error | keep_last
//       weights_dtype: float32   # float32 | bfloat16
//       compute_dtype: float32   # float32 | bfloat16 (prefill products on AVX512_BF16; inexact)
//       memory: {layers: [6, 12, 18], window: 2048, last_context_length: 1024, dtype: bfloat16,
//                lookup: dense, topk: 128, cap: 0}     # longllama (mock: recorded only)
//       mock: {window: 1024, delay_ms: 0, context_limit: 0}
//   tasks:
//     - name: passkey
//       variant: tokens          # task-specific keys: see the task (e.g. tasks/passkey)
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/model_factory.h"
#include "tasks/task.h"

namespace fot {

struct ModelEntry {
  ModelSpec spec;
  nlohmann::json canonical;  // hashed: backend, paths as written, memory, options (not the name)
  std::string where;         // file:line:column of the entry
};

struct TaskEntry {
  std::unique_ptr<Task> task;
  std::string where;
  int64_t index = 0;  // position in the config's task list (kept when --tasks selects some)
};

struct RunConfig {
  std::string path;
  uint64_t seed = 0;
  std::optional<std::string> output;  // resolved against the config's directory
  int workers = 1;                    // not hashed: it changes how fast, not what is computed
  std::vector<ModelEntry> models;
  std::vector<TaskEntry> tasks;
  nlohmann::json document;  // the YAML as read, for results.json
};

// seed_override (--seed) replaces the config's seed before tasks derive their trial seeds.
RunConfig load_run_config(const std::string& path, std::optional<uint64_t> seed_override);

// Keeps the models / tasks named in a comma-separated list ("" keeps all); throws fot::InputError
// for a name the config lacks, suggesting the closest.
void select_models(RunConfig& config, const std::string& names);
void select_tasks(RunConfig& config, const std::string& names);

}  // namespace fot
