// `fot-eval compare BASELINE CANDIDATE`: exit 3 naming the rows for a planted regression, 0 for an
// unchanged run and for flips within tolerance or without significance, 2 for runs that do not match.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "../harness/test_util.h"
#include "harness/storage/run_manifest.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The mock model finds a needle at depth 1 (the prompt's end) at any length: every sample right.
const char kConfig[] =
    "seed: 3\nmodels:\n  - {name: m, backend: mock}\n"
    "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256, 512], depths: [1.0], trials: 20}\n";

std::vector<json> read_records(const std::string& path) {
  std::vector<json> out;
  for (const auto& line : test::read_lines(path))
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

void write_records(const std::string& path, const std::vector<json>& records) {
  std::string text;
  for (const auto& r : records) text += r.dump() + "\n";
  test::write_text(path, text);
}

// Copies run `from` to `to`, turning `count` right samples at `context` wrong.
void copy_with_flips(const std::string& from, const std::string& to, int64_t context, int count) {
  fs::copy(from, to, fs::copy_options::recursive);
  auto records = read_records(to + "/samples.jsonl");
  int flipped = 0;
  for (auto& r : records)
    if (flipped < count && r["context_tokens"] == context && r["metrics"]["acc"] == 1.0) {
      r["metrics"]["acc"] = 0.0;
      ++flipped;
    }
  ASSERT_EQ(flipped, count);
  write_records(to + "/samples.jsonl", records);
}

class Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_text(dir / "c.yaml", kConfig);
    const auto run = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "base"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const auto& r : read_records(dir / "base/samples.jsonl")) ASSERT_EQ(r["metrics"]["acc"], 1.0);
  }
  test::TempDir dir;
};

