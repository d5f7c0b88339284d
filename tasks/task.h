// What every task provides: its settings (parsed from its YAML entry), the work items of its sweep,
// and how one item is run and scored against a TextModel. No LibTorch, no file output.
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

// One sample to produce: a sweep point and a trial.
struct WorkItem {
  std::string point;            // sweep point, e.g. "tokens=4096;depth=0.25"; samples with the same point form a row
  int64_t context = 0;          // requested size (tokens, or characters for the landmark protocol)
  std::optional<double> depth;  // requested needle depth, when the sweep has one
  int64_t trial = 0;
  uint64_t seed = 0;
  std::string key() const { return point + ";trial=" + std::to_string(trial); }
};

struct SampleOptions {
  bool log_prompt = false;  // put the full prompt text into the sample record
};

// What one sample produced.
struct SampleOutcome {
  nlohmann::json details;                 // task-specific fields for samples.jsonl
  TokenIds prompt_ids;                    // hashed into prompt_hash
  int64_t context_tokens = 0;             // this sample's value of the context_tokens column
  std::map<std::string, double> metrics;  // e.g. {"acc": 1}; 0/1 metrics get Wilson intervals
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string name() const = 0;
  virtual std::string variant() const = 0;
  // Every setting that changes the samples (hashed into the config hash).
  virtual nlohmann::json canonical() const = 0;
  // The sweep in a fixed order; limit > 0 keeps at most `limit` trials per sweep point.
  virtual std::vector<WorkItem> plan(int64_t limit) const = 0;
  // Throws fot::InputError when this model cannot take the task (e.g. lengths beyond its limit).
  virtual void check(const TextModel& model) const {}
  virtual SampleOutcome run(TextModel& model, const WorkItem& item, const SampleOptions& options) const = 0;
};

}  // namespace fot
