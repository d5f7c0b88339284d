// The one place where requests meet a model (tasks/request.h): a task describes each item's
// requests, the executor runs them and measures what they cost at the model boundary. It owns
//   - the prefix-state cache: one state per model, variant and shared context, computed once
//     whatever the number of workers (prefix_state_cache.h);
//   - grouping: requests that share a context are read after one state, batched as token trees in
//     passes of at most kTreeTokens tokens; equal contexts read from scratch are read once;
//   - model variants (a request's last_context_length) and the one-forward-call rule of
//     loglikelihood requests on memory models;
//   - token accounting: tokens through the model, tokens a recompute-everything run would need,
//     context passes.
// Several threads may call run() at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "harness/execution/prefix_state_cache.h"
#include "models/language_model.h"
#include "models/text_codec.h"
#include "tasks/task.h"

namespace fot {

class Executor {
 public:
  // Items of one shared context handed to run() at once: large enough to batch, small enough that
  // records flow.
  static constexpr int64_t kItemsPerBatch = 32;
  // Tokens of one batched scoring pass: a pass holds all its items' tokens as one tree whose
  // attention grows with the square of its size (50 fine TREC labels are 175 tokens with the
  // OpenLLaMA tokenizer, 650 with the tiny models').
  static constexpr int64_t kTreeTokens = 2048;

  Executor(std::shared_ptr<LanguageModel> model, ModelView view, size_t cached_states = 2);
  // The view from the loaded model's info.
  explicit Executor(const TextModel& model, size_t cached_states = 2);

  const ModelView& view() const { return view_; }

  // One outcome per item, in order, with token accounting and memory configuration filled in.
  std::vector<SampleOutcome> run(const Task& task, const std::vector<WorkItem>& items, const SampleOptions& options);
  SampleOutcome run(const Task& task, const WorkItem& item, const SampleOptions& options);

  // Items that read a shared context's state, and those of them that left the batched path
  // (a backend scores such an item alone, e.g. one that would flush a memory model's local cache).
  struct PathCounts {
    int64_t shared_items = 0;
    int64_t unbatched_items = 0;
  };
  PathCounts path_counts() const { return {shared_items_.load(), unbatched_items_.load()}; }

  // The model under a request's last_context_length (0: the model itself; a model without memory
  // is its own variant).
  std::shared_ptr<LanguageModel> variant(int64_t last_context_length);

 private:
  struct Cost;
  void run_shared(const std::vector<PreparedItem>& prepared, std::vector<std::vector<Response>>& responses,
                  std::vector<Cost>& costs);
  void run_alone(const PreparedItem& prepared, std::vector<Response>& responses, Cost& cost);

  std::shared_ptr<LanguageModel> model_;
  ModelView view_;
  PrefixStateCache states_;
  std::mutex variants_mutex_;
  std::map<int64_t, std::shared_ptr<LanguageModel>> variants_;
  std::atomic<int64_t> shared_items_{0}, unbatched_items_{0};
};

}  // namespace fot
