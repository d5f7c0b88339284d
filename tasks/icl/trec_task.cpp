// The trec task: each test item one request whose continuations are the labels (docs/few-shot-protocol.md section 6):
// a label's score is its mean token log-probability, the prediction the best label.
#include <fmt/format.h>

#include "common/input_error.h"
#include "tasks/icl/few_shot_task.h"
#include "tasks/icl/few_shot_text.h"
#include "tasks/icl/icl_task.h"
#include "tasks/icl/label_scoring.h"
#include "tasks/icl/trec_data.h"
#include "tasks/icl/trec_few_shot.h"
#include "tasks/icl/trec_labels.h"

namespace fot::icl {
namespace {

using nlohmann::json;

class TrecTask final : public FewShotTask {
 public:
  TrecTask(FewShotSettings settings, TrecVariant variant) : FewShotTask(std::move(settings)), variant_(variant) {}

  std::string name() const override { return "trec"; }
  std::string variant() const override { return to_string(variant_); }
  std::vector<Metric> metrics() const override { return {{"accuracy", MetricKind::kBinary, true}}; }

  void finish(const ModelView& model, const WorkItem& item, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const auto& labels = trec_labels(variant_);
    const auto& candidates = encoded(*model.codec).candidates;
    const std::vector<TokenScores>& scores = responses.at(0).scores;
    std::vector<double> label_scores;
    for (size_t label = 0; label < candidates.size(); ++label)
      label_scores.push_back(mean_token_logprob(scores.at(label).summary().logprob, candidates[label].size()));
    const size_t predicted = best_label(label_scores);
    texts();
    const int gold = gold_.at(static_cast<size_t>(item.trial));
    SampleOutcome& out = prepared.outcome;
    json& d = out.details;
    d["gold"] = labels[static_cast<size_t>(gold)].name;
    d["prediction"] = labels[predicted].name;
    d["label_scores"] = label_scores;
    d["correct"] = static_cast<int>(predicted) == gold;
    if (d.contains("prompt_ids")) {
      json ids = json::array();
      for (const auto& c : candidates) ids.push_back(std::vector<int32_t>(c.begin(), c.end()));
      d["candidate_ids"] = ids;
    }
    out.metrics["accuracy"] = static_cast<int>(predicted) == gold ? 1.0 : 0.0;
  }

 protected:
  json identity() const override { return {{"task", name()}, {"variant", variant()}}; }

  FewShotTexts load_texts() const override {
    const TrecSplits splits = load_trec(settings().data_dir);
    const auto& labels = trec_labels(variant_);
    const auto train_gold = trec_gold_labels(splits.train, variant_);
    FewShotTexts out;
    for (size_t i = 0; i < splits.train.size(); ++i)
      out.demonstrations.push_back(trec_demonstration(splits.train[i].text, labels[train_gold[i]].verbalizer));
    for (const auto& q : splits.test) out.test_prompts.push_back(trec_test_prompt(q.text));
    for (const auto& label : labels) out.candidates.push_back(label.verbalizer);
    gold_ = trec_gold_labels(splits.test, variant_);
    return out;
  }

  void ask(const EncodedFewShot& encoded, const TextCodec&, Request& request) const override {
    request.continuations = encoded.candidates;
  }

 private:
  TrecVariant variant_;
  mutable std::vector<int> gold_;  // per test item, set with the texts
};

}  // namespace

const ConfigSection& trec_section() {
  static const ConfigSection section = [] {
    ConfigSection out{"tasks[] (trec)",
                      "TREC question classification, few-shot (docs/few-shot.md): as many demonstrations of one draw "
                      "as the budget holds, each label scored by its mean token log-probability; metric accuracy.",
                      {{"name", "`trec`", "required", "the task"},
                       {"variant", "`fine` \\| `coarse`", "fine", "50 fine labels (PCW's verbalizers) or Hao et al.'s 6 coarse ones"}}};
    for (auto& key : few_shot_keys()) out.keys.push_back(key);
    return out;
  }();
  return section;
}

std::unique_ptr<Task> parse_trec_task(const ConfigNode& entry, uint64_t /*run_seed*/) {
  check_keys(entry, trec_section());
  FewShotSettings s = parse_few_shot_settings(entry);
  TrecVariant variant = TrecVariant::kFine;
  if (entry.has("variant")) {
    const ConfigNode node = entry.at("variant");
    try {
      variant = parse_trec_variant(node.as_string());
    } catch (const InputError& error) {
      node.fail(error.what());
    }
  }
  return std::make_unique<TrecTask>(std::move(s), variant);
}

}  // namespace fot::icl
