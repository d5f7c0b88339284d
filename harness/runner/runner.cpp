#include "harness/runner/runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/config/run_config.h"
#include "harness/execution/executor.h"
#include "harness/runner/code_version.h"
#include "harness/runner/cost_summary.h"
#include "harness/runner/finish.h"
#include "harness/runner/interrupt_notice.h"
#include "harness/runner/ordered_pool.h"
#include "harness/runner/plan.h"
#include "harness/runner/preflight.h"
#include "harness/runner/progress.h"
#include "harness/runner/run_manifest.h"
#include "harness/runner/run_metadata.h"
#include "harness/runner/sample_batches.h"
#include "harness/runner/shards.h"
#include "harness/runner/sample_log.h"
#include "common/sha256.h"
#include "common/input_error.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string prepare_output_dir(const std::string& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir))
    throw InputError(fmt::format("cannot create output directory '{}': {}", dir,
                                 error ? error.message() : "a file is in the way"));
  const std::string probe = (fs::path(dir) / ".fot-eval-write-test").string();
  std::ofstream out(probe);
  if (!out || !(out << "x") || (out.close(), out.fail()))
    throw InputError(fmt::format("output directory '{}' is not writable", dir));
  std::remove(probe.c_str());
  return dir;
}

// The files a run writes into its output directory.
const std::vector<std::string>& run_file_names() {
  static const std::vector<std::string> names = {"samples.jsonl", "timings.jsonl", kRunManifestFile, "results.csv",
                                                 "results.json", "results.md", "plots"};
  return names;
}

std::vector<std::string> run_files_in(const std::string& dir) {
  std::vector<std::string> found;
  for (const auto& name : run_file_names())
    if (fs::exists(fs::path(dir) / name)) found.push_back(name);
  return found;
}

void remove_run_files(const std::string& dir) {
  for (const auto& name : run_file_names()) {
    std::error_code error;
    fs::remove_all(fs::path(dir) / name, error);
    if (error) throw std::runtime_error(fmt::format("cannot remove {}: {}", (fs::path(dir) / name).string(), error.message()));
  }
}

std::string prompt_hash(const TokenIds& ids) {
  Sha256 hash;
  for (int32_t id : ids) {
    const std::string text = std::to_string(id) + ",";
    hash.update(text);
  }
  return hash.hex_digest();
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

json timing_record(const PlannedGroup& group, const PlannedSample& sample, const json& record,
                   const SampleOutcome& outcome, double seconds) {
  const int64_t tokens =
      outcome.model_tokens > 0 ? outcome.model_tokens : static_cast<int64_t>(outcome.prompt_ids.size());
  json timing = {{"key", sample.key},
                 {"model", group.model->spec.name},
                 {"memory_config", record.at("memory_config")},
                 {"task", group.task->task->name()},
                 {"variant", group.task->task->variant()},
                 {"tokens", tokens},
                 {"wall_s", std::round(seconds * 1e6) / 1e6},
                 {"tokens_per_s", seconds > 0 ? std::round(static_cast<double>(tokens) / seconds * 1000) / 1000 : 0.0}};
  if (outcome.context_tokens) timing["context_tokens"] = *outcome.context_tokens;
  return timing;
}

json sample_record(const PlannedGroup& group, const PlannedSample& sample, const ModelInfo& info,
                   SampleOutcome& outcome, const CodeVersion& version) {
  json record = std::move(outcome.details);
  std::string memory = outcome.memory_config.empty() ? info.memory_config : outcome.memory_config;
  if (memory.empty()) memory = group.model->spec.memory.canonical();
  record["key"] = sample.key;
  record["model"] = group.model->spec.name;
  record["memory_config"] = memory;
  record["task"] = group.task->task->name();
  record["variant"] = group.task->task->variant();
  record["point"] = sample.item.point();
  for (const auto& [name, value] : sample.item.axes.items()) record[name] = value;
  for (const auto& [name, value] : outcome.measured_axes.items()) record[name] = value;
  record["trial"] = sample.item.trial;
  record["seed"] = sample.item.seed;
  if (outcome.context_tokens) record["context_tokens"] = *outcome.context_tokens;
  record["metrics"] = outcome.metrics;
  record["model_hash"] = group.model_hash;
  record["prompt_hash"] = prompt_hash(outcome.prompt_ids);
  record_code_version(record, version);
  return record;
}

// The code versions an earlier run.json in `dir` lists (for samples that predate per-sample
// versions); "unknown" when there is none or it cannot be read.
std::vector<std::string> earlier_versions(const std::string& dir) {
  try {
    return listed_versions(read_run_manifest((fs::path(dir) / kRunManifestFile).string()).metadata);
  } catch (const InputError&) {
    return {"unknown"};
  }
}

// Resuming adds samples of this code version to those already saved: refused when any saved sample
// the plan uses came from another version, unless the user asked for it.
std::vector<std::string> resumed_versions(const std::map<std::string, json>& kept, const std::string& output,
                                          const CodeVersion& current, bool across_commits) {
  const std::vector<std::string> versions = versions_behind(kept, earlier_versions(output));
  std::vector<std::string> other;
  for (const auto& v : versions)
    if (v != current.label()) other.push_back(v);
  if (!other.empty() && !across_commits)
    throw InputError(fmt::format("{}: its samples were computed by commit {} but this fot-eval is commit {}: resuming "
                                 "would mix code versions in one result. Pass --resume-across-commits to continue "
                                 "anyway (run.json and the rows' commit column then name every commit), or run into "
                                 "a new output directory",
                                 output, join_versions(other), current.label()));
  return versions;
}

}  // namespace

