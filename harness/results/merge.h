// `fot-eval merge SHARD_DIR... --output DIR`: joins the directories of a run made with
// `--shard K/N` into the run directory one machine would have written (samples in plan order,
// results through the same finishing code as `run`), after checking that the shards come from one
// config and seed, and from one code version unless across_commits, and together cover the plan
// exactly once.
#pragma once

#include <string>
#include <vector>

#include "harness/results/finish.h"

namespace fot {

struct MergeOptions {
  std::vector<std::string> shard_dirs;
  std::string output;
  bool overwrite = false;  // replace an earlier run's files in `output`
  bool across_commits = false;  // shards of different code versions may be merged
};

// Throws fot::InputError (exit 2) naming the shard directories, missing shards, or the samples
// that are missing or duplicated.
FinishedRun merge_shards(const MergeOptions& options);

}  // namespace fot
