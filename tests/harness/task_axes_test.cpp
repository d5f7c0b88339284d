// Tasks declare their axes and metrics; the runner and the aggregation follow them. Two test tasks
// run over the mock backend in-process: one with a length axis and a draw axis (pooled rows over
// draws with t-intervals, then one row per draw), one with no axis and a continuous metric (rows
// without a context length, a bar chart). Expected rows come from draw_rows_reference.py (scipy).
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "harness/config/run_config.h"
#include "harness/runner/runner.h"
#include "tasks/common/rng.h"
#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

// Scores from the mock model's log-likelihood of a seeded continuation, so values vary by sample.
PreparedItem mock_request(const ModelView& model, uint64_t seed) {
  SplitMix64 rng(seed);
  Request request;
  request.context = model.codec->encode("the key is " + std::to_string(rng.randint(0, 100)));
  request.continuations = {model.codec->encode(std::to_string(rng.randint(0, 100)))};
  PreparedItem out;
  out.requests.push_back(std::move(request));
  out.outcome.prompt_ids = {static_cast<int32_t>(seed)};
  return out;
}

double mock_score(const std::vector<Response>& responses, uint64_t seed) {
  SplitMix64 rng(seed);
  rng.randint(0, 100);
  rng.randint(0, 100);
  const double logprob = responses.at(0).scores.at(0).summary().logprob;
  return std::fmod(std::fabs(logprob) * 7.31 + static_cast<double>(rng.randint(0, 1000)) / 1000.0, 1.0);
}

class DrawTask final : public Task {
 public:
  std::string name() const override { return "drawtest"; }
  std::string variant() const override { return "v"; }
  std::vector<Axis> axes() const override { return {{"budget", AxisRole::kLength}, {"draw", AxisRole::kDraw}}; }
  std::vector<Metric> metrics() const override {
    return {{"acc", MetricKind::kBinary}, {"f1", MetricKind::kContinuous}};
  }
  json canonical() const override { return {{"task", "drawtest"}}; }
  json sample_settings() const override { return canonical(); }
  int64_t tokens(const WorkItem& item) const override { return item.int_axis("budget"); }
  std::vector<WorkItem> plan(int64_t) const override {
    std::vector<WorkItem> out;
    for (int64_t budget : {64, 128})
      for (int64_t draw = 1; draw <= (budget == 64 ? 4 : 3); ++draw)
        for (int64_t i = 0; i < 6 + draw; ++i) {
          WorkItem item;
          item.axes = {{"budget", budget}, {"draw", draw}};
          item.trial = i;
          item.seed = static_cast<uint64_t>(budget * 1000 + draw * 100 + i);
          out.push_back(item);
        }
    return out;
  }
  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions&) const override {
    PreparedItem out = mock_request(model, item.seed);
    out.outcome.context_tokens = item.int_axis("budget");
    return out;
  }
  void finish(const ModelView&, const WorkItem& item, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    const double score = mock_score(responses, item.seed);
    prepared.outcome.metrics = {{"acc", score > 0.45 ? 1.0 : 0.0}, {"f1", score}};
  }
};

class ScoreTask final : public Task {
 public:
  std::string name() const override { return "scoretest"; }
  std::string variant() const override { return ""; }
  std::vector<Axis> axes() const override { return {}; }
  std::vector<Metric> metrics() const override { return {{"score", MetricKind::kContinuous}}; }
  json canonical() const override { return {{"task", "scoretest"}}; }
  json sample_settings() const override { return canonical(); }
  int64_t tokens(const WorkItem&) const override { return 10; }
  std::vector<WorkItem> plan(int64_t) const override {
    std::vector<WorkItem> out(7);
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].trial = static_cast<int64_t>(i);
      out[i].seed = 77 + i;
    }
    return out;
  }
  PreparedItem prepare(const ModelView& model, const WorkItem& item, const SampleOptions&) const override {
    return mock_request(model, item.seed);
  }
  void finish(const ModelView&, const WorkItem& item, PreparedItem& prepared,
              const std::vector<Response>& responses) const override {
    prepared.outcome.metrics = {{"score", 10.0 * mock_score(responses, item.seed) - 3.0}};
  }
};

// Loads a config of two mock models and puts the given task in place of its placeholder.
RunConfig config_with(const test::TempDir& dir, std::unique_ptr<Task> task) {
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: alpha, backend: mock}\n  - {name: beta, backend: mock, mock: {window: 4}}\n"
                   "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [10], trials: 1}\n");
  RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
  config.tasks[0].task = std::move(task);
  return config;
}

