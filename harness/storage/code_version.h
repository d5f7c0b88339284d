// Which code computed a result. Every sample records the commit fot-eval was built from and
// whether the source tree had uncommitted changes; run.json lists every such version behind the
// run ("commits"), and a result row names the versions of its samples. Mixing versions in one run
// directory (resume, merge, report) is refused unless asked for (docs/runs.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fot {

struct CodeVersion {
  std::string commit;  // `git rev-parse HEAD` at build time, or "unknown"
  bool tree_modified = false;
  // The name a version goes by in run.json and the rows: the commit, "-modified" appended when the
  // tree had uncommitted changes.
  std::string label() const;
};

// The build's version; the environment variable FOT_EVAL_COMMIT, when set, names the commit instead
// (tree counted unmodified), for builds made outside a git checkout.
CodeVersion current_code_version();

// Adds "commit" and "tree_modified" to a sample record.
void record_code_version(nlohmann::json& sample, const CodeVersion& version);

// The label of the version that computed a sample; `fallback` for a sample written before samples
// recorded it (the run's run.json commit then).
std::string sample_version(const nlohmann::json& sample, const std::string& fallback);

// The versions a run.json's metadata lists: "commits", else its single "commit", else "unknown".
std::vector<std::string> listed_versions(const nlohmann::json& metadata);

// The distinct versions behind `samples`: those in `order` first, in its order, then any others in
// order of first appearance. Samples without a version count as order.front().
std::vector<std::string> versions_behind(const std::vector<const nlohmann::json*>& samples,
                                         const std::vector<std::string>& order);
std::vector<std::string> versions_behind(const std::map<std::string, nlohmann::json>& samples,
                                         const std::vector<std::string>& order);

// "a b": the versions as one result cell (rows' commit column, results.md).
std::string join_versions(const std::vector<std::string>& versions);

// Throws fot::InputError when some of `samples` come from versions `listed` does not name (samples
// appended by another fot-eval): `where` is the run directory, `flag` the option that allows it.
void check_versions_listed(const std::map<std::string, nlohmann::json>& samples, const std::vector<std::string>& listed,
                           const std::string& where, const std::string& flag);

}  // namespace fot
