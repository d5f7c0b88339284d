#include "harness/execution/execute_plan.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "harness/execution/cost_summary.h"
#include "harness/execution/executor.h"
#include "harness/execution/interrupt_notice.h"
#include "harness/execution/ordered_pool.h"
#include "harness/execution/progress.h"
#include "harness/execution/sample_records.h"
#include "harness/planning/sample_batches.h"

namespace fot {
namespace {

using nlohmann::json;

bool is_pending(const PlanPart& part, const std::map<std::string, json>& records, const PlannedSample& sample) {
  return part.contains(sample) && !records.count(sample.key);
}

double estimated_cost(const std::map<std::string, ModelCheck>& checks, const PlannedGroup& group,
                      const PlannedSample& sample) {
  return sample_cost(checks.at(group.model->spec.name).description, group.task->task->tokens(sample.item));
}

// The run's state shared by the models' executions.
struct RunState {
  const std::map<std::string, ModelCheck>& checks;
  const ExecutionSettings& settings;
  SampleLog& samples;
  SampleLog& timings;
  std::map<std::string, json>& records;
  Progress& progress;
  InterruptNotice& notice;
  CostSummary& cost;
};

// Loads one model and computes its pending samples; returns its run.json description.
json execute_model(const ModelEntry& entry, const std::vector<PendingSample>& pending, RunState& run) {
  TextModel model = load_text_model(entry.spec);
  const ModelInfo info = model.model->info();
  json meta = {{"name", entry.spec.name}, {"backend", entry.spec.backend}, {"spec", entry.canonical}};
  meta["description"] = info.description;
  meta["tokenizer"] = model.codec->describe();
  meta["memory_config"] = info.memory_config;
  meta["context_limit"] = info.context_limit;
  Executor executor(model.model, ModelView{entry.spec.name, info, model.codec});
  const std::vector<std::vector<PendingSample>> batches = sample_batches(pending, Executor::kItemsPerBatch);
  run_ordered(
      static_cast<int64_t>(batches.size()), run.settings.workers,
      [&](int64_t b) {
        const std::vector<PendingSample>& batch = batches[b];
        const Task& task = *batch.front().first->task->task;
        std::vector<WorkItem> items;
        for (const auto& entry : batch) items.push_back(entry.second->item);
        const auto start = std::chrono::steady_clock::now();
        std::vector<SampleOutcome> outcomes = executor.run(task, items, run.settings.sample_options);
        if (outcomes.size() != items.size())
          throw std::logic_error(fmt::format("task '{}' returned {} outcomes for {} items", task.name(),
                                             outcomes.size(), items.size()));
        // A batch's time is shared evenly by its samples: their work is not separable.
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                               static_cast<double>(items.size());
        json done = json::array();
        for (size_t i = 0; i < batch.size(); ++i) {
          const auto& [group, sample] = batch[i];
          run.cost.add(entry.spec.name, task.variant().empty() ? task.name() : task.name() + "/" + task.variant(),
                       outcomes[i], task.tokens(items[i]));
          json record = sample_record(*group, *sample, info, outcomes[i], run.settings.version);
          json timing = timing_record(*group, *sample, record, outcomes[i], seconds);
          done.push_back(json{{"record", std::move(record)}, {"timing", std::move(timing)}});
        }
        return done;
      },
      [&](int64_t b, json& done) {
        for (size_t i = 0; i < batches[b].size(); ++i) {
          const auto& [group, sample] = batches[b][i];
          run.samples.append(done[i]["record"]);
          run.timings.append(done[i]["timing"]);
          run.records[sample->key] = std::move(done[i]["record"]);
          run.notice.set_saved(static_cast<int64_t>(run.records.size()));
          run.progress.tick(entry.spec.name + " " + group->task->task->name() + " " + sample->item.point(),
                            estimated_cost(run.checks, *group, *sample));
        }
      });
  const Executor::PathCounts paths = executor.path_counts();
  if (paths.shared_items > 0)
    std::cerr << fmt::format("batched path: {} of {} items on a shared context were scored outside it ({})\n",
                             paths.unbatched_items, paths.shared_items, entry.spec.name);
  return meta;
}

}  // namespace

ExecutedRun execute_plan(const RunConfig& config, const std::vector<PlannedGroup>& plan,
                         const std::map<std::string, ModelCheck>& checks, const PlanPart& part,
                         const ExecutionSettings& settings, SampleLog& samples, SampleLog& timings,
                         std::map<std::string, json>& records) {
  int64_t pending_count = 0;
  double total_cost = 0.0;
  for (const auto& group : plan)
    for (const auto& sample : group.samples)
      if (is_pending(part, records, sample)) {
        ++pending_count;
        total_cost += estimated_cost(checks, group, sample);
      }
  Progress progress(pending_count, total_cost, std::cerr, Progress::stderr_is_terminal());
  InterruptNotice notice(samples.path(), settings.resume_command);
  notice.set_saved(static_cast<int64_t>(records.size()));
  CostSummary cost;
  RunState run{checks, settings, samples, timings, records, progress, notice, cost};
  ExecutedRun out;
  for (const auto& entry : config.models) {
    std::vector<PendingSample> pending;
    for (const auto& group : plan)
      if (group.model == &entry)
        for (const auto& sample : group.samples)
          if (is_pending(part, records, sample)) pending.emplace_back(&group, &sample);
    if (pending.empty())
      out.models.push_back({{"name", entry.spec.name}, {"backend", entry.spec.backend}, {"spec", entry.canonical}});
    else
      out.models.push_back(execute_model(entry, pending, run));
  }
  progress.finish();
  std::cerr << cost.lines();
  out.cost = cost.to_json();
  return out;
}

}  // namespace fot
