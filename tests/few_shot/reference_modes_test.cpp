// The few-shot modes as the executor runs them, against the independent LongLLaMA reference
// (tests/scripts/few_shot_reference.py): on a random tiny LongLLaMA with the default
// last_context_length L - M,
//   shared: [BOS] + demonstrations read once, every test prompt + label after that state, equals
//           the reference's prefill then later call on test prompt + label (which flushed nothing),
//           with every item on the batched path;
//   joint:  equals the reference's single forward call on prefix + test prompt + label.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "harness/execution/executor.h"
#include "models/backends/longllama_backend.h"
#include "models/checkpoint/checkpoint.h"
#include "tasks/icl/few_shot_task.h"

namespace fot {
namespace {

using nlohmann::json;
const std::filesystem::path kGolden = std::filesystem::path(FOT_GOLDEN_DIR) / "few_shot";

json cases() {
  std::ifstream in(kGolden / "cases.json");
  if (!in) throw std::runtime_error("missing " + (kGolden / "cases.json").string() + " (fixture few_shot_golden)");
  return json::parse(in);
}

// One item per test prompt of the case, its request built as the few-shot tasks build theirs.
class CaseTask final : public Task {
 public:
  CaseTask(json c, icl::Mode mode) : c_(std::move(c)), mode_(mode) {}
  std::string name() const override { return "case"; }
  std::string variant() const override { return icl::to_string(mode_); }
  std::vector<Axis> axes() const override { return {}; }
  std::vector<Metric> metrics() const override { return {{"accuracy", MetricKind::kBinary}}; }
  json canonical() const override { return {}; }
  json sample_settings() const override { return {}; }
  int64_t tokens(const WorkItem&) const override { return 0; }
  std::vector<WorkItem> plan(int64_t) const override {
    std::vector<WorkItem> out(c_.at("test_prompts").size());
    for (size_t i = 0; i < out.size(); ++i) out[i].trial = static_cast<int64_t>(i);
    return out;
  }
  PreparedItem prepare(const ModelView&, const WorkItem& item, const SampleOptions&) const override {
    PreparedItem out;
    Request request = icl::few_shot_request(mode_, c_.at("prefix").get<TokenIds>(),
                                            c_.at("test_prompts").at(item.trial).get<TokenIds>(),
                                            c_.at("last_context_length").get<int64_t>(), "demonstrations");
    request.continuations = c_.at("labels").get<std::vector<TokenIds>>();
    out.requests.push_back(std::move(request));
    return out;
  }
  void finish(const ModelView&, const WorkItem&, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    std::vector<double> scores;
    for (const TokenScores& s : responses.at(0).scores)
      scores.push_back(s.summary().logprob / static_cast<double>(s.logprobs.size()));
    prepared.outcome.details["label_scores"] = scores;
  }

 private:
  json c_;
  icl::Mode mode_;
};

void expect_scores(const std::vector<SampleOutcome>& outcomes, const json& expected) {
  ASSERT_EQ(outcomes.size(), expected.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const auto ours = outcomes[i].details.at("label_scores").get<std::vector<double>>();
    const auto theirs = expected[i].get<std::vector<double>>();
    ASSERT_EQ(ours.size(), theirs.size());
    for (size_t l = 0; l < ours.size(); ++l) EXPECT_NEAR(ours[l], theirs[l], 1e-4) << "test prompt " << i << " label " << l;
  }
}

std::shared_ptr<LanguageModel> tiny_longllama() {
  auto checkpoint = load_checkpoint((kGolden / "model").string());
  validate_llama_tensors(checkpoint);
  return std::make_shared<LongLlamaBackend>(checkpoint, LongLlamaOptions{});
}

TEST(FewShotModes, SharedAtTheDefaultSplitEqualsTheReferencesLaterCallsOnTheBatchedPath) {
  const json c = cases();
  ASSERT_EQ(c.at("shared_flushes"), 0);  // the reference's later calls flushed nothing
  ASSERT_EQ(c.at("last_context_length"), c.at("window").get<int64_t>() - c.at("reserve").get<int64_t>());
  auto model = tiny_longllama();
  Executor executor(model, ModelView{"tiny", model->info(), nullptr});
  const CaseTask task(c, icl::Mode::kShared);
  const auto outcomes = executor.run(task, task.plan(0), {});
  expect_scores(outcomes, c.at("shared_scores"));
  EXPECT_EQ(executor.path_counts().shared_items, 4);
  EXPECT_EQ(executor.path_counts().unbatched_items, 0);
  // The demonstrations are read once; each item then reads its prompt and labels.
  int64_t through = 0;
  for (const auto& o : outcomes) through += o.model_tokens;
  int64_t labels = 0;
  for (const auto& label : c.at("labels")) labels += static_cast<int64_t>(label.size());
  int64_t prompts = 0;
  for (const auto& prompt : c.at("test_prompts")) prompts += static_cast<int64_t>(prompt.size());
  EXPECT_EQ(through, static_cast<int64_t>(c.at("prefix").size()) + prompts + 4 * labels);
  EXPECT_NE(outcomes.front().memory_config.find("lcl=" + std::to_string(c.at("last_context_length").get<int64_t>()) + ";"),
            std::string::npos)
      << outcomes.front().memory_config;
}

TEST(FewShotModes, JointEqualsTheReferencesSingleCallOnPromptAndLabel) {
  const json c = cases();
  auto model = tiny_longllama();
  Executor executor(model, ModelView{"tiny", model->info(), nullptr});
  const CaseTask task(c, icl::Mode::kJoint);
  expect_scores(executor.run(task, task.plan(0), {}), c.at("joint_scores"));
  EXPECT_EQ(executor.path_counts().shared_items, 0);
}

}  // namespace
}  // namespace fot
