// Scoring parity on a real model: stories260K through the llama backend and our request building,
// tokenization and metrics, against tests/scripts/zeroshot_stories260k.py (NumPy forward, requests
// built the lm-eval way in Python) for the first 25 evaluator-ordered items of ARC-Easy, PIQA, BoolQ
// and OpenBookQA, in both tokenization modes (and v0.3 with BOS). The 512-token window is exercised:
// several BoolQ passages are longer.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

#include "tests/stories260k_text_model.h"
#include "tasks/zeroshot/evaluation_order.h"
#include "tasks/zeroshot/request_tokens.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

constexpr double kTolerance = 1e-4;

TEST(Stories260KScoring, LoglikelihoodsAndAccuracyMatchPython) {
  const std::string data = test::shared_data();
  const auto model = fot::test::stories260k_text_model();
  const int64_t window = model.model->info().context_limit;
  const auto golden = test::golden("zeroshot_stories260k.json");
  ASSERT_EQ(window, golden["window"].get<int64_t>());
  const long limit = golden["limit"];

  double worst = 0.0;
  size_t requests = 0, truncated = 0, context_passes = 0;
  for (const auto& run : golden["runs"]) {
    const auto& task = find_zeroshot_task(run["task"]);
    const auto mode = parse_tokenization_mode(run["mode"]);
    const bool bos = run["bos"];
    const auto docs = load_task_docs(task, data);
    const auto order = evaluation_order(docs.size(), limit);
    ASSERT_EQ(order.size(), run["items"].size());
    for (size_t k = 0; k < order.size(); ++k) {
      const auto& expected = run["items"][k];
      const Doc& doc = docs[order[k]];
      const std::string where = run["task"].get<std::string>() + " " + to_string(mode) + (bos ? "+bos" : "") +
                                " doc " + std::to_string(doc.doc_index);
      ASSERT_EQ(doc.doc_index, expected["doc_index"].get<size_t>()) << where;
      EXPECT_EQ(doc.gold, expected["gold"].get<int>()) << where;
      const auto built = build_requests(task, doc);
      ASSERT_EQ(built.size(), expected["requests"].size()) << where;
      std::vector<double> lls;
      // Requests whose context tokens are equal share one context pass (all choices of an item,
      // unless the window cut their contexts differently).
      std::map<TokenIds, std::unique_ptr<PrefixState>> prefixes;
      for (size_t r = 0; r < built.size(); ++r) {
        EXPECT_EQ(built[r].context, expected["requests"][r][0].get<std::string>()) << where;
        EXPECT_EQ(built[r].continuation, expected["requests"][r][1].get<std::string>()) << where;
        const auto tokens = tokenize_request(*model.codec, built[r].context, built[r].continuation, mode, bos, window);
        ASSERT_EQ(tokens.context, expected["context_ids"][r].get<TokenIds>()) << where << " request " << r;
        ASSERT_EQ(tokens.continuation, expected["continuation_ids"][r].get<TokenIds>()) << where << " request " << r;
        truncated += static_cast<int64_t>(tokens.context.size() + tokens.continuation.size()) == window + 1;
        auto& prefix = prefixes[tokens.context];
        if (!prefix) prefix = model.model->encode_prefix(tokens.context), ++context_passes;
        lls.push_back(model.model->loglikelihood(*prefix, tokens.continuation).logprob);
        if (k == 0) {  // the shared pass scores exactly as a fresh loglikelihood(context_ids, continuation_ids)
          EXPECT_EQ(lls.back(), model.model->loglikelihood(tokens.context, tokens.continuation).logprob) << where;
        }
        const double diff = std::abs(lls.back() - expected["lls"][r].get<double>());
        worst = std::max(worst, diff);
        EXPECT_LE(diff, kTolerance) << where << " request " << r;
        ++requests;
      }
      const auto metrics = score_doc(task, doc, lls);
      for (const auto& [name, value] : metrics)
        EXPECT_EQ(value, expected[name].get<double>()) << where << " " << name;
    }
  }
  EXPECT_GT(truncated, 0u) << "no request reached the 512-token window";
  std::printf("stories260K scoring parity: %zu requests, %zu context passes, %zu at the window, max |ll diff| = %.3g\n",
              requests, context_passes, truncated, worst);
}

}  // namespace
}  // namespace fot::zeroshot
