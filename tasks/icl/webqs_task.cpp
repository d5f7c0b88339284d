// The webqs task: each test item one greedy generation after its prompt (docs/few-shot-protocol.md section 7), the
// answer cut at the first newline or EOS, SQuAD exact match against any gold answer.
#include "tasks/icl/answer_generation.h"
#include "tasks/icl/few_shot_task.h"
#include "tasks/icl/few_shot_text.h"
#include "tasks/icl/icl_task.h"
#include "tasks/common/python/squad.h"
#include "tasks/icl/webqs_data.h"
#include "tasks/icl/webqs_few_shot.h"

namespace fot::icl {
namespace {

using nlohmann::json;

class WebqsTask final : public FewShotTask {
 public:
  using FewShotTask::FewShotTask;

  std::string name() const override { return "webqs"; }
  std::string variant() const override { return "greedy"; }
  std::vector<Metric> metrics() const override { return {{"exact_match", MetricKind::kBinary, true}}; }

  void finish(const ModelView& model, const WorkItem& item, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const TokenIds& generated = responses.at(0).generated;
    const TokenIds answer = webqs_answer_tokens(generated, encoded(*model.codec).newline, model.codec->eos_id());
    const std::string prediction = model.codec->decode(answer);
    texts();
    const auto& golds = gold_.at(static_cast<size_t>(item.trial));
    const bool correct = python::squad_exact_match(prediction, golds);
    json& d = prepared.outcome.details;
    d["gold"] = golds;
    d["prediction"] = prediction;
    d["prediction_ids"] = std::vector<int32_t>(generated.begin(), generated.end());
    d["correct"] = correct;
    prepared.outcome.metrics["exact_match"] = correct ? 1.0 : 0.0;
  }

 protected:
  json identity() const override { return {{"task", name()}}; }
  int64_t generation_reserve() const override { return kWebqsAnswerReserve; }

  FewShotTexts load_texts() const override {
    const WebqsSplits splits = load_webqs(settings().data_dir);
    FewShotTexts out;
    for (const auto& q : splits.train) out.demonstrations.push_back(webqs_demonstration(q.utterance, q.answers.back()));
    for (const auto& q : splits.test) {
      out.test_prompts.push_back(webqs_test_prompt(q.utterance));
      gold_.push_back(q.answers);
    }
    return out;
  }

  void ask(const EncodedFewShot& encoded, const TextCodec& codec, Request& request) const override {
    request.generate = true;
    request.generation = webqs_generation(encoded.newline, codec.eos_id());
  }

 private:
  mutable std::vector<std::vector<std::string>> gold_;  // per test item, set with the texts
};

}  // namespace

const ConfigSection& webqs_section() {
  static const ConfigSection section = [] {
    ConfigSection out{"tasks[] (webqs)",
                      "WebQuestions, few-shot (docs/few-shot.md): as many demonstrations of one draw as the budget "
                      "holds, greedy answer up to a newline or 30 tokens, SQuAD exact match against any gold answer.",
                      {{"name", "`webqs`", "required", "the task"}}};
    for (auto& key : few_shot_keys()) out.keys.push_back(key);
    return out;
  }();
  return section;
}

std::unique_ptr<Task> parse_webqs_task(const ConfigNode& entry, uint64_t /*run_seed*/) {
  check_keys(entry, webqs_section());
  return std::make_unique<WebqsTask>(parse_few_shot_settings(entry));
}

}  // namespace fot::icl
