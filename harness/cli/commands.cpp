#include "harness/cli/command.h"

namespace fot::cli {

int run_tokenize(const std::vector<std::string>& args);
int run_generate(const std::vector<std::string>& args);
int run_score(const std::vector<std::string>& args);
int run_inspect(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_list(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);
int run_slurm(const std::vector<std::string>& args);

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      {"run", "run the models x tasks x sweep of a YAML config and write results", run_run},
      {"list", "list tasks and backends", run_list},
      {"validate", "check a YAML run config without running it", run_validate},
      {"report", "rebuild a run directory's results and plots from its samples.jsonl and run.json", run_report},
      {"compare", "paired test of two run directories per task, metric and sweep point; exit 3 on a regression",
       run_compare},
      {"merge", "join the directories of a run made with --shard K/N into one run directory", run_merge},
      {"slurm", "write (and with --submit, submit) a Slurm job array of shards and a merge job for a config", run_slurm},
      {"tokenize", "print the token ids and pieces of a text", run_tokenize},
      {"generate", "greedy generation from a checkpoint and a prompt", run_generate},
      {"score", "log-likelihood of a continuation given a context", run_score},
      {"inspect", "config, tensors, shapes, dtypes and parameter count of a checkpoint", run_inspect},
  };
  return commands;
}

}  // namespace fot::cli
