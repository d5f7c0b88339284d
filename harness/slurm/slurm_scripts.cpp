#include "harness/slurm/slurm_scripts.h"

#include <fmt/format.h>

#include <algorithm>

namespace fot {
namespace {

std::string sbatch_lines(const SlurmOptions& options) {
  std::string out;
  const std::pair<const char*, const std::string*> fields[] = {{"partition", &options.partition},
                                                               {"time", &options.time},
                                                               {"mem", &options.mem},
                                                               {"cpus-per-task", &options.cpus_per_task},
                                                               {"account", &options.account}};
  for (const auto& [name, value] : fields)
    if (!value->empty()) out += fmt::format("#SBATCH --{}={}\n", name, *value);
  return out;
}

}  // namespace

std::string shell_quote(const std::string& word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string("/._-+=:,@%").find(c) != std::string::npos;
  });
  if (safe) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string shard_dir(const SlurmOptions& options, int64_t index) {
  return options.output + "/shards/" + std::to_string(index);
}

std::string shards_script(const SlurmOptions& options) {
  std::string flags;
  for (const auto& flag : options.run_flags) flags += " " + shell_quote(flag);
  return fmt::format(
      "#!/bin/bash\n"
      "# fot-eval: shard $SLURM_ARRAY_TASK_ID of {n}. Requeue-safe: --resume keeps the samples a killed\n"
      "# or requeued attempt already saved and computes the rest.\n"
      "#SBATCH --job-name=fot-eval-shards\n"
      "#SBATCH --array=0-{last}\n"
      "#SBATCH --output={logs}/shard-%a.log\n"
      "#SBATCH --open-mode=append\n"
      "#SBATCH --requeue\n"
      "{sbatch}"
      "set -eu\n"
      "cd {cwd}\n"
      "exec {exe} run {config} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" --output {shards}/\"$SLURM_ARRAY_TASK_ID\" "
      "--resume{flags}\n",
      fmt::arg("n", options.shards), fmt::arg("last", options.shards - 1),
      fmt::arg("logs", shell_quote(options.output + "/slurm")), fmt::arg("sbatch", sbatch_lines(options)),
      fmt::arg("cwd", shell_quote(options.working_dir)), fmt::arg("exe", shell_quote(options.executable)),
      fmt::arg("config", shell_quote(options.config)), fmt::arg("shards", shell_quote(options.output + "/shards")),
      fmt::arg("flags", flags));
}

std::string merge_script(const SlurmOptions& options) {
  std::string dirs;
  for (int64_t i = 0; i < options.shards; ++i) dirs += " " + shell_quote(shard_dir(options, i));
  return fmt::format(
      "#!/bin/bash\n"
      "# fot-eval: merges the {n} shards once every array task succeeded (submitted with\n"
      "# --dependency=afterok on the array).\n"
      "#SBATCH --job-name=fot-eval-merge\n"
      "#SBATCH --output={logs}/merge.log\n"
      "#SBATCH --open-mode=append\n"
      "#SBATCH --requeue\n"
      "{sbatch}"
      "set -eu\n"
      "cd {cwd}\n"
      "exec {exe} merge{dirs} --output {output} --overwrite\n",
      fmt::arg("n", options.shards), fmt::arg("logs", shell_quote(options.output + "/slurm")),
      fmt::arg("sbatch", sbatch_lines(options)), fmt::arg("cwd", shell_quote(options.working_dir)),
      fmt::arg("exe", shell_quote(options.executable)), fmt::arg("dirs", dirs),
      fmt::arg("output", shell_quote(options.output)));
}

}  // namespace fot
