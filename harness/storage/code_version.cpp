#include "harness/storage/code_version.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>

#include "common/input_error.h"
#include "fot_commit.h"

namespace fot {

using nlohmann::json;

std::string CodeVersion::label() const { return tree_modified ? commit + "-modified" : commit; }

CodeVersion current_code_version() {
  if (const char* forced = std::getenv("FOT_EVAL_COMMIT"); forced && *forced) return {forced, false};
  return {FOT_EVAL_SOURCE_COMMIT, FOT_EVAL_SOURCE_TREE_MODIFIED != 0};
}

void record_code_version(json& sample, const CodeVersion& version) {
  sample["commit"] = version.commit;
  sample["tree_modified"] = version.tree_modified;
}

std::string sample_version(const json& sample, const std::string& fallback) {
  auto commit = sample.find("commit");
  if (commit == sample.end() || !commit->is_string()) return fallback;
  auto modified = sample.find("tree_modified");
  return CodeVersion{commit->get<std::string>(), modified != sample.end() && modified->is_boolean() && modified->get<bool>()}
      .label();
}

std::vector<std::string> listed_versions(const json& metadata) {
  std::vector<std::string> out;
  if (auto it = metadata.find("commits"); it != metadata.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  if (out.empty()) out.push_back(metadata.value("commit", std::string("unknown")));
  return out;
}

std::vector<std::string> versions_behind(const std::vector<const json*>& samples, const std::vector<std::string>& order) {
  const std::string fallback = order.empty() ? std::string("unknown") : order.front();
  std::vector<std::string> seen;
  for (const json* s : samples) {
    std::string v = sample_version(*s, fallback);
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(std::move(v));
  }
  std::vector<std::string> out;
  for (const auto& v : order)
    if (std::find(seen.begin(), seen.end(), v) != seen.end()) out.push_back(v);
  for (const auto& v : seen)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

std::vector<std::string> versions_behind(const std::map<std::string, json>& samples, const std::vector<std::string>& order) {
  std::vector<const json*> list;
  for (const auto& [key, record] : samples) list.push_back(&record);
  return versions_behind(list, order);
}

std::string join_versions(const std::vector<std::string>& versions) { return fmt::format("{}", fmt::join(versions, " ")); }

void check_versions_listed(const std::map<std::string, json>& samples, const std::vector<std::string>& listed,
                           const std::string& where, const std::string& flag) {
  std::vector<std::string> unlisted;
  for (const auto& v : versions_behind(samples, listed))
    if (std::find(listed.begin(), listed.end(), v) == listed.end()) unlisted.push_back(v);
  if (unlisted.empty()) return;
  throw InputError(fmt::format("{}: samples computed by commit {} but its run.json names only commit {}: the sample "
                               "log mixes code versions; pass {} to use them anyway",
                               where, join_versions(unlisted), join_versions(listed), flag));
}

}  // namespace fot
