// `validate` and the start of `run` make the same checks from config.json and the tokenizer,
// without reading weights; and the ETA follows the cost of what is left, not the sample count.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/planning/preflight.h"
#include "harness/execution/progress.h"
#include "test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

// A copy of a shipped model whose weights are garbage: any attempt to read them fails differently.
std::string unreadable_copy(const test::TempDir& dir, const std::string& model) {
  const std::string to = dir / model;
  fs::copy(std::string(FOT_SOURCE_DIR) + "/zoo/" + model, to, fs::copy_options::recursive);
  test::write_text(to + "/model.safetensors", std::string(4096, 'x'));
  return to;
}

struct Case {
  const char* name;
  std::string model;   // a YAML model entry
  std::string task;    // a YAML task entry
  std::vector<std::string> expected;  // in the error
};

TEST(Preflight, ValidateAndRunRejectTheSameConfigsBeforeReadingWeights) {
  test::TempDir dir;
  const std::string plain = unreadable_copy(dir, "tiny-openllama");
  const std::string fot = unreadable_copy(dir, "tiny-longllama");
  const std::string tokens = "{name: passkey, variant: tokens, depths: [0.5], trials: 1, context_lengths: ";
  const std::vector<Case> cases = {
      {"beyond the window", "{name: p, checkpoint: " + plain + ", overflow: error}", tokens + "[96, 256]}",
       {"tasks[0]", "256", "context limit of 128"}},
      {"too short a passkey", "{name: f, checkpoint: " + fot + "}", tokens + "[64]}", {"tasks[0]", "too short"}},
      {"a memory layer out of range", "{name: f, checkpoint: " + fot + ", memory: {layers: [9]}}", tokens + "[256]}",
       {"memory.layers", "9"}},
      {"last_context_length above the window", "{name: f, checkpoint: " + fot + ", memory: {last_context_length: 4096}}",
       tokens + "[256]}", {"last_context_length", "4096"}},
      {"a billion tokens", "{name: f, checkpoint: " + fot + "}", tokens + "[1000000000]}",
       {"1000000000 tokens", "estimated", "GiB"}},
      {"longllama on a plain checkpoint", "{name: p, checkpoint: " + plain + ", backend: longllama}", tokens + "[256]}",
       {"has no 'mem_layers'"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    test::write_text(dir / "c.yaml", "models:\n  - " + c.model + "\ntasks:\n  - " + c.task + "\n");
    const auto validate = test::run_fot_eval({"validate", dir / "c.yaml"});
    EXPECT_EQ(validate.exit_code, 2) << validate.out;
    const auto run = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
    EXPECT_EQ(run.exit_code, 2);
    for (const auto& text : c.expected) {
      EXPECT_NE(validate.err.find(text), std::string::npos) << text << "\n" << validate.err;
      EXPECT_NE(run.err.find(text), std::string::npos) << text << "\n" << run.err;
    }
    EXPECT_EQ(run.err.find("safetensors"), std::string::npos) << "run read the weights: " << run.err;
    EXPECT_FALSE(fs::exists(dir / "out/samples.jsonl"));
  }
  // The shipped quickstart passes, and validate prints the memory estimate.
  const auto ok = test::run_fot_eval({"validate", std::string(FOT_SOURCE_DIR) + "/configs/quickstart.yaml"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("estimated peak memory"), std::string::npos) << ok.out;
}

// The memory estimate takes the longest context a sample holds. A few-shot item in shared mode
// holds its whole budget ([BOS] + demonstrations + question + label) even though its token estimate
// counts the shared demonstrations once per draw, so the largest sample is the largest budget.
// Needs ../shared/data (stories260K, TREC).
TEST(Preflight, FewShotSharedModePeakIsTheWholeBudget) {
  const std::string data = test::shared_data();
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "seed: 0\nmodels:\n" + test::stories260k_model_entry() +
                                        "tasks:\n  - {name: trec, variant: coarse, mode: shared, context_budgets: "
                                        "[256, 512], draws: 1, test_items: 12, data_dir: '" +
                                        data + "'}\n");
  const RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
  const std::vector<PlannedGroup> plan = make_plan(config, 0);
  const std::map<std::string, ModelCheck> checks = preflight(config, plan, int64_t{1} << 40);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks.begin()->second.max_tokens, 512);
}

// Ten samples of 100 tokens, then ten of 10000 (100x the cost), each taking time in proportion.
TEST(Progress, EtaByCostIsWithinTwiceTheTrueRemainingTimeAtTheMidpoint) {
  ModelDescription mock;
  mock.info.backend = "mock";
  std::vector<int64_t> tokens(10, 100);
  tokens.insert(tokens.end(), 10, 10000);
  double total_cost = 0.0, total_time = 0.0;
  for (int64_t t : tokens) {
    total_cost += sample_cost(mock, t);
    total_time += 0.001 * static_cast<double>(t);
  }
  double now = 0.0;
  std::ostringstream out;
  Progress progress(static_cast<int64_t>(tokens.size()), total_cost, out, false, [&] { return now; });
  bool checked_count = false, checked_time = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    now += 0.001 * static_cast<double>(tokens[i]);
    progress.tick("sample", sample_cost(mock, tokens[i]));
    const double remaining = total_time - now;
    if (i + 1 == tokens.size() / 2) {  // midpoint by samples: 1 s done, 100 s to go
      EXPECT_GE(progress.eta_seconds(), remaining / 2);
      EXPECT_LE(progress.eta_seconds(), remaining * 2);
      checked_count = true;
    }
    if (!checked_time && now >= total_time / 2) {  // midpoint by time
      EXPECT_GE(progress.eta_seconds(), remaining / 2);
      EXPECT_LE(progress.eta_seconds(), remaining * 2);
      checked_time = true;
    }
  }
  EXPECT_TRUE(checked_count && checked_time);
  EXPECT_NE(out.str().find("ETA"), std::string::npos);
}

// The passkey task's token estimates feed the cost: FoT models grow faster than linearly, a plain
// model is capped at its window.
TEST(Progress, CostFollowsTheModel) {
  ModelSpec plain;
  plain.name = "p";
  plain.checkpoint = std::string(FOT_SOURCE_DIR) + "/zoo/tiny-openllama";
  plain.overflow = "keep_last";
  const ModelDescription llama = describe_model(plain);
  EXPECT_EQ(sample_cost(llama, 100000), sample_cost(llama, 128));  // it keeps its last 128 tokens
  ModelSpec memory = plain;
  memory.checkpoint = std::string(FOT_SOURCE_DIR) + "/zoo/tiny-longllama";
  memory.overflow = "";
  const ModelDescription fot = describe_model(memory);
  // The quickstart's tiny-longllama took 0.21 s a sample at 2K tokens and 1.5 s at 8K (7x).
  const double ratio = sample_cost(fot, 8192) / sample_cost(fot, 2048);
  EXPECT_GT(ratio, 5.0);
  EXPECT_LT(ratio, 10.0);
}

}  // namespace
}  // namespace fot
