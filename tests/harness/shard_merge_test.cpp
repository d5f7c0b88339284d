// `run --shard K/N` computes a deterministic part of the plan, balanced by estimated cost;
// `merge` joins the parts into exactly the results one machine writes, and refuses parts that do
// not make up one run (exit 2, naming them).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kQuickstart = std::string(FOT_SOURCE_DIR) + "/configs/quickstart.yaml";

TEST(ShardMerge, QuickstartInThreeShardsMergesIntoTheUnshardedResultsByteForByte) {
  test::TempDir dir;
  // One trial per sweep point (all 90 points of both models) keeps the test near a minute.
  const auto full = test::run_fot_eval({"run", kQuickstart, "-o", dir / "full", "--limit", "1"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  std::vector<std::string> merge_args = {"merge"};
  size_t shard_samples = 0;
  for (int k = 0; k < 3; ++k) {
    const std::string out = dir / ("shard" + std::to_string(k));
    const auto shard =
        test::run_fot_eval({"run", kQuickstart, "-o", out, "--limit", "1", "--shard", std::to_string(k) + "/3"});
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    EXPECT_NE(shard.err.find("shard " + std::to_string(k) + "/3: "), std::string::npos) << shard.err;
    shard_samples += test::read_lines(out + "/samples.jsonl").size();
    merge_args.push_back(out);
  }
  EXPECT_EQ(shard_samples, test::read_lines(dir / "full/samples.jsonl").size());
  merge_args.insert(merge_args.end(), {"--output", dir / "merged"});
  const auto merged = test::run_fot_eval(merge_args);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(test::read_text(dir / "merged/results.csv"), test::read_text(dir / "full/results.csv"));
  EXPECT_EQ(test::read_lines(dir / "merged/samples.jsonl").size(), shard_samples);
}

TEST(ShardMerge, TheQuickstartPlanInFourShardsIsBalancedByEstimatedCost) {
  test::TempDir dir;
  const auto result = test::run_fot_eval({"slurm", kQuickstart, "--shards", "4", "-o", dir / "sl"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(result.err, match, std::regex(R"(largest ([0-9.]+)x the mean)"))) << result.err;
  std::cout << "quickstart, 4 shards: " << result.err;
  EXPECT_LE(std::stod(match[1]), 1.3);
}

class MergeRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_ / "c.yaml";
    write_config(config_, 3);
    for (int k = 0; k < 2; ++k) shard(config_, k, dir_ / ("s" + std::to_string(k)));
  }
  static void write_config(const std::string& path, int trials) {
    test::write_text(path, "models:\n  - {name: alpha, backend: mock}\n  - {name: beta, backend: mock}\n"
                           "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [10, 40], trials: " +
                               std::to_string(trials) + "}\n");
  }
  static void shard(const std::string& config, int k, const std::string& out) {
    const auto r = test::run_fot_eval({"run", config, "-o", out, "--shard", std::to_string(k) + "/2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  test::ProcessResult merge(const std::vector<std::string>& dirs) {
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), dirs.begin(), dirs.end());
    args.insert(args.end(), {"--output", dir_ / "merged"});
    return test::run_fot_eval(args);
  }
  void expect_refused(const std::vector<std::string>& dirs, const std::vector<std::string>& named) {
    const auto r = merge(dirs);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    for (const auto& text : named) EXPECT_NE(r.err.find(text), std::string::npos) << "want '" << text << "' in " << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "merged/results.csv"));
  }
  test::TempDir dir_;
  std::string config_;
};

TEST_F(MergeRefusals, BothShardsMerge) {
  const auto r = merge({dir_ / "s0", dir_ / "s1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_lines(dir_ / "merged/samples.jsonl").size(), 12u);
}

TEST_F(MergeRefusals, AMissingShard) { expect_refused({dir_ / "s1"}, {"missing shard 0 of 2", dir_ / "s1"}); }

TEST_F(MergeRefusals, ADuplicatedShard) {
  fs::copy(dir_ / "s0", dir_ / "again", fs::copy_options::recursive);
  expect_refused({dir_ / "s0", dir_ / "again", dir_ / "s1"}, {"shard 0/2 given twice", dir_ / "s0", dir_ / "again"});
}

TEST_F(MergeRefusals, ShardsOfDifferentConfigs) {
  write_config(dir_ / "other.yaml", 4);
  shard(dir_ / "other.yaml", 1, dir_ / "other1");
  expect_refused({dir_ / "s0", dir_ / "other1"}, {"not shards of one run", "run_hash", dir_ / "s0", dir_ / "other1"});
}

TEST_F(MergeRefusals, ShardsOfDifferentCommitsUnlessAcrossCommits) {
  // Shard 1 again, as a build of another commit computes it (FOT_EVAL_COMMIT names the commit).
  const std::string other = "0123456789abcdef0123456789abcdef01234567";
  fs::remove_all(dir_ / "s1");
  const auto r1 = test::run_fot_eval({"run", config_, "-o", dir_ / "s1", "--shard", "1/2"}, {{"FOT_EVAL_COMMIT", other}});
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  const std::string mine = json::parse(test::read_text(dir_ / "s0/run.json"))["metadata"]["commits"][0];
  ASSERT_NE(mine, other);
  expect_refused({dir_ / "s0", dir_ / "s1"}, {"--across-commits", mine, other, dir_ / "s0", dir_ / "s1"});

  auto args = std::vector<std::string>{"merge", dir_ / "s0", dir_ / "s1", "--output", dir_ / "merged", "--across-commits"};
  const auto r = test::run_fot_eval(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json results = json::parse(test::read_text(dir_ / "merged/results.json"));
  EXPECT_EQ(results["metadata"]["commits"], json::array({mine, other}));
  EXPECT_EQ(json::parse(test::read_text(dir_ / "merged/run.json"))["metadata"]["commits"], json::array({mine, other}));
  std::set<std::string> row_commits;  // each row names the commits of its samples, space-separated
  for (const auto& row : results["rows"]) {
    std::istringstream words(row["commit"].get<std::string>());
    for (std::string word; words >> word;) row_commits.insert(word);
  }
  EXPECT_EQ(row_commits, (std::set<std::string>{mine, other}));
}

TEST_F(MergeRefusals, ASampleInTwoShardsOrInNone) {
  const auto s0 = test::read_lines(dir_ / "s0/samples.jsonl");
  auto s1 = test::read_lines(dir_ / "s1/samples.jsonl");
  ASSERT_FALSE(s0.empty());
  ASSERT_GE(s1.size(), 2u);
  const std::string moved_key = json::parse(s1.back()).at("key");
  s1.pop_back();
  std::string text;
  for (const auto& line : s1) text += line + "\n";
  test::write_text(dir_ / "s1/samples.jsonl", text);
  expect_refused({dir_ / "s0", dir_ / "s1"}, {"1 of the plan's 12 samples are in no shard", moved_key});
  test::write_text(dir_ / "s1/samples.jsonl", text + s0.front() + "\n");
  expect_refused({dir_ / "s0", dir_ / "s1"},
                 {"computed by more than one shard", json::parse(s0.front()).at("key").get<std::string>()});
}

TEST_F(MergeRefusals, ARunThatIsNotAShardAndBadShardFlags) {
  const auto run = test::run_fot_eval({"run", config_, "-o", dir_ / "whole"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_refused({dir_ / "s0", dir_ / "whole"}, {dir_ / "whole", "not a shard"});
  for (const char* bad : {"2/2", "1", "-1/2", "a/b", "0/0"}) {
    const auto r = test::run_fot_eval({"run", config_, "-o", dir_ / "bad", "--shard", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace fot
