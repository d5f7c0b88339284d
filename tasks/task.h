// What every task provides: its settings (parsed from its YAML entry), the sweep axes and metrics it
// declares, the work items of its sweep, and for one item the requests it needs (tasks/request.h)
// and how their responses become metrics and sample fields. A task never holds a model or a model
// state and never counts tokens: the executor (harness/execution/executor.h) runs the requests.
// No LibTorch, no file output.
#pragma once

#include <cstdint>
#include <any>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/model_info.h"
#include "models/text_codec.h"
#include "tasks/request.h"

namespace fot {

// How an axis shapes the result rows. Every sample record carries each axis by name.
enum class AxisRole {
  kLength,  // the context length a row is plotted against; rows report the mean of the samples'
            // context_tokens (equal to the axis value when the axis counts tokens)
  kDepth,   // rows: one pooled over its values (samples pooled), then one per value (the depth column)
  kDraw,    // rows: one pooled over draws (mean of per-draw values, stderr and t-interval over draws),
            // then one per draw (the draw column)
  kPlain,   // only tells sweep points apart
};
const char* to_string(AxisRole role);
AxisRole parse_axis_role(const std::string& text);  // throws std::invalid_argument

struct Axis {
  std::string name;
  AxisRole role = AxisRole::kPlain;
};

// The kind picks the interval: Wilson for 0/1 values, a t-interval for continuous ones.
enum class MetricKind { kBinary, kContinuous };
const char* to_string(MetricKind kind);
MetricKind parse_metric_kind(const std::string& text);  // throws std::invalid_argument

struct Metric {
  std::string name;
  MetricKind kind = MetricKind::kBinary;
  bool higher_is_better = true;  // the direction `compare` calls an improvement
};

// A row a task declares over pooled result rows of a run (e.g. the zero-shot suite's "Avg"): the
// mean of the listed (task, metric) rows, in their order, for every (model, memory configuration,
// variant) that has them all. Tasks that declare one with the same key declare the same row.
struct SummaryRow {
  std::string key;          // results.json field, e.g. "zeroshot_average"
  std::string label;        // the value's column in results.md, e.g. "Avg"
  std::string title;        // results.md section title
  std::string description;  // results.md text under the title
  std::vector<std::pair<std::string, std::string>> rows;  // (task, metric)
};

// A table a task declares over the length rows of a benchmark's tasks (RULER's own summary): per
// (model, memory configuration, length), each task's `metric` scaled by `scale` and rounded to
// `decimals` as the benchmark prints it, and their mean over the run's tasks of `variant`, rounded
// the same way. Tasks that declare one with the same key declare the same table.
struct LengthTable {
  std::string key;            // results.json field, e.g. "ruler"
  std::string title;          // results.md section title
  std::string description;    // results.md text under the title
  std::string variant;        // the rows of this variant's tasks
  std::string metric;         // the metric shown
  std::string length_column;  // the length's name in results.json and results.md, e.g. "max_seq_length"
  std::string values_field;   // results.json field of the per-task values, e.g. "percent"
  double scale = 1.0;
  int decimals = 2;
};

// One sample to produce: a sweep point and a trial.
struct WorkItem {
  nlohmann::ordered_json axes = nlohmann::ordered_json::object();  // axis name -> value, declared order
  int64_t trial = 0;
  uint64_t seed = 0;  // derive_sample_seed (tasks/common/sample_seed.h) of the run seed, settings, point, trial
  // "name=value;..." in axis order (numbers with up to 6 significant digits); names the sweep point.
  std::string point() const;
  std::string key() const { return point() + ";trial=" + std::to_string(trial); }
  int64_t int_axis(const std::string& name) const { return axes.at(name).get<int64_t>(); }
  double number_axis(const std::string& name) const { return axes.at(name).get<double>(); }
};

// What a task may check about a model before any weights are read.
struct ModelView {
  std::string name;  // the config's label
  ModelInfo info;
  std::shared_ptr<const TextCodec> codec;
};

struct SampleOptions {
  bool log_prompt = false;  // put the full prompt text into the sample record
};

// What one sample produced.
struct SampleOutcome {
  nlohmann::json details;                 // task-specific fields for samples.jsonl
  TokenIds prompt_ids;                    // hashed into prompt_hash
  std::optional<int64_t> context_tokens;  // tokens this sample read, for tasks with a length axis
  std::map<std::string, double> metrics;  // one value per declared metric
  // Axis values the sample measured in place of the planned ones (the sample is counted there),
  // e.g. the depth bin a needle actually landed in.
  nlohmann::json measured_axes = nlohmann::json::object();
  // Set by the executor, measured at the model boundary:
  int64_t model_tokens = 0;      // tokens through the model (contexts, continuations, generated)
  // Tokens a run that reads every request from scratch would have put through the model (each
  // continuation with its whole context; a generation's context and tokens).
  int64_t recompute_tokens = 0;
  // Contexts this item read from scratch (a zero-shot item whose choices share one context: 1);
  // 0 = not counted (the item only extended a shared state).
  int64_t context_passes = 0;
  // The memory configuration the item's requests ran under (a variant's); empty = the model's.
  std::string memory_config;
};

// One item's requests, and what the task knows about the item before the model runs.
struct PreparedItem {
  std::vector<Request> requests;
  SampleOutcome outcome;  // details, prompt ids, context tokens known so far
  std::any memo;          // whatever else finish() needs, the task's own type
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string name() const = 0;
  virtual std::string variant() const = 0;
  virtual std::vector<Axis> axes() const = 0;
  virtual std::vector<Metric> metrics() const = 0;  // the first is the task's main metric
  virtual std::vector<SummaryRow> summary_rows() const { return {}; }
  virtual std::vector<LengthTable> length_tables() const { return {}; }
  // Every setting of the entry, sweep lists included (hashed into the config hash of its rows).
  virtual nlohmann::json canonical() const = 0;
  // The settings that shape each sample, without the sweep lists or the trial count: with the
  // model's identity, a sample's point and trial (and its seed), what a sample's identity is made
  // of, so growing a sweep keeps every earlier sample valid.
  virtual nlohmann::json sample_settings() const = 0;
  // The sweep in a fixed order; limit > 0 keeps at most `limit` trials per sweep point.
  virtual std::vector<WorkItem> plan(int64_t limit) const = 0;
  // Throws fot::InputError when this model cannot take the task (e.g. lengths beyond its limit).
  // `validate` and the start of `run` call it without loading weights.
  virtual void check(const ModelView& model) const {}
  // Estimated tokens through the model for one item (for the ETA and the cost lines); shared
  // contexts count once per item that shares them.
  virtual int64_t tokens(const WorkItem& item) const = 0;
  // The longest context the model holds at once for this item (for the memory estimate).
  virtual int64_t peak_tokens(const WorkItem& item) const { return tokens(item); }
  // The requests of one item; `model` as check() sees it (no weights, no state).
  virtual PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const = 0;
  // Completes prepared.outcome from the responses (one per request, in order).
  virtual void finish(const ModelView& model, const WorkItem& item, PreparedItem& prepared,
                      const std::vector<Response>& responses) const = 0;

  // Items that share work (one draw's demonstration prefix): the runner hands consecutive pending
  // items of one group whose batch_key is equal and non-empty to the executor together. Empty key:
  // the item alone.
  virtual std::string batch_key(const WorkItem& item) const { return {}; }
};

}  // namespace fot
