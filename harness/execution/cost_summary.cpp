#include "harness/execution/cost_summary.h"

#include <fmt/format.h>

#include <algorithm>

namespace fot {

void CostSummary::add(const std::string& model, const std::string& task, const SampleOutcome& outcome,
                      int64_t estimated) {
  std::lock_guard<std::mutex> lock(mutex_);
  Totals& t = totals_[{model, task}];
  const int64_t tokens =
      outcome.model_tokens > 0 ? outcome.model_tokens : static_cast<int64_t>(outcome.prompt_ids.size());
  ++t.items;
  t.model_tokens += tokens;
  t.estimated_tokens += estimated;
  t.recompute_tokens += outcome.recompute_tokens > 0 ? outcome.recompute_tokens : tokens;
  if (outcome.context_passes > 0) {
    ++t.counted_items;
    t.passes += outcome.context_passes;
    t.max_passes = std::max(t.max_passes, outcome.context_passes);
  }
}

std::string CostSummary::lines() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [names, t] : totals_) {
    const double ratio = t.model_tokens > 0 ? static_cast<double>(t.recompute_tokens) / t.model_tokens : 1.0;
    const double estimate_ratio = t.model_tokens > 0 ? static_cast<double>(t.estimated_tokens) / t.model_tokens : 0.0;
    out += fmt::format("cost: {} {}: {} tokens through the model (estimated {}, {:.2f}x), {} to recompute everything "
                       "({:.1f}x), {} items",
                       names.first, names.second, t.model_tokens, t.estimated_tokens, estimate_ratio, t.recompute_tokens,
                       ratio, t.items);
    if (t.counted_items > 0)
      out += fmt::format(", context passes per item: mean {:.2f}, max {}",
                         static_cast<double>(t.passes) / t.counted_items, t.max_passes);
    out += "\n";
  }
  return out;
}

nlohmann::json CostSummary::to_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [names, t] : totals_) {
    nlohmann::json entry = {{"model", names.first},           {"task", names.second},
                            {"items", t.items},                {"model_tokens", t.model_tokens},
                            {"estimated_tokens", t.estimated_tokens},
                            {"recompute_tokens", t.recompute_tokens}};
    if (t.counted_items > 0) {
      entry["context_passes"] = t.passes;
      entry["max_context_passes"] = t.max_passes;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace fot
