#include "harness/results/merge.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "common/input_error.h"
#include "harness/storage/code_version.h"
#include "harness/storage/run_manifest.h"
#include "harness/storage/sample_log.h"
#include "common/atomic_file.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Shard {
  std::string dir;
  RunManifest manifest;
  SampleLog::Loaded samples;
  SampleLog::Loaded timings;
  int64_t index = 0, count = 0;
};

Shard read_shard(const std::string& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("{}: not a directory", dir));
  Shard shard;
  shard.dir = dir;
  shard.manifest = read_run_manifest((fs::path(dir) / kRunManifestFile).string());
  const json& meta = shard.manifest.metadata;
  if (!meta.contains("shard") || !meta["shard"].is_object())
    throw InputError(fmt::format("{}: not a shard (its {} has no 'shard': it was not run with --shard K/N)", dir,
                                 kRunManifestFile));
  try {
    shard.index = meta["shard"].at("index").get<int64_t>();
    shard.count = meta["shard"].at("count").get<int64_t>();
  } catch (const json::exception&) {
    throw InputError(fmt::format("{}: field 'shard' of {} needs integer 'index' and 'count'", dir, kRunManifestFile));
  }
  const std::string samples = (fs::path(dir) / "samples.jsonl").string();
  if (!fs::exists(samples)) throw InputError(fmt::format("{}: missing (the shard has not started)", samples));
  shard.samples = SampleLog::read(samples);
  const std::string timings = (fs::path(dir) / "timings.jsonl").string();
  if (fs::exists(timings)) {
    try {
      shard.timings = SampleLog::read(timings);
    } catch (const InputError&) {
      shard.timings = {};  // timings are informative only
    }
  }
  return shard;
}

std::string field_text(const json& meta, const char* name) { return meta.contains(name) ? meta[name].dump() : "none"; }

// The shards must describe one plan: same groups, config, seed and limit.
void check_same_run(const std::vector<Shard>& shards) {
  const Shard& first = shards.front();
  const json first_groups = manifest_json(RunManifest{json::object(), first.manifest.groups}).at("groups");
  for (const Shard& shard : shards) {
    const json& a = first.manifest.metadata;
    const json& b = shard.manifest.metadata;
    for (const char* name : {"run_hash", "seed", "limit"})
      if (field_text(a, name) != field_text(b, name))
        throw InputError(fmt::format("{} and {} are not shards of one run: their {} differ ({} vs {})", first.dir,
                                     shard.dir, name, field_text(a, name), field_text(b, name)));
    if (manifest_json(RunManifest{json::object(), shard.manifest.groups}).at("groups") != first_groups)
      throw InputError(fmt::format("{} and {} are not shards of one run: their planned samples differ", first.dir,
                                   shard.dir));
    if (shard.count != first.count)
      throw InputError(fmt::format("{} is shard {}/{} but {} is shard {}/{}: different shard counts", first.dir,
                                   first.index, first.count, shard.dir, shard.index, shard.count));
  }
  std::map<int64_t, std::string> by_index;
  for (const Shard& shard : shards) {
    auto [it, added] = by_index.emplace(shard.index, shard.dir);
    if (!added)
      throw InputError(fmt::format("shard {}/{} given twice: {} and {}", shard.index, shard.count, it->second, shard.dir));
  }
  std::vector<int64_t> missing;
  for (int64_t i = 0; i < first.count; ++i)
    if (!by_index.count(i)) missing.push_back(i);
  if (!missing.empty()) {
    std::vector<std::string> given;
    for (const auto& [index, dir] : by_index) given.push_back(fmt::format("{} = {}", index, dir));
    throw InputError(fmt::format("missing shard{} {} of {} (given: {})", missing.size() == 1 ? "" : "s",
                                 fmt::join(missing, ", "), first.count, fmt::join(given, ", ")));
  }
}

