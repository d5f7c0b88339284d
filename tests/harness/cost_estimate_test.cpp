// Each task's token estimate (Task::tokens, what ETAs and the shard split use) matches what its
// samples put through the model, shared prefixes counted once: for a config mixing passkey,
// few-shot (TREC, shared mode) and zero-shot (ARC-Easy) on stories260K, every task's estimate is
// within 1.5x of the measured tokens, and the run prints both at the end. Needs ../shared/data
// (stories260K, TREC, ARC).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

TEST(CostEstimate, EachTaskOfAMixedConfigIsEstimatedWithinOneAndAHalfTimesOfItsMeasuredTokens) {
  const std::string data = test::shared_data();
  test::TempDir dir;
  test::write_text(dir / "c.yaml",
                   "seed: 0\nmodels:\n" + test::stories260k_model_entry() +
                       "tasks:\n"
                       "  - {name: passkey, variant: tokens, context_lengths: [256, 512], depths: [0, 1], trials: 2}\n"
                       "  - {name: trec, variant: fine, context_budgets: [256, 512], draws: 2, test_items: 12, data_dir: '" +
                       data + "'}\n" + "  - {name: arc_easy, data_dir: '" + data + "', limit: 12}\n");
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json cost = json::parse(test::read_text(dir / "out/results.json"))["metadata"]["cost"];
  ASSERT_EQ(cost.size(), 3u) << cost.dump();
  for (const auto& entry : cost) {
    const double measured = entry["model_tokens"].get<double>(), estimated = entry["estimated_tokens"].get<double>();
    std::cout << entry["task"] << ": estimated " << estimated << ", measured " << measured << " ("
              << estimated / measured << "x)\n";
    EXPECT_LE(estimated, 1.5 * measured) << entry.dump();
    EXPECT_GE(estimated, measured / 1.5) << entry.dump();
    // The end-of-run line shows both.
    const std::string line = "cost: stories260K " + entry["task"].get<std::string>() + ": " +
                             std::to_string(entry["model_tokens"].get<int64_t>()) + " tokens through the model (estimated " +
                             std::to_string(entry["estimated_tokens"].get<int64_t>()) + ", ";
    EXPECT_NE(r.err.find(line), std::string::npos) << line << "\n" << r.err;
  }
}

}  // namespace
}  // namespace fot