TEST_F(Compare, UnchangedRunPasses) {
  fs::copy(dir / "base", dir / "same", fs::copy_options::recursive);
  const auto r = test::run_fot_eval({"compare", dir / "base", dir / "same", "-o", dir / "cmp"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 of 2 rows regressed"), std::string::npos) << r.out;
  const json out = json::parse(test::read_text(dir / "cmp/comparison.json"));
  ASSERT_EQ(out["rows"].size(), 2u);
  for (const auto& row : out["rows"]) {
    EXPECT_EQ(row["test"], "mcnemar");
    EXPECT_EQ(row["p_value"], 1.0);
    EXPECT_EQ(row["status"], "same");
    EXPECT_EQ(row["n"], 20);
  }
  EXPECT_NE(test::read_text(dir / "cmp/comparison.md").find("| m |"), std::string::npos);
}

TEST_F(Compare, PlantedRegressionIsExitThreeAndNamesTheRow) {
  copy_with_flips(dir / "base", dir / "worse", 256, 12);  // McNemar 12 vs 0: p = 2^-11
  const auto r = test::run_fot_eval({"compare", dir / "base", dir / "worse", "--json", dir / "c.json"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("REGRESSED model=m"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("point=context_tokens=256 metric=acc: 1.0000 -> 0.4000"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("context_tokens=512"), std::string::npos) << r.err;  // the other length held
  const json out = json::parse(test::read_text(dir / "c.json"));
  EXPECT_EQ(out["regressed"], 1);
  EXPECT_EQ(out["rows"][0]["discordant_worse"], 12);
  EXPECT_NEAR(out["rows"][0]["p_value"].get<double>(), 0.00048828125, 1e-15);
  // The same fall judged against a wider tolerance is not a regression.
  const auto tolerant = test::run_fot_eval({"compare", dir / "base", dir / "worse", "--tolerance", "acc=0.7"});
  EXPECT_EQ(tolerant.exit_code, 0) << tolerant.out << tolerant.err;
}

TEST_F(Compare, FewFlipsWithinToleranceOrNotSignificantPass) {
  copy_with_flips(dir / "base", dir / "one", 256, 1);  // -0.05: within the default 0.05
  auto r = test::run_fot_eval({"compare", dir / "base", dir / "one"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  copy_with_flips(dir / "base", dir / "three", 512, 3);  // -0.15, beyond tolerance, but p = 0.25
  r = test::run_fot_eval({"compare", dir / "base", dir / "three"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0.2500"), std::string::npos) << r.out;
}

TEST_F(Compare, MismatchedRunsAreExitTwo) {
  // Another sweep.
  test::write_text(dir / "d.yaml", "seed: 3\nmodels:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: tokens, context_lengths: [256], depths: [1.0], trials: 20}\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "d.yaml", "-o", dir / "short"}).exit_code, 0);
  auto r = test::run_fot_eval({"compare", dir / "base", dir / "short"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no partner"), std::string::npos) << r.err;
  // Another task.
  test::write_text(dir / "e.yaml", "seed: 3\nmodels:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: landmark, n_garbage: [300], trials: 5}\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "e.yaml", "-o", dir / "landmark"}).exit_code, 0);
  r = test::run_fot_eval({"compare", dir / "base", dir / "landmark"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("task 'passkey' (tokens, entry 0) of"), std::string::npos) << r.err;
  // Other prompts.
  fs::copy(dir / "base", dir / "prompts", fs::copy_options::recursive);
  auto records = read_records(dir / "prompts/samples.jsonl");
  records[3]["prompt_hash"] = "0000";
  write_records(dir / "prompts/samples.jsonl", records);
  r = test::run_fot_eval({"compare", dir / "base", dir / "prompts"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("different prompts"), std::string::npos) << r.err;
  // Missing files.
  fs::copy(dir / "base", dir / "torn", fs::copy_options::recursive);
  fs::remove(dir / "torn/samples.jsonl");
  r = test::run_fot_eval({"compare", dir / "base", dir / "torn"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("torn/samples.jsonl: missing"), std::string::npos) << r.err;
  r = test::run_fot_eval({"compare", dir / "base", dir / "nowhere"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = test::run_fot_eval({"compare", dir / "base", dir / "base", "--tolerance", "acc"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

std::string fmt_key(int draw, int trial) { return "k" + std::to_string(draw) + "_" + std::to_string(trial); }

// A run with a draw axis and a continuous metric, written as `run` writes run directories.
void write_draw_run(const std::string& dir, double shift) {
  fs::create_directories(dir);
  RunManifest manifest;
  manifest.metadata = {{"commit", "test"}};
  GroupManifest g;
  g.model = "m";
  g.task = "fewshot";
  g.variant = "v";
  g.axes = {{"context_tokens", AxisRole::kLength}, {"draw", AxisRole::kDraw}};
  g.metrics = {{"score", MetricKind::kContinuous}, {"acc", MetricKind::kBinary}};
  std::string text;
  for (int draw = 0; draw < 8; ++draw)
    for (int trial = 0; trial < 5; ++trial) {
      const std::string key = fmt_key(draw, trial);
      g.keys.push_back(key);
      const double score = 1.0 + 0.3 * std::sin(draw * 1.7 + trial) + shift * (0.6 + 0.1 * draw);
      json r = {{"key", key}, {"memory_config", "none"}, {"point", "context_tokens=100;draw=" + std::to_string(draw)},
                {"context_tokens", 100}, {"draw", draw}, {"trial", trial}, {"prompt_hash", key},
                {"metrics", {{"score", score}, {"acc", (trial + draw) % 3 ? 1.0 : 0.0}}}};
      text += r.dump() + "\n";
    }
  manifest.groups.push_back(g);
  write_run_manifest(dir + "/run.json", manifest);
  test::write_text(dir + "/samples.jsonl", text);
}

TEST(CompareDraws, MeansOverDrawsUseTheSeededBootstrapOverDraws) {
  test::TempDir dir;
  write_draw_run(dir / "base", 0.0);
  write_draw_run(dir / "lower", -0.2);
  const auto r = test::run_fot_eval({"compare", dir / "base", dir / "lower", "--json", dir / "a.json"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("metric=score"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("metric=acc"), std::string::npos) << r.err;
  const json a = json::parse(test::read_text(dir / "a.json"));
  EXPECT_EQ(a["rows"][0]["test"], "bootstrap_draws");
  EXPECT_EQ(a["rows"][0]["n_draws"], 8);
  EXPECT_NEAR(a["rows"][0]["difference"].get<double>(), -0.19, 1e-12);
  // Same seed, same bytes; another seed, another interval.
  ASSERT_EQ(test::run_fot_eval({"compare", dir / "base", dir / "lower", "--json", dir / "b.json"}).exit_code, 3);
  EXPECT_EQ(test::read_text(dir / "a.json"), test::read_text(dir / "b.json"));
  ASSERT_EQ(test::run_fot_eval({"compare", dir / "base", dir / "lower", "--seed", "5", "--json", dir / "c.json"}).exit_code, 3);
  const json c = json::parse(test::read_text(dir / "c.json"));
  EXPECT_NE(c["rows"][0]["ci_low"], a["rows"][0]["ci_low"]);
}

}  // namespace
}  // namespace fot
