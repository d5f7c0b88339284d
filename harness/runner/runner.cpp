#include "harness/runner/runner.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "common/input_error.h"
#include "harness/config/run_config.h"
#include "harness/execution/execute_plan.h"
#include "harness/planning/plan.h"
#include "harness/planning/preflight.h"
#include "harness/planning/shards.h"
#include "harness/results/finish.h"
#include "harness/storage/code_version.h"
#include "harness/storage/run_directory.h"
#include "harness/storage/run_manifest.h"
#include "harness/storage/run_metadata.h"
#include "harness/storage/saved_samples.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct RunClock {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string started_at = utc_timestamp();
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); }
};

// --output, else the config's output key.
std::string output_directory(const RunConfig& config, const RunOptions& options) {
  if (!options.output.empty()) return options.output;
  if (!config.output)
    throw InputError(
        fmt::format("{}: no output directory: pass --output DIR or set 'output:' in the config", config.path));
  return *config.output;
}

// The command that continues this run, for the interrupt notice.
std::string resume_command(const RunOptions& options, const std::string& output) {
  std::string command = "fot-eval";
  bool has_output = false, has_resume = false;
  for (const auto& arg : options.command_line) {
    if (arg == "--overwrite") continue;
    has_output = has_output || arg == "--output" || arg == "-o" || arg.rfind("--output=", 0) == 0;
    has_resume = has_resume || arg == "--resume";
    command += " " + arg;
  }
  if (options.command_line.empty()) command += " run " + options.config_path;
  if (!has_output) command += " --output " + output;
  if (!has_resume) command += " --resume";
  return command;
}

// run.json before any sample is computed: the plan's groups and what the run was started with.
RunManifest start_manifest(const RunConfig& config, const RunOptions& options, const std::vector<PlannedGroup>& plan,
                           const PlanPart& part, const SavedSamples& saved, int workers, const RunClock& clock) {
  RunManifest manifest;
  for (const auto& group : plan) manifest.groups.push_back(group_manifest(group));
  json tasks_metadata = json::array();
  for (const auto& task : config.tasks) tasks_metadata.push_back(task.task->canonical());
  manifest.metadata = {
      {"commit", join_versions(saved.versions)},
      {"commits", saved.versions},
      {"config_path", fs::absolute(config.path).lexically_normal().string()},
      {"run_hash", run_hash(plan)},
      {"config", config.document},
      {"seed", config.seed},
      {"limit", options.limit},
      {"resume", options.resume},
      {"log_prompts", options.log_prompts},
      {"workers", workers},
      {"command_line", options.command_line},
      {"tasks", tasks_metadata},
      {"environment", environment_metadata()},
      {"started_at", clock.started_at},
  };
  if (part.sharded()) {
    manifest.metadata["shard"] = {{"index", part.spec()->index},
                                  {"count", part.spec()->count},
                                  {"samples", saved.planned},
                                  {"estimated_costs", part.shards().costs}};
    std::cerr << fmt::format("shard {}/{}: {} of the plan's samples; {}\n", part.spec()->index, part.spec()->count,
                             saved.planned, part.shards().describe());
  }
  return manifest;
}

// run.json once every sample is computed: the models, the cost and the sample counts.
void finish_manifest(RunManifest& manifest, const ExecutedRun& executed, const SavedSamples& saved,
                     const RunClock& clock) {
  json& metadata = manifest.metadata;
  metadata["models"] = executed.models;
  metadata["cost"] = executed.cost;
  metadata["samples"] = {{"planned", saved.planned},
                         {"resumed", saved.resumed},
                         {"computed", saved.planned - saved.resumed},
                         {"torn_lines_dropped", saved.torn_lines},
                         {"unused_lines", saved.unused_lines}};
  metadata["finished_at"] = utc_timestamp();
  metadata["duration_s"] = std::round(clock.seconds() * 1000) / 1000;
}

// results.csv, results.json, results.md and the plots from the run directory, and the summary line.
void report_results(const std::string& output) {
  const FinishedRun finished = write_results(output);
  for (const auto& warning : finished.warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << finished_summary(output, finished) << "\n";
}

void report_resource_use(const RunClock& clock) {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::cerr << fmt::format("run finished: wall time {:.1f} s, peak RSS {:.0f} MiB\n", clock.seconds(),
                           static_cast<double>(usage.ru_maxrss) / 1024.0);
}

}  // namespace

void run_evaluation(const RunOptions& options) {
  if (options.limit < 0) throw InputError(fmt::format("--limit must be at least 1, got {}", options.limit));
  RunConfig config = load_run_config(options.config_path, options.seed);
  select_models(config, options.models);
  select_tasks(config, options.tasks);
  run_evaluation(config, options);
}

// config -> plan -> preflight -> store (the run directory, samples saved earlier) -> execute
// (requests -> executor -> records) -> store -> results and reports. docs/architecture.md.
void run_evaluation(const RunConfig& config, const RunOptions& options) {
  const RunClock clock;
  const std::string output = output_directory(config, options);
  if (options.resume && options.overwrite) throw InputError("--resume and --overwrite exclude each other");

  const std::vector<PlannedGroup> plan = make_plan(config, options.limit);
  const std::map<std::string, ModelCheck> checks = preflight(config, plan);
  const PlanPart part(plan, checks, options.shard);

  open_run_directory(output, options.resume, options.overwrite);
  SampleLog samples((fs::path(output) / "samples.jsonl").string());
  SampleLog timings((fs::path(output) / "timings.jsonl").string(), false);
  const CodeVersion version = current_code_version();
  SavedSamples saved = load_saved_samples(output, samples, timings, plan, part, version, options.resume,
                                          options.resume_across_commits);
  const int workers = options.workers ? *options.workers : config.workers;
  RunManifest manifest = start_manifest(config, options, plan, part, saved, workers, clock);
  const std::string manifest_path = (fs::path(output) / kRunManifestFile).string();
  write_run_manifest(manifest_path, manifest);
  if (options.resume)
    std::cerr << fmt::format("resume: reused {}, computing {}\n", saved.resumed, saved.planned - saved.resumed);

  const ExecutionSettings settings{workers, SampleOptions{options.log_prompts}, version,
                                   resume_command(options, output)};
  const ExecutedRun executed = execute_plan(config, plan, checks, part, settings, samples, timings, saved.records);

  finish_manifest(manifest, executed, saved, clock);
  write_run_manifest(manifest_path, manifest);
  report_results(output);
  report_resource_use(clock);
}

}  // namespace fot
