#include "harness/runner/runner.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/config/run_config.h"
#include "harness/runner/ordered_pool.h"
#include "harness/runner/aggregate.h"
#include "harness/runner/plan.h"
#include "harness/runner/progress.h"
#include "harness/runner/run_metadata.h"
#include "harness/runner/sample_log.h"
#include "harness/util/sha256.h"
#include "models/input_error.h"
#include "reports/atomic_file.h"
#include "reports/plots.h"
#include "reports/tables.h"

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

std::string prompt_hash(const TokenIds& ids) {
  Sha256 hash;
  for (int32_t id : ids) {
    const std::string text = std::to_string(id) + ",";
    hash.update(text);
  }
  return hash.hex_digest();
}

json sample_record(const PlannedGroup& group, const PlannedSample& sample, const TextModel& model,
                   SampleOutcome& outcome) {
  json record = std::move(outcome.details);
  std::string memory = model.model->info().memory_config;
  if (memory.empty()) memory = group.model->spec.memory.canonical();
  record["key"] = sample.key;
  record["model"] = group.model->spec.name;
  record["memory_config"] = memory;
  record["task"] = group.task->task->name();
  record["variant"] = group.task->task->variant();
  record["point"] = sample.item.point;
  record["trial"] = sample.item.trial;
  record["seed"] = sample.item.seed;
  record["depth"] = sample.item.depth ? json(*sample.item.depth) : json(nullptr);
  record["context_tokens"] = outcome.context_tokens;
  record["metrics"] = outcome.metrics;
  record["model_hash"] = group.model_hash;
  record["task_hash"] = group.task_hash;
  record["config_hash"] = group.config_hash;
  record["prompt_hash"] = prompt_hash(outcome.prompt_ids);
  return record;
}

}  // namespace

void run_evaluation(const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = utc_timestamp();
  if (options.limit < 0) throw InputError(fmt::format("--limit must be at least 1, got {}", options.limit));

  RunConfig config = load_run_config(options.config_path, options.seed);
  select_models(config, options.models);
  select_tasks(config, options.tasks);
  std::string output = options.output;
  if (output.empty()) {
    if (!config.output)
      throw InputError(fmt::format("{}: no output directory: pass --output DIR or set 'output:' in the config",
                                   config.path));
    output = *config.output;
  }
  prepare_output_dir(output);

  const std::vector<PlannedGroup> plan = make_plan(config, options.limit);
  SampleLog log((fs::path(output) / "samples.jsonl").string());
  std::map<std::string, json> records;
  int64_t torn = 0, orphans = 0, planned = 0, resumed = 0;
  if (options.resume) {
    SampleLog::Loaded loaded = log.load();
    torn = loaded.torn_lines;
    if (torn) std::cerr << "resume: dropped a torn last line of " << log.path() << "\n";
    if (loaded.duplicates) std::cerr << "resume: ignored " << loaded.duplicates << " repeated sample lines\n";
    records = std::move(loaded.by_key);
  } else {
    log.start_fresh();
  }
  std::map<std::string, json> kept;
  for (const auto& group : plan)
    for (const auto& sample : group.samples) {
      ++planned;
      auto it = records.find(sample.key);
      if (it != records.end()) kept[sample.key] = it->second;
    }
  resumed = static_cast<int64_t>(kept.size());
  orphans = static_cast<int64_t>(records.size()) - resumed;
  if (orphans > 0)
    std::cerr << "resume: " << orphans << " sample lines belong to no part of this config; they are not used\n";
  records = std::move(kept);

  const std::string commit = source_commit();
  const int workers = options.workers ? *options.workers : config.workers;
  Progress progress(planned - resumed, resumed, std::cerr, Progress::stderr_is_terminal());
  SampleOptions sample_options;
  sample_options.log_prompt = options.log_prompts;
  json model_metadata = json::array();
  for (const auto& entry : config.models) {
    std::vector<const PlannedGroup*> groups;
    for (const auto& group : plan)
      if (group.model == &entry) groups.push_back(&group);
    bool pending = false;
    for (const auto* group : groups)
      for (const auto& sample : group->samples) pending = pending || !records.count(sample.key);
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
    std::vector<std::pair<const PlannedGroup*, const PlannedSample*>> pending_samples;
    for (const auto* group : groups) {
      group->task->task->check(model);
      for (const auto& sample : group->samples)
        if (!records.count(sample.key)) pending_samples.emplace_back(group, &sample);
    }
    run_ordered(
        static_cast<int64_t>(pending_samples.size()), workers,
        [&](int64_t i) {
          const auto& [group, sample] = pending_samples[i];
          SampleOutcome outcome = group->task->task->run(model, sample->item, sample_options);
          return sample_record(*group, *sample, model, outcome);
        },
        [&](int64_t i, json& record) {
          const auto& [group, sample] = pending_samples[i];
          log.append(record);
          records[sample->key] = std::move(record);
          progress.tick(entry.spec.name + " " + group->task->task->name() + " " + sample->item.point);
        });
  }
  progress.finish();

  const std::vector<ResultRow> rows = aggregate(plan, records, commit);
  json tasks_metadata = json::array();
  for (const auto& task : config.tasks) tasks_metadata.push_back(task.task->canonical());
  json metadata = {
      {"commit", commit},
      {"config_path", fs::absolute(config.path).lexically_normal().string()},
      {"config_hash", run_config_hash(plan)},
      {"config", config.document},
      {"seed", config.seed},
      {"limit", options.limit},
      {"resume", options.resume},
      {"log_prompts", options.log_prompts},
      {"workers", workers},
      {"command_line", options.command_line},
      {"models", model_metadata},
      {"tasks", tasks_metadata},
      {"samples", {{"planned", planned}, {"resumed", resumed}, {"computed", planned - resumed},
                   {"torn_lines_dropped", torn}, {"unused_lines", orphans}}},
      {"environment", environment_metadata()},
      {"started_at", started_at},
  };
  const fs::path dir(output);
  write_file_atomic((dir / "results.csv").string(), results_csv(rows));
  PlotOutput plots = write_plots(output, rows);
  for (const auto& warning : plots.warnings) std::cerr << "warning: " << warning << "\n";
  metadata["finished_at"] = utc_timestamp();
  metadata["duration_s"] =
      std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() * 1000) / 1000;
  metadata["plots"] = plots.files;
  write_file_atomic((dir / "results.json").string(), results_json(rows, metadata).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
  write_file_atomic((dir / "results.md").string(), results_markdown(rows, metadata, plots.images));
  std::cout << fmt::format("wrote {}: results.csv ({} rows), results.json, results.md, samples.jsonl ({} samples), {} plots\n",
                           output, rows.size(), records.size(), plots.images.size());
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::cerr << fmt::format("run finished: wall time {:.1f} s, peak RSS {:.0f} MiB\n",
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                           static_cast<double>(usage.ru_maxrss) / 1024.0);
}

}  // namespace fot
