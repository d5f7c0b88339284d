// The sbatch scripts of `fot-eval slurm`: a job array with one task per shard (each
// `run --shard $SLURM_ARRAY_TASK_ID/N --resume`, so a requeued or restarted task continues where it
// stopped) and a merge job submitted with --dependency=afterok on the array. Every #SBATCH line
// comes from an option; nothing cluster-specific is built in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot {

struct SlurmOptions {
  std::string executable;   // absolute path of fot-eval
  std::string config;       // absolute path of the run config
  std::string output;       // absolute: merged run here, shard k in OUTPUT/shards/k, logs in OUTPUT/slurm
  std::string working_dir;  // where the jobs start (relative paths in the config resolve from it)
  int64_t shards = 1;
  std::vector<std::string> run_flags;  // forwarded to every `run` (--seed, --limit, ...)
  // #SBATCH options; empty = not written (the cluster's defaults).
  std::string partition, time, mem, cpus_per_task, account;
};

std::string shard_dir(const SlurmOptions& options, int64_t index);
std::string shards_script(const SlurmOptions& options);
std::string merge_script(const SlurmOptions& options);
// A word for a POSIX shell: single-quoted unless it is made only of safe characters.
std::string shell_quote(const std::string& word);

}  // namespace fot