std::vector<std::map<std::string, std::string>> csv_records(const std::string& path) {
  const auto lines = test::read_lines(path);
  std::vector<std::string> header;
  std::stringstream in(lines.at(0));
  for (std::string cell; std::getline(in, cell, ',');) header.push_back(cell);
  std::vector<std::map<std::string, std::string>> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream row(lines[i]);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (lines[i].back() == ',') cells.push_back("");
    EXPECT_EQ(cells.size(), header.size()) << lines[i];
    std::map<std::string, std::string> record;
    for (size_t c = 0; c < header.size() && c < cells.size(); ++c) record[header[c]] = cells[c];
    out.push_back(record);
  }
  return out;
}

json scipy_rows(const std::string& samples) {
  const std::string command = std::string("/usr/bin/python3 ") + FOT_SOURCE_DIR +
                              "/tests/harness/draw_rows_reference.py '" + samples + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string text;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + text);
  return json::parse(text);
}

void expect_rows_equal(const std::vector<std::map<std::string, std::string>>& csv, const json& expected) {
  ASSERT_EQ(csv.size(), expected.size());
  for (size_t i = 0; i < csv.size(); ++i) {
    const auto& got = csv[i];
    const json& want = expected[i];
    SCOPED_TRACE("row " + std::to_string(i) + ": " + want.dump());
    EXPECT_EQ(got.at("model"), want["model"].get<std::string>());
    EXPECT_EQ(got.at("context_tokens"), want["budget"].is_null() ? "" : std::to_string(want["budget"].get<int>()));
    EXPECT_EQ(got.at("draw"), want["draw"].is_null() ? "" : std::to_string(want["draw"].get<int>()));
    EXPECT_EQ(got.at("n_draws"), want["n_draws"].is_null() ? "" : std::to_string(want["n_draws"].get<int>()));
    EXPECT_EQ(got.at("metric"), want["metric"].get<std::string>());
    EXPECT_EQ(got.at("n"), std::to_string(want["n"].get<int>()));
    EXPECT_EQ(got.at("ci_method"), want["ci_method"].get<std::string>());
    EXPECT_EQ(got.at("depth"), "");
    for (const char* column : {"value", "stderr", "ci_low", "ci_high"}) {
      const json& w = want[column];
      if (w.is_null()) {
        EXPECT_EQ(got.at(column), "") << column;
      } else {
        EXPECT_NEAR(std::stod(got.at(column)), w.get<double>(), 1.5e-6) << column;
      }
    }
  }
}

TEST(TaskAxes, DrawAxisGivesPooledRowsWithTIntervalsOverDrawsThenOneRowPerDraw) {
  test::TempDir dir;
  RunConfig config = config_with(dir, std::make_unique<DrawTask>());
  RunOptions options;
  options.output = dir / "out";
  run_evaluation(config, options);
  const auto csv = csv_records(dir / "out/results.csv");
  // 2 models x (4 + 3 draws + 2 pooled points) x 2 metrics.
  EXPECT_EQ(csv.size(), 2u * (4 + 3 + 2) * 2);
  expect_rows_equal(csv, scipy_rows(dir / "out/samples.jsonl"));
  // Every sample carries its axes by name.
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const json sample = json::parse(line);
    EXPECT_TRUE(sample.contains("budget") && sample.contains("draw")) << line;
  }
  // The length plot shows the pooled rows of the main metric.
  EXPECT_TRUE(test::fs::exists(dir / "out/plots/accuracy_drawtest_v.dat"));
  const std::string md = test::read_text(dir / "out/results.md");
  EXPECT_NE(md.find("mean of 4"), std::string::npos) << md;
}

TEST(TaskAxes, NoLengthAxisAndAContinuousMetricGiveRowsMarkdownAndABarChart) {
  test::TempDir dir;
  RunConfig config = config_with(dir, std::make_unique<ScoreTask>());
  RunOptions options;
  options.output = dir / "out";
  run_evaluation(config, options);
  const auto csv = csv_records(dir / "out/results.csv");
  ASSERT_EQ(csv.size(), 2u);
  expect_rows_equal(csv, scipy_rows(dir / "out/samples.jsonl"));
  for (const auto& row : csv) EXPECT_EQ(row.at("context_tokens"), "");  // no averaged or made-up length
  const std::string md = test::read_text(dir / "out/results.md");
  EXPECT_EQ(md.find("context_tokens"), std::string::npos) << md;
  EXPECT_NE(md.find("| alpha | " + csv[0].at("memory_config") + " | scoretest |"), std::string::npos) << md;
  EXPECT_TRUE(test::fs::is_regular_file(dir / "out/plots/bars_main_metric.png"));
  EXPECT_TRUE(test::fs::is_regular_file(dir / "out/plots/bars_main_metric.svg"));
  const std::string data = test::read_text(dir / "out/plots/bars_main_metric.dat");
  EXPECT_NE(data.find("\"scoretest score\""), std::string::npos) << data;
  EXPECT_FALSE(test::fs::exists(dir / "out/plots/accuracy_scoretest_.dat"));
}

}  // namespace
}  // namespace fot