// The code versions behind the shards' samples, in shard order. Shards of different versions are
// refused unless across_commits.
std::vector<std::string> shard_versions(const std::vector<Shard>& shards, bool across_commits) {
  std::vector<std::string> all;
  std::vector<std::string> first;
  for (const Shard& shard : shards) {
    const std::vector<std::string> listed = listed_versions(shard.manifest.metadata);
    if (!across_commits) check_versions_listed(shard.samples.by_key, listed, shard.dir, "--across-commits");
    const std::vector<std::string> versions = versions_behind(shard.samples.by_key, listed);
    if (&shard == &shards.front()) first = versions;
    else if (!across_commits && versions != first)
      throw InputError(fmt::format("{} was computed by commit {} but {} by commit {}: merging would mix code versions "
                                   "in one result; pass --across-commits to merge them anyway",
                                   shards.front().dir, join_versions(first), shard.dir, join_versions(versions)));
    for (const auto& v : versions)
      if (std::find(all.begin(), all.end(), v) == all.end()) all.push_back(v);
  }
  return all;
}

std::string list_some(const std::vector<std::string>& items) {
  const size_t shown = std::min<size_t>(items.size(), 5);
  std::string out = fmt::format("{}", fmt::join(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(shown), "\n  "));
  if (items.size() > shown) out += fmt::format("\n  ... and {} more", items.size() - shown);
  return out;
}

}  // namespace

FinishedRun merge_shards(const MergeOptions& options) {
  if (options.shard_dirs.empty()) throw InputError("merge needs the shard directories");
  if (options.output.empty()) throw InputError("merge needs --output DIR");
  std::vector<Shard> shards;
  for (const auto& dir : options.shard_dirs) {
    if (fs::exists(options.output) && fs::exists(dir) && fs::equivalent(dir, options.output))
      throw InputError(fmt::format("--output {} is one of the shard directories", options.output));
    shards.push_back(read_shard(dir));
  }
  check_same_run(shards);
  const std::vector<std::string> versions = shard_versions(shards, options.across_commits);

  std::string samples, timings;
  std::vector<std::string> missing, duplicated;
  int64_t total = 0;
  for (const auto& group : shards.front().manifest.groups)
    for (const auto& key : group.keys) {
      ++total;
      std::vector<const Shard*> holders;
      for (const Shard& shard : shards)
        if (shard.samples.by_key.count(key)) holders.push_back(&shard);
      if (holders.empty()) {
        missing.push_back(key);
        continue;
      }
      if (holders.size() > 1) {
        std::vector<std::string> dirs;
        for (const Shard* s : holders) dirs.push_back(s->dir);
        duplicated.push_back(fmt::format("{} (in {})", key, fmt::join(dirs, ", ")));
        continue;
      }
      samples += SampleLog::line(holders.front()->samples.by_key.at(key));
      auto timing = holders.front()->timings.by_key.find(key);
      if (timing != holders.front()->timings.by_key.end()) timings += SampleLog::line(timing->second);
    }
  if (!duplicated.empty())
    throw InputError(fmt::format("{} sample{} computed by more than one shard:\n  {}", duplicated.size(),
                                 duplicated.size() == 1 ? " was" : "s were", list_some(duplicated)));
  if (!missing.empty())
    throw InputError(fmt::format("{} of the plan's {} samples are in no shard (resume the unfinished shards with "
                                 "--resume):\n  {}",
                                 missing.size(), total, list_some(missing)));

  std::error_code error;
  fs::create_directories(options.output, error);
  if (error || !fs::is_directory(options.output))
    throw InputError(fmt::format("cannot create output directory '{}'", options.output));
  for (const char* name : {"samples.jsonl", kRunManifestFile})
    if (fs::exists(fs::path(options.output) / name) && !options.overwrite)
      throw InputError(fmt::format("output directory '{}' holds an earlier run ({}): pass --overwrite to replace it",
                                   options.output, name));
  RunManifest merged = shards.front().manifest;
  json& meta = merged.metadata;
  json sources = json::array();
  for (const Shard& shard : shards) sources.push_back(fs::absolute(shard.dir).lexically_normal().string());
  meta["merged_from"] = sources;
  meta["commits"] = versions;
  meta["commit"] = join_versions(versions);
  meta["shard_count"] = meta["shard"]["count"];
  meta.erase("shard");
  meta["samples"] = {{"planned", total}, {"merged", total}};
  for (const char* per_process : {"cost", "started_at", "finished_at", "duration_s", "command_line", "resume"})
    meta.erase(per_process);
  write_file_atomic((fs::path(options.output) / "samples.jsonl").string(), samples);
  write_file_atomic((fs::path(options.output) / "timings.jsonl").string(), timings);
  write_run_manifest((fs::path(options.output) / kRunManifestFile).string(), merged);
  return write_results(options.output, options.across_commits);
}

}  // namespace fot
