// Run config parsing: locations in errors, suggestions, paths, the plan and its hashes.
#include <gtest/gtest.h>

#include <set>

#include "harness/config/run_config.h"
#include "harness/results/aggregate.h"
#include "harness/planning/plan.h"
#include "common/input_error.h"
#include "common/suggest.h"
#include "test_util.h"

namespace fot {
namespace {

std::string error_of(const std::string& path) {
  try {
    load_run_config(path, std::nullopt);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Suggest, ClosestNameByEditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(closest_name("paskey", {"passkey", "trec"}), "passkey");
  EXPECT_EQ(closest_name("depth", {"context_lengths", "depths", "trials"}), "depths");
  EXPECT_EQ(closest_name("zzzzzz", {"passkey", "trec"}), "");
  EXPECT_NE(suggest("mok", {"mock", "llama"}).find("did you mean 'mock'"), std::string::npos);
}

TEST(RunConfig, ErrorsCarryFileLineColumn) {
  test::TempDir dir;
  const std::string path = dir / "c.yaml";
  test::write_text(path,
                   "models:\n  - name: m\n    backend: mock\ntasks:\n  - name: passkey\n    variant: tokens\n"
                   "    context_lengths: [256, -5]\n");
  const std::string error = error_of(path);
  EXPECT_NE(error.find(path + ":7:28:"), std::string::npos) << error;
  EXPECT_NE(error.find("tasks[0].context_lengths[1]"), std::string::npos) << error;
  test::write_text(path, "models:\n  - name: m\n    backend: mock\n    windw: 3\ntasks: []\n");
  EXPECT_NE(error_of(path).find(path + ":4:5: models[0]: unknown key 'windw'"), std::string::npos) << error_of(path);
}

TEST(RunConfig, PathsExpandEnvAndResolveAgainstTheConfigDir) {
  test::TempDir dir;
  test::fs::create_directories(dir.path() / "sub" / "tok");
  test::write_text(dir / "sub/tok/t.model", "not really a tokenizer");
  ::setenv("FOT_TEST_TOKDIR", "tok", 1);
  const std::string path = dir / "sub/c.yaml";
  test::write_text(path,
                   "output: out/here\nmodels:\n  - name: m\n    backend: mock\n    tokenizer: ${FOT_TEST_TOKDIR}/t.model\n"
                   "tasks:\n  - {name: passkey, variant: landmark, n_garbage: [100]}\n");
  RunConfig config = load_run_config(path, std::nullopt);
  EXPECT_EQ(config.models[0].spec.tokenizer, (dir.path() / "sub/tok/t.model").string());
  EXPECT_EQ(*config.output, (dir.path() / "sub/out/here").string());
  EXPECT_EQ(config.models[0].canonical["tokenizer"], "${FOT_TEST_TOKDIR}/t.model");
}

TEST(RunConfig, SeedsAndPlan) {
  test::TempDir dir;
  const std::string path = dir / "c.yaml";
  test::write_text(path,
                   "seed: 100\nmodels:\n  - {name: a, backend: mock}\n  - {name: b, backend: mock, mock: {window: 5}}\n"
                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256, 512], depths: [0, 1], trials: 3}\n"
                   "  - {name: passkey, variant: landmark, n_garbage: [100], seeds: [7, 9]}\n");
  RunConfig config = load_run_config(path, std::nullopt);
  auto plan = make_plan(config, 0);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_EQ(plan[0].samples.size(), 12u);
  std::set<uint64_t> seeds;  // one stream per (point, trial): none shared
  for (const auto& sample : plan[0].samples) EXPECT_TRUE(seeds.insert(sample.item.seed).second) << sample.key;
  EXPECT_EQ(plan[0].task_hash, plan[2].task_hash);      // same task entry, two models
  EXPECT_NE(plan[0].config_hash, plan[2].config_hash);  // different mock window
  EXPECT_EQ(make_plan(config, 1)[0].samples.size(), 4u);
  EXPECT_EQ(make_plan(config, 1)[0].config_hash, plan[0].config_hash);  // --limit keeps hashes
  std::set<std::string> keys;
  for (const auto& group : plan)
    for (const auto& sample : group.samples) EXPECT_TRUE(keys.insert(sample.key).second) << sample.key;
  RunConfig reseeded = load_run_config(path, 5);
  for (const auto& sample : make_plan(reseeded, 0)[0].samples) EXPECT_EQ(seeds.count(sample.item.seed), 0u);
  EXPECT_NE(make_plan(reseeded, 0)[0].config_hash, plan[0].config_hash);
  select_models(config, "b");
  EXPECT_EQ(config.models.size(), 1u);
  EXPECT_THROW(select_models(config, "a"), InputError);
}

TEST(Aggregate, PooledRowThenOneRowPerDepth) {
  test::TempDir dir;
  const std::string path = dir / "c.yaml";
  test::write_text(path,
                   "models:\n  - {name: a, backend: mock}\n"
                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256], depths: [0, 1], trials: 2}\n");
  RunConfig config = load_run_config(path, std::nullopt);
  auto plan = make_plan(config, 0);
  std::map<std::string, nlohmann::json> records;
  const double acc[] = {1, 0, 1, 1};
  for (size_t i = 0; i < plan[0].samples.size(); ++i)
    records[plan[0].samples[i].key] = {{"metrics", {{"acc", acc[i]}}},
                                       {"context_tokens", 256},
                                       {"depth", plan[0].samples[i].item.axes["depth"]},
                                       {"memory_config", "none"},
                                       {"config_hash", plan[0].config_hash}};
  auto rows = aggregate({group_manifest(plan[0])}, records, {"abc"});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].depth.has_value());
  EXPECT_EQ(rows[0].n, 4);
  EXPECT_DOUBLE_EQ(rows[0].value, 0.75);
  EXPECT_EQ(*rows[1].depth, 0.0);
  EXPECT_DOUBLE_EQ(rows[1].value, 0.5);
  EXPECT_EQ(*rows[2].depth, 1.0);
  EXPECT_DOUBLE_EQ(rows[2].value, 1.0);
  EXPECT_EQ(rows[2].commit, "abc");
  EXPECT_EQ(rows[2].config_hash, plan[0].config_hash);
}

}  // namespace
}  // namespace fot
