// Tasks that share work between items (one draw's demonstration prefix) get them in batches: only
// consecutive pending items of one group with one batch_key, at most batch_limit() of them. The
// records are those of running each item alone, in the same order, with one worker or two; the run
// reports the tokens through the model against a recompute-everything run, and a memory
// configuration the task set replaces the model's in the records.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "harness/config/run_config.h"
#include "harness/runner/runner.h"
#include "harness/runner/run_manifest.h"
#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

struct BatchLog {
  std::mutex mutex;
  std::vector<std::vector<std::string>> batches;  // the points of each run_batch call
};

class PrefixTask final : public Task {
 public:
  PrefixTask(bool batched, BatchLog* log) : batched_(batched), log_(log) {}
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
  int64_t batch_limit() const override { return 3; }
  SampleOutcome run(TextModel& model, const WorkItem& item, const SampleOptions&) const override {
    // The prefix is read with every item when run alone.
    return outcome(model, item, item.int_axis("budget") + 2);
  }
  std::vector<SampleOutcome> run_batch(TextModel& model, const std::vector<WorkItem>& items,
                                       const SampleOptions&) const override {
    {
      std::lock_guard<std::mutex> lock(log_->mutex);
      std::vector<std::string> points;
      for (const auto& item : items) points.push_back(item.point());
      log_->batches.push_back(points);
    }
    std::vector<SampleOutcome> out;
    for (size_t i = 0; i < items.size(); ++i)  // the prefix counted once, with the batch's first item
      out.push_back(outcome(model, items[i], i == 0 ? items[i].int_axis("budget") + 2 : 2));
    return out;
  }

 private:
  SampleOutcome outcome(TextModel& model, const WorkItem& item, int64_t model_tokens) const {
    SampleOutcome out;
    const TokenIds context = model.codec->encode("item " + std::to_string(item.seed));
    const double logprob = model.model->loglikelihood(context, model.codec->encode("7")).logprob;
    out.metrics = {{"acc", std::fmod(std::fabs(logprob) * 3.7, 1.0) > 0.5 ? 1.0 : 0.0}};
    out.context_tokens = item.int_axis("budget");
    out.prompt_ids = context;
    out.details = {{"logprob", logprob}};
    out.model_tokens = model_tokens;
    out.recompute_tokens = item.int_axis("budget") + 2;
    out.memory_config = "lcl=" + std::to_string(item.int_axis("budget") - 1);
    return out;
  }
  bool batched_;
  BatchLog* log_;
};

RunConfig config_with(const test::TempDir& dir, std::unique_ptr<Task> task) {
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: alpha, backend: mock}\n"
                   "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [10], trials: 1}\n");
  RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
  config.tasks[0].task = std::move(task);
  return config;
}

std::string run_into(const test::TempDir& dir, const std::string& name, bool batched, int workers, BatchLog& log) {
  RunConfig config = config_with(dir, std::make_unique<PrefixTask>(batched, &log));
  RunOptions options;
  options.output = dir / name;
  options.workers = workers;
  run_evaluation(config, options);
  return dir / name;
}

TEST(BatchRun, BatchesHoldOnlyConsecutiveItemsOfOnePointUpToTheLimitAndRecordsEqualRunningAlone) {
  test::TempDir dir;
  BatchLog alone_log, batched_log, two_workers_log;
  const std::string alone = run_into(dir, "alone", false, 1, alone_log);
  const std::string batched = run_into(dir, "batched", true, 1, batched_log);
  const std::string two = run_into(dir, "two", true, 2, two_workers_log);
  EXPECT_TRUE(alone_log.batches.empty());
  // 4 points x 7 items in batches of at most 3: 3 + 3 + 1 per point.
  ASSERT_EQ(batched_log.batches.size(), 8u);
  for (const auto& points : batched_log.batches) {
    EXPECT_LE(points.size(), 3u);
    for (const auto& point : points) EXPECT_EQ(point, points.front());
  }
  const auto alone_lines = test::read_lines(alone + "/samples.jsonl");
  ASSERT_EQ(alone_lines.size(), 28u);
  for (const std::string& other : {batched, two}) {
    const auto lines = test::read_lines(other + "/samples.jsonl");
    ASSERT_EQ(lines.size(), alone_lines.size());
    for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], alone_lines[i]);
    EXPECT_EQ(test::read_text(other + "/results.csv"), test::read_text(alone + "/results.csv"));
  }
  // The task's memory configuration is what the records and rows say.
  EXPECT_EQ(json::parse(alone_lines.front()).at("memory_config"), "lcl=7");
  EXPECT_NE(test::read_text(alone + "/results.csv").find(",lcl=15,"), std::string::npos);
}

TEST(BatchRun, TheRunRecordsTokensThroughTheModelAgainstRecomputingEverything) {
  test::TempDir dir;
  BatchLog log;
  const std::string out = run_into(dir, "batched", true, 1, log);
  const json cost = read_run_manifest(out + "/run.json").metadata.at("cost");
  ASSERT_EQ(cost.size(), 1u);
  // Per point: 3 batches, each reads the prefix (budget + 2) once and 2 tokens per other item.
  int64_t through = 0, recompute = 0;
  for (int64_t budget : {8, 16})
    for (int draw = 0; draw < 2; ++draw) {
      through += 3 * (budget + 2) + 4 * 2;
      recompute += 7 * (budget + 2);
    }
  EXPECT_EQ(cost[0].at("model"), "alpha");
  EXPECT_EQ(cost[0].at("items"), 28);
  EXPECT_EQ(cost[0].at("model_tokens"), through);
  EXPECT_EQ(cost[0].at("recompute_tokens"), recompute);
  EXPECT_FALSE(cost[0].contains("context_passes"));
}

}  // namespace
}  // namespace fot