void run_evaluation(const RunOptions& options) {
  if (options.limit < 0) throw InputError(fmt::format("--limit must be at least 1, got {}", options.limit));
  RunConfig config = load_run_config(options.config_path, options.seed);
  select_models(config, options.models);
  select_tasks(config, options.tasks);
  run_evaluation(config, options);
}

void run_evaluation(const RunConfig& config, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = utc_timestamp();
  std::string output = options.output;
  if (output.empty()) {
    if (!config.output)
      throw InputError(fmt::format("{}: no output directory: pass --output DIR or set 'output:' in the config",
                                   config.path));
    output = *config.output;
  }
  if (options.resume && options.overwrite) throw InputError("--resume and --overwrite exclude each other");
  const std::vector<PlannedGroup> plan = make_plan(config, options.limit);
  const std::map<std::string, ModelCheck> checks = preflight(config, plan);
  std::optional<ShardAssignment> shards;
  if (options.shard) shards = assign_shards(plan, checks, options.shard->count);
  const auto in_shard = [&](const PlannedSample& sample) {
    return !shards || shards->keys[static_cast<size_t>(options.shard->index)].count(sample.key) > 0;
  };
  const std::vector<std::string> earlier = run_files_in(output);
  if (!earlier.empty() && !options.resume && !options.overwrite)
    throw InputError(fmt::format("output directory '{}' holds an earlier run ({}): pass --resume to continue it, or "
                                 "--overwrite to delete its files and start again",
                                 output, fmt::join(earlier, ", ")));
  prepare_output_dir(output);
  if (options.overwrite) remove_run_files(output);

  SampleLog log((fs::path(output) / "samples.jsonl").string());
  SampleLog timings((fs::path(output) / "timings.jsonl").string(), false);
  std::map<std::string, json> records;
  int64_t torn = 0, orphans = 0, planned = 0, resumed = 0;
  if (options.resume) {
    SampleLog::Loaded loaded = log.load();
    timings.load();  // only to cut a torn last line
    torn = loaded.torn_lines;
    if (torn) std::cerr << "resume: dropped a torn last line of " << log.path() << "\n";
    if (loaded.duplicates) std::cerr << "resume: ignored " << loaded.duplicates << " repeated sample lines\n";
    records = std::move(loaded.by_key);
  } else {
    log.start_fresh();
    timings.start_fresh();
  }
  std::map<std::string, json> kept;
  for (const auto& group : plan)
    for (const auto& sample : group.samples) {
      if (!in_shard(sample)) continue;
      ++planned;
      auto it = records.find(sample.key);
      if (it != records.end()) kept[sample.key] = it->second;
    }
  resumed = static_cast<int64_t>(kept.size());
  const CodeVersion version = current_code_version();
  std::vector<std::string> versions = resumed_versions(kept, output, version, options.resume_across_commits);
  if ((planned > resumed || versions.empty()) &&
      std::find(versions.begin(), versions.end(), version.label()) == versions.end())
    versions.push_back(version.label());
  orphans = static_cast<int64_t>(records.size()) - resumed;
  if (orphans > 0)
    std::cerr << "resume: " << orphans << " sample lines belong to no part of this config" << (shards ? "'s shard" : "")
              << "; they are kept, not used\n";
  records = std::move(kept);

  const int workers = options.workers ? *options.workers : config.workers;
  RunManifest manifest;
  for (const auto& group : plan) manifest.groups.push_back(group_manifest(group));
  json tasks_metadata = json::array();
  for (const auto& task : config.tasks) tasks_metadata.push_back(task.task->canonical());
  json& metadata = manifest.metadata;
  metadata = {
      {"commit", join_versions(versions)},
      {"commits", versions},
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
      {"started_at", started_at},
  };
  if (shards) {
    metadata["shard"] = {{"index", options.shard->index},
                         {"count", options.shard->count},
                         {"samples", planned},
                         {"estimated_costs", shards->costs}};
    std::cerr << fmt::format("shard {}/{}: {} of the plan's samples; {}\n", options.shard->index, options.shard->count,
                             planned, shards->describe());
  }
  const std::string manifest_path = (fs::path(output) / kRunManifestFile).string();
  write_run_manifest(manifest_path, manifest);

  double total_cost = 0.0;
  for (const auto& group : plan)
    for (const auto& sample : group.samples)
      if (in_shard(sample) && !records.count(sample.key))
        total_cost += sample_cost(checks.at(group.model->spec.name).description, group.task->task->tokens(sample.item));
  if (options.resume) std::cerr << fmt::format("resume: reused {}, computing {}\n", resumed, planned - resumed);
  Progress progress(planned - resumed, total_cost, std::cerr, Progress::stderr_is_terminal());
  InterruptNotice notice(log.path(), resume_command(options, output));
  notice.set_saved(static_cast<int64_t>(records.size()));
  SampleOptions sample_options;
  sample_options.log_prompt = options.log_prompts;
  json model_metadata = json::array();
  CostSummary cost;  // of the samples computed now
  for (const auto& entry : config.models) {
    std::vector<const PlannedGroup*> groups;
    for (const auto& group : plan)
      if (group.model == &entry) groups.push_back(&group);
    bool pending = false;
    for (const auto* group : groups)
      for (const auto& sample : group->samples) pending = pending || (in_shard(sample) && !records.count(sample.key));
    json meta = {{"name", entry.spec.name}, {"backend", entry.spec.backend}, {"spec", entry.canonical}};
    if (!pending) {
      model_metadata.push_back(meta);
      continue;
    }
    TextModel model = load_text_model(entry.spec);
    const ModelInfo info = model.model->info();
    meta["description"] = info.description;
    meta["tokenizer"] = model.codec->describe();
    meta["memory_config"] = info.memory_config;
    meta["context_limit"] = info.context_limit;
    model_metadata.push_back(meta);
    std::vector<PendingSample> pending_samples;
    for (const auto* group : groups) {
      for (const auto& sample : group->samples)
        if (in_shard(sample) && !records.count(sample.key)) pending_samples.emplace_back(group, &sample);
    }
    Executor executor(model.model, ModelView{entry.spec.name, info, model.codec});
    const std::vector<std::vector<PendingSample>> batches = sample_batches(pending_samples, Executor::kItemsPerBatch);
    run_ordered(
        static_cast<int64_t>(batches.size()), workers,
        [&](int64_t b) {
          const std::vector<PendingSample>& batch = batches[b];
          const Task& task = *batch.front().first->task->task;
          std::vector<WorkItem> items;
          for (const auto& entry : batch) items.push_back(entry.second->item);
          const auto start = std::chrono::steady_clock::now();
          std::vector<SampleOutcome> outcomes = executor.run(task, items, sample_options);
          if (outcomes.size() != items.size())
            throw std::logic_error(fmt::format("task '{}' returned {} outcomes for {} items", task.name(),
                                               outcomes.size(), items.size()));
          // A batch's time is shared evenly by its samples: their work is not separable.
          const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                                 static_cast<double>(items.size());
          json done = json::array();
          for (size_t i = 0; i < batch.size(); ++i) {
            const auto& [group, sample] = batch[i];
            cost.add(entry.spec.name, task.variant().empty() ? task.name() : task.name() + "/" + task.variant(), outcomes[i],
                     task.tokens(items[i]));
            json record = sample_record(*group, *sample, info, outcomes[i], version);
            json timing = timing_record(*group, *sample, record, outcomes[i], seconds);
            done.push_back(json{{"record", std::move(record)}, {"timing", std::move(timing)}});
          }
          return done;
        },
        [&](int64_t b, json& done) {
          for (size_t i = 0; i < batches[b].size(); ++i) {
            const auto& [group, sample] = batches[b][i];
            log.append(done[i]["record"]);
            timings.append(done[i]["timing"]);
            records[sample->key] = std::move(done[i]["record"]);
            notice.set_saved(static_cast<int64_t>(records.size()));
            progress.tick(entry.spec.name + " " + group->task->task->name() + " " + sample->item.point(),
                          sample_cost(checks.at(entry.spec.name).description, group->task->task->tokens(sample->item)));
          }
        });
    const Executor::PathCounts paths = executor.path_counts();
    if (paths.shared_items > 0)
      std::cerr << fmt::format("batched path: {} of {} items on a shared context were scored outside it ({})\n",
                               paths.unbatched_items, paths.shared_items, entry.spec.name);
  }
  progress.finish();

  std::cerr << cost.lines();
  metadata["models"] = model_metadata;
  metadata["cost"] = cost.to_json();
  metadata["samples"] = {{"planned", planned}, {"resumed", resumed}, {"computed", planned - resumed},
                         {"torn_lines_dropped", torn}, {"unused_lines", orphans}};
  metadata["finished_at"] = utc_timestamp();
  metadata["duration_s"] =
      std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() * 1000) / 1000;
  write_run_manifest(manifest_path, manifest);
  const FinishedRun finished = write_results(output);
  for (const auto& warning : finished.warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << finished_summary(output, finished) << "\n";
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::cerr << fmt::format("run finished: wall time {:.1f} s, peak RSS {:.0f} MiB\n",
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                           static_cast<double>(usage.ru_maxrss) / 1024.0);
}

}  // namespace fot
