#include "harness/results/paper/report_runs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "common/input_error.h"
#include "harness/results/aggregate.h"
#include "harness/storage/code_version.h"
#include "harness/storage/sample_log.h"

namespace fot {

namespace fs = std::filesystem;

ReportRun load_report_run(const std::string& dir, bool across_commits) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: not a directory", dir));
  const fs::path path(dir);
  if (!fs::exists(path / "samples.jsonl"))
    throw InputError(fmt::format("{}: not a fot-eval run directory (no samples.jsonl)", dir));
  const RunManifest manifest = read_run_manifest((path / kRunManifestFile).string());
  const SampleLog::Loaded loaded = SampleLog::read((path / "samples.jsonl").string());
  std::map<std::string, nlohmann::json> planned;
  ReportRun run;
  run.dir = dir;
  run.label = fs::absolute(path).lexically_normal().filename().string();
  if (run.label.empty()) run.label = fs::absolute(path).lexically_normal().parent_path().filename().string();
  for (const auto& group : manifest.groups) {
    if (std::find(run.models.begin(), run.models.end(), group.model) == run.models.end()) run.models.push_back(group.model);
    for (const auto& key : group.keys) {
      auto it = loaded.by_key.find(key);
      if (it != loaded.by_key.end()) planned.emplace(key, it->second);
    }
  }
  const std::vector<std::string> listed = listed_versions(manifest.metadata);
  if (!across_commits) check_versions_listed(planned, listed, dir, "--across-commits");
  run.rows = aggregate(manifest.groups, planned, listed);
  return run;
}

std::vector<ResultRow> merged_rows(const std::vector<ReportRun>& runs) {
  std::map<std::string, std::set<size_t>> seen_in;
  auto cell = [](const ResultRow& r) { return r.model + "\t" + r.memory_config + "\t" + r.task + "\t" + r.variant; };
  for (size_t i = 0; i < runs.size(); ++i)
    for (const auto& row : runs[i].rows) seen_in[cell(row)].insert(i);
  std::vector<ResultRow> out;
  for (size_t i = 0; i < runs.size(); ++i)
    for (ResultRow row : runs[i].rows) {
      if (seen_in[cell(row)].size() > 1) row.model = runs[i].label + "/" + row.model;
      out.push_back(std::move(row));
    }
  return out;
}

}  // namespace fot
