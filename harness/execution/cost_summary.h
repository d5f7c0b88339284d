// What the samples a run computed cost, per model and task: tokens through the model against the
// tokens a run reading every request from scratch would need, and context passes per item.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "tasks/task.h"

namespace fot {

class CostSummary {
 public:
  // May be called from several threads. estimated: what Task::tokens said the sample would cost.
  void add(const std::string& model, const std::string& task, const SampleOutcome& outcome, int64_t estimated);
  // One line per model and task, e.g.
  //   "cost: tiny-longllama trec/fine: 120000 tokens through the model (estimated 131000, 1.09x),
  //    41000000 to recompute everything (340x), 500 items"
  // followed, where the task counts them, by ", context passes per item: mean 1.00, max 1".
  std::string lines() const;
  // [{model, task, items, model_tokens, estimated_tokens, recompute_tokens, passes...}]
  nlohmann::json to_json() const;

 private:
  struct Totals {
    int64_t items = 0, model_tokens = 0, estimated_tokens = 0, recompute_tokens = 0, counted_items = 0, passes = 0,
            max_passes = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Totals> totals_;
};

}  // namespace fot
