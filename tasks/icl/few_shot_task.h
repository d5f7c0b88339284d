// What the trec and webqs tasks share (docs/few-shot-protocol.md and docs/few-shot.md): the sweep `budget` (the
// context budget in tokens; rows plot the samples' real prompt token counts) x `draw` (one
// demonstration order per draw, seeds 1..draws), trial = test item index; the settings of an entry;
// the budget rule; and the one request each test item makes. How the demonstrations reach the model
// (`mode`, recorded in every row; docs/few-shot.md "Modes"):
//   shared: [BOS] + demonstrations are a shared context, read once per model, variant, draw and
//           budget; the test prompt and its answer are read after that state (the reference's
//           later calls with past_key_values).
//   joint:  the whole prompt is the request's context, read from scratch: TREC scores each label as
//           one forward call on prompt + label (a loglikelihood request), WebQS decodes from the
//           prompt's state (the reference's generate).
// Memory models run under the task's last_context_length (default L - M, M the budget rule's
// reserve: the longest test prompt plus the longest answer), so that nothing the test item appends
// flushes the local cache. A plain model whose window is below a budget keeps the last
// demonstrations of that budget that fit its window (`beyond_window: keep_last`, recorded) or refuses
// the budget (`error`).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/config_keys.h"
#include "common/config_node.h"
#include "tasks/icl/few_shot_layout.h"
#include "tasks/task.h"

namespace fot::icl {

enum class Mode { kShared, kJoint };
enum class BeyondWindow { kKeepLast, kError };

struct FewShotSettings {
  std::vector<int64_t> budgets{2048, 4096, 6144, 8192};
  int draws = 20;
  std::string data_dir;       // resolved
  std::string data_dir_text;  // as written
  Mode mode = Mode::kShared;
  std::optional<int64_t> last_context_length;  // unset: L - M
  BeyondWindow beyond_window = BeyondWindow::kKeepLast;
  std::optional<int64_t> test_items;
};

// The texts that make prompts: per train row, per test item, per label (scoring tasks).
struct FewShotTexts {
  std::vector<std::string> demonstrations;
  std::vector<std::string> test_prompts;
  std::vector<std::string> candidates;
};

// The request of one test item before its question (labels or generation) is set: shared mode reads
// `prefix` ([BOS] + demonstrations) as a shared context under `shared_key`, then the test prompt;
// joint mode reads prefix + test prompt from scratch, each continuation as one forward call.
// lcl: the memory model's last_context_length (0 for plain models).
Request few_shot_request(Mode mode, const TokenIds& prefix, const TokenIds& test_prompt, int64_t lcl,
                         const std::string& shared_key);

// The keys every few-shot entry takes, and their parse.
std::vector<ConfigKey> few_shot_keys();
FewShotSettings parse_few_shot_settings(const ConfigNode& entry);

class FewShotTask : public Task {
 public:
  explicit FewShotTask(FewShotSettings settings) : s_(std::move(settings)) {}

  std::vector<Axis> axes() const override { return {{"budget", AxisRole::kLength}, {"draw", AxisRole::kDraw}}; }
  nlohmann::json sample_settings() const override;
  nlohmann::json canonical() const override;
  std::vector<WorkItem> plan(int64_t limit) const override;
  // The tokens a sample puts through the model, shared prefixes counted once (see the .cpp).
  int64_t tokens(const WorkItem& item) const override;
  // The budget: in both modes the model holds [BOS] + demonstrations + test prompt + answer at once,
  // which the budget rule keeps within it (tasks/icl/demonstration_budget.h).
  int64_t peak_tokens(const WorkItem& item) const override { return item.int_axis("budget"); }
  void check(const ModelView& model) const override;
  std::string batch_key(const WorkItem& item) const override;
  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions& options) const override;

 protected:
  // The entry's own identity fields ({"task": ..., "variant": ...}), first in sample_settings.
  virtual nlohmann::json identity() const = 0;
  virtual FewShotTexts load_texts() const = 0;
  virtual int64_t generation_reserve() const { return 0; }  // the budget rule's answer room of a generation
  // Turns the request (context set) into its question: label continuations or a generation.
  virtual void ask(const EncodedFewShot& encoded, const TextCodec& codec, Request& request) const = 0;

  const FewShotSettings& settings() const { return s_; }
  const EncodedFewShot& encoded(const TextCodec& codec) const { return *encoded_ptr(codec); }
  // The lcl a memory model runs under: the entry's, or L - M.
  int64_t last_context_length(const EncodedFewShot& encoded, const ModelInfo& info) const;

  // Loaded on first use; a subclass's load_texts() may keep its gold answers too.
  const FewShotTexts& texts() const;

 private:
  std::shared_ptr<const EncodedFewShot> encoded_ptr(const TextCodec& codec) const;

  FewShotSettings s_;
  mutable std::once_flag texts_once_;
  mutable FewShotTexts texts_;
  mutable std::mutex encoded_mutex_;
  mutable std::map<std::string, std::shared_ptr<const EncodedFewShot>> encoded_;  // per tokenizer
  mutable std::atomic<int64_t> items_per_point_{1};  // test items per budget and draw, as last planned
};

const char* to_string(Mode mode);

}  // namespace fot::icl
