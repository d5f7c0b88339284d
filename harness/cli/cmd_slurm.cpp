#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/config/run_config.h"
#include "harness/planning/plan.h"
#include "harness/planning/preflight.h"
#include "harness/planning/shards.h"
#include "harness/slurm/slurm_scripts.h"
#include "common/atomic_file.h"

namespace fot::cli {
namespace {

namespace fs = std::filesystem;

// Runs `sbatch --parsable ARGS SCRIPT` and returns the job id it prints.
std::string sbatch(const std::string& arguments, const std::string& script) {
  const std::string command = "sbatch --parsable " + arguments + shell_quote(script) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string text;
  char buffer[512];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  const int status = ::pclose(pipe);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (status != 0) throw std::runtime_error(fmt::format("{} failed: {}", command, text));
  return text.substr(0, text.find(';'));  // "id" or "id;cluster"
}

}  // namespace

int run_slurm(const std::vector<std::string>& args) {
  po::options_description flags("slurm options");
  po::positional_options_description positional;
  ConfigFlag config;
  RunFlags run;
  SlurmOptions slurm;
  bool submit = false;
  add_flags(flags, config, positional);
  flags.add_options()
      ("shards", po::value(&slurm.shards)->required(), "number of shards (array tasks)")
      ("output,o", po::value(&run.output)->required(), "run directory: merged results here, shards in OUTPUT/shards/K")
      ("models", po::value(&run.models), "comma-separated model names from the config (default: all)")
      ("tasks", po::value(&run.tasks), "comma-separated task names from the config (default: all)")
      ("limit", po::value(&run.limit), "at most N trials per sweep point")
      ("seed", po::value(&run.seed), "base seed, overriding the config's 'seed'")
      ("workers", po::value(&run.workers), "samples computed at once in each shard")
      ("log-prompts", po::bool_switch(&run.log_prompts), "write each full prompt text into samples.jsonl")
      ("partition", po::value(&slurm.partition), "#SBATCH --partition")
      ("time", po::value(&slurm.time), "#SBATCH --time (per shard task)")
      ("mem", po::value(&slurm.mem), "#SBATCH --mem (per shard task)")
      ("cpus-per-task", po::value(&slurm.cpus_per_task), "#SBATCH --cpus-per-task")
      ("account", po::value(&slurm.account), "#SBATCH --account")
      ("submit", po::bool_switch(&submit), "submit the array and the merge job with sbatch and print their job ids");
  po::variables_map values;
  if (!parse_flags(args, flags, "slurm CONFIG --shards N --output DIR [options]", values, &positional)) return kExitOk;
  if (slurm.shards < 1) throw BadInput(fmt::format("--shards must be at least 1, got {}", slurm.shards));

  // The whole run is checked here, before anything is submitted.
  const RunOptions options = to_run_options(run, config, values);
  RunConfig loaded = load_run_config(options.config_path, options.seed);
  select_models(loaded, options.models);
  select_tasks(loaded, options.tasks);
  const auto plan = make_plan(loaded, options.limit);
  const ShardAssignment assignment = assign_shards(plan, preflight(loaded, plan), slurm.shards);
  std::cerr << fmt::format("{} shards; {}\n", slurm.shards, assignment.describe());

  for (const char* name : {"models", "tasks", "limit", "seed", "workers"})
    if (values.count(name)) {
      slurm.run_flags.push_back(std::string("--") + name);
      slurm.run_flags.push_back(name == std::string("models")    ? run.models
                                : name == std::string("tasks")   ? run.tasks
                                : name == std::string("seed")    ? run.seed
                                : name == std::string("limit")   ? std::to_string(run.limit)
                                                                 : std::to_string(run.workers));
    }
  if (run.log_prompts) slurm.run_flags.push_back("--log-prompts");
  slurm.executable = fs::read_symlink("/proc/self/exe").string();
  slurm.config = fs::absolute(config.path).lexically_normal().string();
  slurm.output = fs::absolute(run.output).lexically_normal().string();
  if (slurm.output.size() > 1 && slurm.output.back() == '/') slurm.output.pop_back();
  slurm.working_dir = fs::current_path().string();
  std::error_code error;
  fs::create_directories(fs::path(slurm.output) / "slurm", error);
  if (error) throw BadInput(fmt::format("cannot create {}: {}", slurm.output + "/slurm", error.message()));
  const std::string shards_path = slurm.output + "/slurm/shards.sbatch";
  const std::string merge_path = slurm.output + "/slurm/merge.sbatch";
  write_file_atomic(shards_path, shards_script(slurm));
  write_file_atomic(merge_path, merge_script(slurm));
  if (!submit) {
    std::cout << fmt::format("wrote {} and {}; submit them with:\n  A=$(sbatch --parsable {}) && sbatch "
                             "--dependency=afterok:$A {}\n",
                             shards_path, merge_path, shell_quote(shards_path), shell_quote(merge_path));
    return kExitOk;
  }
  const std::string array = sbatch("", shards_path);
  const std::string merge = sbatch(fmt::format("--dependency=afterok:{} ", array), merge_path);
  std::cout << fmt::format("shards job: {}\nmerge job: {}\n", array, merge);
  return kExitOk;
}

}  // namespace fot::cli
