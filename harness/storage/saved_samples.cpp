#include "harness/storage/saved_samples.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "common/input_error.h"
#include "harness/storage/run_manifest.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

SavedSamples load_saved_samples(const std::string& run_dir, SampleLog& samples, SampleLog& timings,
                                const std::vector<PlannedGroup>& plan, const PlanPart& part, const CodeVersion& current,
                                bool resume, bool across_commits) {
  SavedSamples out;
  std::map<std::string, json> records;
  if (resume) {
    SampleLog::Loaded loaded = samples.load();
    timings.load();  // only to cut a torn last line
    out.torn_lines = loaded.torn_lines;
    if (out.torn_lines) std::cerr << "resume: dropped a torn last line of " << samples.path() << "\n";
    if (loaded.duplicates) std::cerr << "resume: ignored " << loaded.duplicates << " repeated sample lines\n";
    records = std::move(loaded.by_key);
  } else {
    samples.start_fresh();
    timings.start_fresh();
  }
  for (const auto& group : plan)
    for (const auto& sample : group.samples) {
      if (!part.contains(sample)) continue;
      ++out.planned;
      auto it = records.find(sample.key);
      if (it != records.end()) out.records[sample.key] = it->second;
    }
  out.resumed = static_cast<int64_t>(out.records.size());
  out.versions = resumed_versions(out.records, run_dir, current, across_commits);
  if ((out.planned > out.resumed || out.versions.empty()) &&
      std::find(out.versions.begin(), out.versions.end(), current.label()) == out.versions.end())
    out.versions.push_back(current.label());
  out.unused_lines = static_cast<int64_t>(records.size()) - out.resumed;
  if (out.unused_lines > 0)
    std::cerr << "resume: " << out.unused_lines << " sample lines belong to no part of this config"
              << (part.sharded() ? "'s shard" : "") << "; they are kept, not used\n";
  return out;
}

}  // namespace fot
