// `fot-eval run`: load the config, expand the sweep, run each pending sample (appending it to
// samples.jsonl), then write results.csv / results.json / results.md and the plots into the
// output directory. Final files are written atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/planning/shard_spec.h"

namespace fot {

struct RunOptions {
  std::string config_path;
  std::string models;  // comma-separated names to keep; "" = all
  std::string tasks;   // comma-separated task names to keep; "" = all
  int64_t limit = 0;   // > 0: at most this many trials per sweep point
  std::optional<uint64_t> seed;
  std::string output;  // "" = the config's output key
  bool resume = false;
  bool resume_across_commits = false;  // resume even where the saved samples came from another code version
  bool overwrite = false;  // delete an earlier run's files in the output directory first
  bool log_prompts = false;
  std::optional<int> workers;  // samples computed at once; unset = the config's 'workers'
  std::optional<ShardSpec> shard;  // run only this part of the plan (harness/planning/shards.h)
  std::vector<std::string> command_line;  // for results.json
};

// Throws fot::InputError for bad input (exit 2) and other exceptions for run failures (exit 1).
void run_evaluation(const RunOptions& options);

struct RunConfig;
// The same for a config already loaded (and selected); options.config_path is not read.
void run_evaluation(const RunConfig& config, const RunOptions& options);

}  // namespace fot
