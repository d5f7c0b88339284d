// `fot-eval compare`: two run directories (or two configurations of one run) compared per task,
// metric and sweep point with a paired test on the per-sample logs. Samples pair by key (the same
// sample), else by (model, task entry, sweep point, trial), so runs of two memory configurations
// pair too (rows show "baseline -> candidate" memory); a pair must have the same
// prompt (prompt_hash), so a comparison never mixes different prompts.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tasks/task.h"

namespace fot {

// How far a metric may fall before a significant fall counts as a regression.
struct Tolerance {
  double value = 0.05;
  bool relative = false;  // value is a fraction of the baseline's value
};
// Defaults: 0.05 absolute (5 points of accuracy) for 0/1 metrics, 5% of the baseline for continuous ones.
Tolerance default_tolerance(MetricKind kind);
// "acc=0.02" (absolute) or "word_perplexity=10%" (relative); fot::InputError naming the text otherwise.
std::pair<std::string, Tolerance> parse_tolerance(const std::string& text);

struct CompareOptions {
  double level = 0.05;
  std::map<std::string, Tolerance> tolerances;  // by metric name; others get default_tolerance
  uint64_t seed = 20230703;
  int64_t resamples = 10000;
};

struct ComparisonRow {
  std::string model, task, variant;
  std::string baseline_memory, candidate_memory;
  std::string point;                       // the sweep point, pooled over depth and draw axes
  std::optional<int64_t> context_tokens;   // mean of the baseline samples' context_tokens
  std::string metric;
  std::string test;                        // "mcnemar", "bootstrap" (samples) or "bootstrap_draws"
  int64_t n = 0;                           // sample pairs
  std::optional<int64_t> n_draws;          // bootstrap_draws: draws resampled
  double baseline = 0.0, candidate = 0.0, difference = 0.0;  // difference = candidate - baseline
  std::optional<double> ci_low, ci_high;   // bootstrap interval of the difference
  std::optional<int64_t> worse, better;    // mcnemar: discordant pairs that fell / rose
  double tolerance = 0.0;                  // absolute, after a relative tolerance is applied
  bool higher_is_better = true;            // as the task declared the metric (run.json)
  double p_value = 1.0;                    // NaN when not comparable
  int64_t nonfinite_pairs = 0;             // pairs with a NaN or infinite value on either side
  // "regressed", "improved", "same", or "not comparable" (a sample is NaN or infinite: no test)
  std::string status;
};

struct Comparison {
  std::string baseline, candidate;  // directories (or configurations)
  CompareOptions options;
  std::vector<ComparisonRow> rows;
  size_t regressed() const;
  size_t not_comparable() const;
};

// Throws fot::InputError naming the files, groups or samples that do not match (missing run files,
// other tasks, models, sweep points or prompts).
Comparison compare_runs(const std::string& baseline_dir, const std::string& candidate_dir, const CompareOptions& options);

// Inside one run directory: every model entry against `reference_model` (same tasks), samples
// paired by sweep point and trial with equal prompts. Models whose tasks differ are skipped.
Comparison compare_models_in_run(const std::string& run_dir, const std::string& reference_model,
                                 const CompareOptions& options);

std::string comparison_markdown(const Comparison& comparison);
nlohmann::ordered_json comparison_json(const Comparison& comparison);
// One line per regressed row: "REGRESSED model=... task=... point ... metric: a -> b (...)", and
// one per row that is not comparable: "NOT COMPARABLE model=... (n of m sample pairs hold a NaN ...)".
std::string regression_lines(const Comparison& comparison);

}  // namespace fot
