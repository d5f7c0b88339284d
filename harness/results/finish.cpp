#include "harness/results/finish.h"

#include <fmt/format.h>

#include <filesystem>

#include "harness/results/aggregate.h"
#include "harness/storage/code_version.h"
#include "harness/storage/run_manifest.h"
#include "harness/storage/sample_log.h"
#include "harness/results/length_tables.h"
#include "harness/results/summary_rows.h"
#include "common/input_error.h"
#include "common/atomic_file.h"
#include "harness/results/plots.h"
#include "harness/results/tables.h"

namespace fot {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Speed per (model, memory configuration, task, variant, length) in plan order; a run without
// timings.jsonl (or with a damaged one: timings are informative only) gets no speed table.
std::vector<SpeedRow> speed_rows(const RunManifest& manifest, const std::string& timings_path) {
  std::vector<SpeedRow> out;
  if (!fs::exists(timings_path)) return out;
  SampleLog::Loaded timings;
  try {
    timings = SampleLog::read(timings_path);
  } catch (const InputError&) {
    return out;
  }
  std::map<std::string, size_t> index;
  for (const auto& group : manifest.groups)
    for (const auto& key : group.keys) {
      auto it = timings.by_key.find(key);
      if (it == timings.by_key.end()) continue;
      const json& t = it->second;
      SpeedRow row;
      row.model = t.value("model", "");
      row.memory_config = t.value("memory_config", "");
      row.task = t.value("task", "");
      row.variant = t.value("variant", "");
      if (t.contains("context_tokens")) row.context_tokens = t["context_tokens"].get<int64_t>();
      const std::string cell = row.model + "\t" + row.memory_config + "\t" + row.task + "\t" + row.variant + "\t" +
                               (row.context_tokens ? std::to_string(*row.context_tokens) : "");
      auto [slot, added] = index.emplace(cell, out.size());
      if (added) out.push_back(row);
      SpeedRow& target = out[slot->second];
      target.samples += 1;
      target.tokens += t.value("tokens", int64_t{0});
      target.seconds += t.value("wall_s", 0.0);
    }
  return out;
}

}  // namespace

FinishedRun write_results(const std::string& run_dir, bool across_commits) {
  if (!fs::is_directory(run_dir)) throw InputError(fmt::format("{}: not a directory", run_dir));
  const fs::path dir(run_dir);
  const std::string samples_path = (dir / "samples.jsonl").string();
  if (!fs::exists(samples_path))
    throw InputError(fmt::format("{}: not a fot-eval run directory (no samples.jsonl)", run_dir));
  const RunManifest manifest = read_run_manifest((dir / kRunManifestFile).string());
  const SampleLog::Loaded loaded = SampleLog::read(samples_path);

  std::map<std::string, json> planned;
  for (const auto& group : manifest.groups)
    for (const auto& key : group.keys) {
      auto it = loaded.by_key.find(key);
      if (it != loaded.by_key.end()) planned.emplace(key, it->second);
    }
  if (planned.empty() && !loaded.by_key.empty())
    throw InputError(fmt::format("{}: none of its {} samples belongs to the run described by {}: the sample log "
                                 "comes from another run",
                                 samples_path, loaded.by_key.size(), (dir / kRunManifestFile).string()));

  const std::vector<std::string> listed = listed_versions(manifest.metadata);
  if (!across_commits) check_versions_listed(planned, listed, run_dir, "--across-commits");
  const std::vector<std::string> versions = versions_behind(planned, listed);
  const std::vector<ResultRow> rows = aggregate(manifest.groups, planned, listed);
  FinishedRun out;
  out.rows = rows.size();
  out.samples = planned.size();
  write_file_atomic((dir / "results.csv").string(), results_csv(rows));
  PlotOutput plots = write_plots(run_dir, rows);
  out.plots = plots.images.size();
  out.warnings = plots.warnings;
  json metadata = manifest.metadata;
  if (!versions.empty()) {
    metadata["commits"] = versions;
    metadata["commit"] = join_versions(versions);
  }
  metadata["plots"] = plots.files;
  std::vector<SummaryRow> declared;
  for (const auto& group : manifest.groups)
    for (const auto& row : group.summary_rows) declared.push_back(row);
  const std::vector<ComputedSummary> summaries = summary_rows(declared, rows);
  std::vector<LengthTable> declared_tables;
  for (const auto& group : manifest.groups)
    for (const auto& table : group.length_tables) declared_tables.push_back(table);
  const std::vector<ComputedLengthTable> tables = length_tables(declared_tables, rows);
  json results = results_json(rows, metadata);
  add_summary_json(summaries, results);
  add_length_tables_json(tables, results);
  write_file_atomic((dir / "results.json").string(),
                    results.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
  write_file_atomic((dir / "results.md").string(),
                    results_markdown(rows, metadata, plots.images, speed_rows(manifest, (dir / "timings.jsonl").string())) +
                        summary_markdown(summaries) + length_tables_markdown(tables));
  return out;
}

std::string finished_summary(const std::string& run_dir, const FinishedRun& finished) {
  return fmt::format("wrote {}: results.csv ({} row{}), results.json, results.md, samples.jsonl ({} sample{}), {} plot{}",
                     run_dir, finished.rows, finished.rows == 1 ? "" : "s", finished.samples,
                     finished.samples == 1 ? "" : "s", finished.plots, finished.plots == 1 ? "" : "s");
}

}  // namespace fot
