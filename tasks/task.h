// What every task provides: its settings (parsed from its YAML entry), the sweep axes and metrics it
// declares, the work items of its sweep, and how one item is run and scored against a TextModel.
// No LibTorch, no file output.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/text_codec.h"

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
  int64_t model_tokens = 0;               // tokens through the model (prompt, continuations, generated)
  // Axis values the sample measured in place of the planned ones (the sample is counted there),
  // e.g. the depth bin a needle actually landed in.
  nlohmann::json measured_axes = nlohmann::json::object();
  // Tokens a run that reads every request from scratch would have put through the model (e.g. each
  // few-shot question with its whole demonstration prefix, per label); 0 = equal to model_tokens.
  int64_t recompute_tokens = 0;
  // Context reads this sample took (a zero-shot item whose choices share one context: 1); 0 = not counted.
  int64_t context_passes = 0;
  // The memory configuration the sample ran under when the task ran the model with its own setting
  // (e.g. a task-chosen last_context_length); empty = the model's.
  std::string memory_config;
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string name() const = 0;
  virtual std::string variant() const = 0;
  virtual std::vector<Axis> axes() const = 0;
  virtual std::vector<Metric> metrics() const = 0;  // the first is the task's main metric
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
  // Estimated tokens through the model for one item (for the ETA and the memory estimate).
  virtual int64_t tokens(const WorkItem& item) const = 0;
  virtual SampleOutcome run(TextModel& model, const WorkItem& item, const SampleOptions& options) const = 0;

  // Items that share work (one draw's demonstration prefix): the runner hands consecutive pending
  // items of one group whose batch_key is equal and non-empty to run_batch, at most batch_limit()
  // at a time, and writes their records in order when the batch is done. Empty key: run() alone.
  virtual std::string batch_key(const WorkItem& item) const { return {}; }
  virtual int64_t batch_limit() const { return 1; }
  // One outcome per item, in the items' order. The default runs each alone.
  virtual std::vector<SampleOutcome> run_batch(TextModel& model, const std::vector<WorkItem>& items,
                                               const SampleOptions& options) const;
};

}  // namespace fot
