// Requests that share a context (one draw's demonstration prefix) are run by the executor from one
// cached state: the records are those of reading each item's whole context alone, in the same
// order, with one worker or two; the run reports the tokens through the model (the prefix once per
// point, whatever the number of workers) against a recompute-everything run.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "harness/config/run_config.h"
#include "harness/runner/runner.h"
#include "harness/storage/run_manifest.h"
#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

class PrefixTask final : public Task {
 public:
  explicit PrefixTask(bool batched) : batched_(batched) {}
  std::string name() const override { return "prefixtest"; }
  std::string variant() const override { return ""; }
  std::vector<Axis> axes() const override { return {{"budget", AxisRole::kLength}, {"draw", AxisRole::kDraw}}; }
  std::vector<Metric> metrics() const override { return {{"acc", MetricKind::kBinary}}; }
  json canonical() const override { return {{"task", "prefixtest"}}; }
  json sample_settings() const override { return canonical(); }
  int64_t tokens(const WorkItem& item) const override { return item.int_axis("budget"); }
  std::vector<WorkItem> plan(int64_t) const override {
    std::vector<WorkItem> out;
    for (int64_t budget : {8, 16})
      for (int64_t draw = 1; draw <= 2; ++draw)
        for (int64_t i = 0; i < 7; ++i) {
          WorkItem item;
          item.axes = {{"budget", budget}, {"draw", draw}};
          item.trial = i;
          item.seed = static_cast<uint64_t>(budget * 100 + draw * 10 + i);
          out.push_back(item);
        }
    return out;
  }
  std::string batch_key(const WorkItem& item) const override { return batched_ ? item.point() : std::string(); }
  // A prefix of `budget` tokens that depends on the point, then 2 tokens of the item, then one label.
  PreparedItem prepare(const ModelView&, const WorkItem& item, const SampleOptions&) const override {
    const TokenIds prefix(static_cast<size_t>(item.int_axis("budget")), static_cast<int32_t>(3 + item.int_axis("draw")));
    const TokenIds own = {static_cast<int32_t>(10 + item.seed % 80), 9};
    Request request;
    if (batched_) {
      request.shared = prefix;
      request.shared_key = item.point();
      request.context = own;
    } else {
      request.context = prefix;
      request.context.insert(request.context.end(), own.begin(), own.end());
    }
    request.continuations = {{7}};
    PreparedItem out;
    out.requests.push_back(request);
    out.outcome.context_tokens = item.int_axis("budget");
    out.outcome.prompt_ids = prefix;
    out.outcome.prompt_ids.insert(out.outcome.prompt_ids.end(), own.begin(), own.end());
    return out;
  }
  void finish(const ModelView&, const WorkItem&, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const double logprob = responses.at(0).scores.at(0).summary().logprob;
    prepared.outcome.metrics = {{"acc", std::fmod(std::fabs(logprob) * 3.7, 1.0) > 0.5 ? 1.0 : 0.0}};
    prepared.outcome.details = {{"logprob", logprob}};
  }

 private:
  bool batched_;
};

RunConfig config_with(const test::TempDir& dir, std::unique_ptr<Task> task) {
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: alpha, backend: mock}\n"
                   "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [10], trials: 1}\n");
  RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
  config.tasks[0].task = std::move(task);
  return config;
}

std::string run_into(const test::TempDir& dir, const std::string& name, bool batched, int workers) {
  RunConfig config = config_with(dir, std::make_unique<PrefixTask>(batched));
  RunOptions options;
  options.output = dir / name;
  options.workers = workers;
  run_evaluation(config, options);
  return dir / name;
}

TEST(BatchRun, SharedContextsGiveTheRecordsOfReadingEachItemAloneWithOneWorkerOrTwo) {
  test::TempDir dir;
  const std::string alone = run_into(dir, "alone", false, 1);
  const std::string batched = run_into(dir, "batched", true, 1);
  const std::string two = run_into(dir, "two", true, 2);
  const auto alone_lines = test::read_lines(alone + "/samples.jsonl");
  ASSERT_EQ(alone_lines.size(), 28u);
  for (const std::string& other : {batched, two}) {
    const auto lines = test::read_lines(other + "/samples.jsonl");
    ASSERT_EQ(lines.size(), alone_lines.size());
    for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], alone_lines[i]);
    EXPECT_EQ(test::read_text(other + "/results.csv"), test::read_text(alone + "/results.csv"));
  }
}

TEST(BatchRun, TheExecutorCountsTokensThroughTheModelAgainstRecomputingEverything) {
  test::TempDir dir;
  for (int workers : {1, 2}) {
    const std::string out = run_into(dir, "batched" + std::to_string(workers), true, workers);
    const json cost = read_run_manifest(out + "/run.json").metadata.at("cost");
    ASSERT_EQ(cost.size(), 1u);
    // Per point: the prefix (budget tokens) read once whatever the number of workers, then each
    // of 7 items' 2 tokens and its label.
    int64_t through = 0, recompute = 0;
    for (int64_t budget : {8, 16})
      for (int draw = 0; draw < 2; ++draw) {
        through += budget + 7 * 3;
        recompute += 7 * (budget + 3);
      }
    EXPECT_EQ(cost[0].at("model"), "alpha");
    EXPECT_EQ(cost[0].at("items"), 28);
    EXPECT_EQ(cost[0].at("model_tokens"), through) << workers;
    EXPECT_EQ(cost[0].at("recompute_tokens"), recompute);
    EXPECT_FALSE(cost[0].contains("context_passes"));  // no item read a context from scratch
  }
  // Alone, every item reads its whole context: one pass each.
  const std::string alone = run_into(dir, "alone", false, 1);
  const json cost = read_run_manifest(alone + "/run.json").metadata.at("cost");
  EXPECT_EQ(cost[0].at("model_tokens"), cost[0].at("recompute_tokens"));
  EXPECT_EQ(cost[0].at("context_passes"), 28);
  EXPECT_EQ(cost[0].at("max_context_passes"), 1);
}

}  // namespace
}  // namespace fot
