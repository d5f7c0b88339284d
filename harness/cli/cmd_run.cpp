#include <fmt/format.h>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/runner/runner.h"

namespace fot::cli {

int run_run(const std::vector<std::string>& args) {
  po::options_description flags("run options");
  po::positional_options_description positional;
  ConfigFlag config;
  RunFlags run;
  add_flags(flags, config, positional);
  add_flags(flags, run);
  po::variables_map values;
  if (!parse_flags(args, flags, "run CONFIG [options]", values, &positional)) return kExitOk;

  RunOptions options;
  options.config_path = config.path;
  options.models = run.models;
  options.tasks = run.tasks;
  if (values.count("limit") && run.limit < 1) throw BadInput(fmt::format("--limit must be at least 1, got {}", run.limit));
  options.limit = run.limit;
  if (values.count("workers")) {
    if (run.workers < 1 || run.workers > 256)
      throw BadInput(fmt::format("--workers must be between 1 and 256, got {}", run.workers));
    options.workers = static_cast<int>(run.workers);
  }
  if (!run.seed.empty()) {
    size_t used = 0;
    unsigned long long seed = 0;
    try {
      if (run.seed[0] == '-') throw std::invalid_argument("negative");
      seed = std::stoull(run.seed, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != run.seed.size())
      throw BadInput(fmt::format("--seed must be a non-negative integer, got '{}'", run.seed));
    options.seed = seed;
  }
  options.output = run.output;
  options.resume = run.resume;
  options.overwrite = run.overwrite;
  options.log_prompts = run.log_prompts;
  options.command_line = args;
  run_evaluation(options);
  return kExitOk;
}

}  // namespace fot::cli
