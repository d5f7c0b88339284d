// TREC label scores on a real model: stories260K through the llama backend, with prompts laid out
// by tasks/icl at a budget that fits its 512-token window. The ids the test scores are logged to a
// file and scored again by an independent float64 numpy forward
// (tests/scripts/llama2c_label_scores.py); mean log-probs agree within 1e-4.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "icl_test_files.h"
#include "tests/stories260k_text_model.h"
#include "tasks/icl/draw_order.h"
#include "tasks/icl/label_scoring.h"
#include "tasks/icl/trec_few_shot.h"

namespace fot::icl {
namespace {

constexpr int64_t kBudget = 512;  // stories260K's window

struct ScoredItem {
  TokenIds prompt;                // context + test prompt
  std::vector<TokenIds> candidates;
  std::vector<double> scores;     // C++ mean log-prob per label token
};

std::vector<ScoredItem> score_items(LanguageModel& model, const TextCodec& codec, const TrecSplits& splits,
                                    TrecVariant variant, const std::vector<size_t>& items) {
  const EncodedFewShot encoded = encode_trec(codec, splits, variant);
  const DrawContext draw = draw_context(encoded, draw_permutation(splits.train.size(), 1), kBudget);
  EXPECT_GE(draw.demonstration_rows.size(), 2u) << "the 512-token budget should hold a few demonstrations";
  std::vector<ScoredItem> scored;
  for (size_t item : items) {
    ScoredItem s;
    s.prompt = draw.context;
    s.prompt.insert(s.prompt.end(), encoded.test_prompts[item].begin(), encoded.test_prompts[item].end());
    s.candidates = encoded.candidates;
    // The prompt is read once and every label scored from that state, as a task does.
    const auto state = model.encode_prefix(s.prompt);
    for (const auto& candidate : s.candidates) {
      EXPECT_LE(s.prompt.size() + candidate.size(), static_cast<size_t>(kBudget));
      s.scores.push_back(mean_token_logprob(model.loglikelihood(*state, candidate).logprob, candidate.size()));
    }
    scored.push_back(std::move(s));
  }
  return scored;
}

TEST(Stories260KScores, TrecLabelScoresEqualAnIndependentNumpyForward) {
  const TextModel text_model = test::stories260k_text_model();
  ASSERT_EQ(text_model.model->info().context_limit, kBudget);

  const auto splits = load_trec(test::shared_data_dir());
  auto scored = score_items(*text_model.model, *text_model.codec, splits, TrecVariant::kFine, {0, 1, 250});
  for (auto& s : score_items(*text_model.model, *text_model.codec, splits, TrecVariant::kCoarse, {3, 499}))
    scored.push_back(std::move(s));

  // Scoring from the read prompt equals scoring the whole sequence in one call.
  const ScoredItem& last = scored.back();
  for (size_t label = 0; label < last.candidates.size(); ++label) {
    const auto whole = text_model.model->loglikelihood(last.prompt, last.candidates[label]);
    EXPECT_NEAR(mean_token_logprob(whole.logprob, last.candidates[label].size()), last.scores[label], 1e-5);
  }

  test::ScratchDir dir;
  nlohmann::json input;
  for (const auto& s : scored) input["items"].push_back({{"context", s.prompt}, {"candidates", s.candidates}});
  std::ofstream(dir.file("ids.json")) << input.dump();
  const std::string command = "/usr/bin/python3 '" + std::string(FOT_SOURCE_DIR) +
                              "/tests/scripts/llama2c_label_scores.py' --checkpoint '" + test::shared_file("stories260K/stories260K.bin") +
                              "' --input '" + dir.file("ids.json") + "' --output '" + dir.file("scores.json") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto reference = nlohmann::json::parse(std::ifstream(dir.file("scores.json")))["items"];
  ASSERT_EQ(reference.size(), scored.size());

  double max_diff = 0.0;
  for (size_t i = 0; i < scored.size(); ++i) {
    const auto expected = reference[i]["scores"].get<std::vector<double>>();
    ASSERT_EQ(expected.size(), scored[i].scores.size());
    for (size_t label = 0; label < expected.size(); ++label) {
      EXPECT_NEAR(scored[i].scores[label], expected[label], 1e-4) << "item " << i << " label " << label;
      max_diff = std::max(max_diff, std::abs(scored[i].scores[label] - expected[label]));
    }
    EXPECT_EQ(best_label(scored[i].scores), best_label(expected)) << "item " << i;
  }
  std::cout << "stories260K label scores: " << scored.size() << " items, max |C++ - numpy| = " << max_diff << "\n";
}

}  // namespace
}  // namespace fot::icl
