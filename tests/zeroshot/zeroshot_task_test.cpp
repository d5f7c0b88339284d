// The zero-shot Task adapter (tasks/zeroshot/zeroshot_task.h) end to end on stories260K: the items
// its plan picks, the requests it builds, the loglikelihoods of its one-pass-per-context scoring and
// its metrics, against tests/scripts/zeroshot_stories260k.py (NumPy, requests built the lm-eval way)
// for the first 25 evaluator-ordered items of ARC-Easy, PIQA, BoolQ and OpenBookQA in both
// tokenization modes (and v0.3 with BOS); the batched seam against the per-request path; the
// records; WinoGrande's two passes; the entry's keys and their errors.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <yaml-cpp/yaml.h>

#include "common/input_error.h"
#include "harness/execution/executor.h"
#include "models/model_factory.h"
#include "tests/stories260k_text_model.h"
#include "tasks/registry.h"
#include "tasks/zeroshot/evaluation_order.h"
#include "tasks/zeroshot/request_tokens.h"
#include "tasks/zeroshot/task_definitions.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

using nlohmann::json;

constexpr double kPythonTolerance = 1e-4;  // the bar (NumPy float64 against our float32)
// Batched continuations (padded to the longest) against one request at a time: float32 GEMMs of other
// shapes sum in another order (measured: up to 5.1e-5 on loglikelihoods of -10..-300).
constexpr double kSeamTolerance = 1e-4;

TextModel stories260k() {
  static TextModel model = fot::test::stories260k_text_model();
  return model;
}

// A task entry as a config file would hold it (the file lies in `dir`, for relative paths).
std::unique_ptr<Task> make_task(const std::string& yaml, const std::string& dir = test::scratch_dir("entry")) {
  const ConfigNode entry(YAML::Load(yaml), std::make_shared<const std::string>(dir + "/config.yaml"), "tasks[0]");
  const fot::TaskKind* kind = fot::find_task(entry.at("name").as_string());
  if (!kind) throw std::runtime_error("no task kind for " + yaml);
  return kind->parse(entry, 7);
}

std::string entry_for(const std::string& task, const std::string& mode, bool bos, const std::string& data_dir) {
  return "{name: " + task + ", data_dir: '" + data_dir + "', tokenization: '" + mode + "', bos: " +
         (bos ? "true" : "false") + "}";
}

TEST(ZeroShotTask, EveryTaskNameIsARegistryEntryWithItsMetrics) {
  for (const auto& definition : zeroshot_tasks()) {
    const auto task = make_task("{name: " + definition.name + ", data_dir: /nonexistent}");
    EXPECT_EQ(task->name(), definition.name);
    EXPECT_EQ(task->variant(), "v0.3");
    EXPECT_TRUE(task->axes().empty());
    ASSERT_EQ(task->metrics().size(), definition.metrics.size());
    for (size_t m = 0; m < definition.metrics.size(); ++m) {
      const Metric metric = task->metrics()[m];
      EXPECT_EQ(metric.name, definition.metrics[m]);
      const bool continuous = metric.name == "f1" || metric.name == "mc2";
      EXPECT_EQ(metric.kind, continuous ? MetricKind::kContinuous : MetricKind::kBinary) << metric.name;
    }
  }
  EXPECT_EQ(make_task("{name: boolq, data_dir: /x, tokenization: v0.4, bos: true}")->variant(), "v0.4+bos");
  EXPECT_EQ(make_task("{name: boolq, data_dir: /x, bos: true}")->variant(), "v0.3+bos");
}

// Per golden run: the adapter's items, records and scores equal Python's, and one batched pass per
// distinct context gives the per-request loglikelihoods.
TEST(ZeroShotTask, Stories260KItemsLoglikelihoodsAndMetricsMatchPython) {
  TextModel model = stories260k();
  const std::string data = test::shared_data();
  const auto golden = test::golden("zeroshot_stories260k.json");
  const long limit = golden["limit"];
  double worst_python = 0.0, worst_seam = 0.0;
  size_t items = 0, passes = 0, multi_pass_items = 0;
  for (const auto& run : golden["runs"]) {
    const std::string name = run["task"];
    const auto task = make_task(entry_for(name, run["mode"], run["bos"], data));
    const auto plan = task->plan(limit);
    ASSERT_EQ(plan.size(), run["items"].size());
    for (size_t k = 0; k < plan.size(); ++k) {
      const json& expected = run["items"][k];
      const std::string where = name + " " + task->variant() + " item " + std::to_string(k);
      EXPECT_EQ(plan[k].trial, static_cast<int64_t>(k));
      SampleOptions options;
      options.log_prompt = true;
      const SampleOutcome out = Executor(model).run(*task, plan[k], options);
      const json& d = out.details;
      ASSERT_EQ(d["doc_index"], expected["doc_index"]) << where;
      EXPECT_EQ(d["gold"], expected["gold"]) << where;
      const size_t n = expected["requests"].size();
      ASSERT_EQ(d["loglikelihoods"].size(), n) << where;
      ASSERT_EQ(d["requests"].size(), n) << where;
      int64_t recompute = 0;
      std::map<TokenIds, int> contexts;
      for (size_t r = 0; r < n; ++r) {
        EXPECT_EQ(d["requests"][r], expected["requests"][r]) << where;
        const TokenIds context = d["request_tokens"][r][0].get<TokenIds>();
        const TokenIds continuation = d["request_tokens"][r][1].get<TokenIds>();
        ASSERT_EQ(context, expected["context_ids"][r].get<TokenIds>()) << where;
        ASSERT_EQ(continuation, expected["continuation_ids"][r].get<TokenIds>()) << where;
        contexts[context] += 1;
        recompute += static_cast<int64_t>(context.size() + continuation.size());
        const double ll = d["loglikelihoods"][r];
        const double python = std::abs(ll - expected["lls"][r].get<double>());
        const double seam = std::abs(ll - model.model->loglikelihood(context, continuation).logprob);
        worst_python = std::max(worst_python, python);
        worst_seam = std::max(worst_seam, seam);
        EXPECT_LE(python, kPythonTolerance) << where << " request " << r;
        EXPECT_LE(seam, kSeamTolerance) << where << " request " << r;
      }
      // Passes: one per distinct (truncated) context, counted in the outcome and the record.
      EXPECT_EQ(out.context_passes, static_cast<int64_t>(contexts.size())) << where;
      EXPECT_EQ(d["context_passes"], out.context_passes) << where;
      // Only a request filling the window (window + 1 tokens with its continuation) can have been cut.
      int64_t at_window = 0;
      for (size_t r = 0; r < n; ++r)
        at_window += expected["context_ids"][r].size() + expected["continuation_ids"][r].size() ==
                     golden["window"].get<size_t>() + 1;
      EXPECT_LE(d["truncated_requests"].get<int64_t>(), at_window) << where;
      if (out.context_passes > 1) {
        EXPECT_GT(d["truncated_requests"].get<int64_t>(), 0) << where;
      }
      int64_t through = 0;
      for (const auto& [context, uses] : contexts) through += static_cast<int64_t>(context.size());
      for (size_t r = 0; r < n; ++r) through += static_cast<int64_t>(d["request_tokens"][r][1].size());
      EXPECT_EQ(out.model_tokens, through) << where;
      EXPECT_EQ(out.recompute_tokens, recompute) << where;
      for (const auto& metric : task->metrics())
        EXPECT_EQ(out.metrics.at(metric.name), expected[metric.name].get<double>()) << where << " " << metric.name;
      ++items;
      passes += static_cast<size_t>(out.context_passes);
      multi_pass_items += out.context_passes > 1;
    }
  }
  std::printf("adapter on stories260K: %zu items, %zu context passes (%zu items with more than one: contexts the "
              "window cut differently), max |ll - python| = %.3g, max |batched - per request| = %.3g\n",
              items, passes, multi_pass_items, worst_python, worst_seam);
}

// With the paper models' tokenizer (OpenLLaMA v1) and window (2048), every ARC-Easy test item fits:
// one context pass each. The mock backend stands in for the weights (the passes do not depend on them).
TEST(ZeroShotTask, ArcEasyWithTheOpenLlamaTokenizerTakesOnePassPerItem) {
  const std::string data = test::shared_data();
  ModelSpec spec;
  spec.name = "openllama-tokenizer";
  spec.backend = "mock";
  spec.tokenizer = data + "/open_llama_tokenizer/tokenizer.model";
  spec.mock.window = 0;
  spec.mock.context_limit = 2048;
  TextModel model = load_text_model(spec);
  ASSERT_EQ(model.model->info().context_limit, 2048);
  const auto task = make_task("{name: arc_easy, data_dir: '" + data + "'}");
  int64_t passes = 0, items = 0;
  for (const auto& item : task->plan(0)) {
    const auto out = Executor(model).run(*task, item, {});
    EXPECT_EQ(out.context_passes, 1) << "doc " << out.details["doc_index"];
    EXPECT_EQ(out.details["truncated_requests"], 0);
    passes += out.context_passes, ++items;
  }
  EXPECT_EQ(items, 2376);
  EXPECT_EQ(passes, 2376);
}

// ARC-Easy doc 146 (~800 characters) is longer than stories260K's 512-token window: each choice's
// context is cut to leave room for that choice, so the cuts differ and the item takes a pass per
// distinct cut, each scoring as the per-request path does (the path the Python parity test checks
// on window-cut BoolQ items).
TEST(ZeroShotTask, WindowCutContextsTakeAPassEach) {
  TextModel model = stories260k();
  const std::string data = test::shared_data();
  const auto task = make_task("{name: arc_easy, data_dir: '" + data + "'}");
  const auto order = evaluation_order(2376);
  const auto trial = std::find(order.begin(), order.end(), size_t{146}) - order.begin();
  WorkItem item;
  item.trial = trial;
  SampleOptions options;
  options.log_prompt = true;
  const auto out = Executor(model).run(*task, item, options);
  ASSERT_EQ(out.details["doc_index"], 146);
  std::set<TokenIds> contexts;
  const auto& tokens = out.details["request_tokens"];
  int64_t cut = 0;
  size_t full = 0;  // the uncut context: that of a request below the window (request 0: 499 + 13 tokens)
  for (size_t r = 0; r < tokens.size(); ++r)
    if (tokens[r][0].size() + tokens[r][1].size() < 513u) full = std::max(full, tokens[r][0].size());
  ASSERT_GT(full, 0u);
  for (size_t r = 0; r < tokens.size(); ++r) {
    const TokenIds context = tokens[r][0].get<TokenIds>(), continuation = tokens[r][1].get<TokenIds>();
    // The whole question is longer than 500 tokens: a request either fits as it is or fills the window.
    EXPECT_GT(context.size(), 490u) << r;
    EXPECT_LE(context.size() + continuation.size(), 513u) << r;
    cut += context.size() < full;
    contexts.insert(context);
    EXPECT_NEAR(out.details["loglikelihoods"][r].get<double>(),
                model.model->loglikelihood(context, continuation).logprob, kSeamTolerance) << r;
  }
  EXPECT_GT(contexts.size(), 1u);
  EXPECT_EQ(out.context_passes, static_cast<int64_t>(contexts.size()));
  EXPECT_GT(cut, 0);
  EXPECT_EQ(out.details["truncated_requests"], cut);
}

TEST(ZeroShotTask, PlanFollowsTheEvaluationOrderAndTheLimits) {
  const std::string data = test::shared_data();
  const auto task = make_task("{name: arc_easy, data_dir: '" + data + "'}");
  EXPECT_EQ(task->plan(0).size(), 2376u);  // docs/lmeval-v03-parity.md section 2: the whole test split
  EXPECT_EQ(task->plan(10).size(), 10u);
  const auto limited = make_task("{name: arc_easy, data_dir: '" + data + "', limit: 5}");
  EXPECT_EQ(limited->plan(0).size(), 5u);
  EXPECT_EQ(limited->plan(3).size(), 3u);
  // The limit does not change a sample's identity (growing it reuses samples), the data does.
  EXPECT_EQ(limited->sample_settings(), task->sample_settings());
  EXPECT_NE(limited->canonical(), task->canonical());
  EXPECT_EQ(task->plan(0)[4].seed, limited->plan(0)[4].seed);
}

// WinoGrande's two requests have two contexts and one continuation: two passes, counted.
TEST(ZeroShotTask, WinograndeTakesTwoPassesAndRecordOne) {
  TextModel model = stories260k();
  const auto wino = make_task("{name: winogrande, data_dir: '" + test::fixtures() + "'}");
  const auto wino_plan = wino->plan(0);
  ASSERT_FALSE(wino_plan.empty());
  for (const auto& item : wino_plan) {
    const auto out = Executor(model).run(*wino, item, {});
    EXPECT_EQ(out.context_passes, 2);
    EXPECT_EQ(out.details["loglikelihoods"].size(), 2u);
    EXPECT_EQ(out.model_tokens, out.recompute_tokens);  // nothing shared
  }
  for (const char* name : {"record", "truthfulqa_mc", "hellaswag", "anli_r1", "rte", "wic"}) {
    const auto task = make_task(std::string("{name: ") + name + ", data_dir: '" + test::fixtures() + "'}");
    for (const auto& item : task->plan(0)) {
      const auto out = Executor(model).run(*task, item, {});
      EXPECT_EQ(out.context_passes, 1) << name;
      EXPECT_GT(out.details["loglikelihoods"].size(), 1u) << name;
      EXPECT_LT(out.model_tokens, out.recompute_tokens) << name;
      EXPECT_EQ(out.metrics.size(), task->metrics().size()) << name;
      EXPECT_FALSE(out.details.contains("requests")) << name << ": only with --log-prompts";
    }
  }
}

TEST(ZeroShotTask, EntryErrorsNameTheField) {
  auto message = [](const std::string& yaml) {
    try {
      make_task(yaml);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{name: arc_easy, data_dir: /x, tokenization: v0.5}").find("tasks[0].tokenization"),
            std::string::npos);
  EXPECT_NE(message("{name: arc_easy, data_dir: /x, tokenization: v0.5}").find("'v0.3' or 'v0.4'"), std::string::npos);
  EXPECT_NE(message("{name: arc_easy, data_dir: /x, bos: maybe}").find("tasks[0].bos"), std::string::npos);
  EXPECT_NE(message("{name: arc_easy, data_dir: /x, limit: 0}").find("tasks[0].limit"), std::string::npos);
  EXPECT_NE(message("{name: arc_easy}").find("data_dir"), std::string::npos);
  EXPECT_NE(message("{name: arc_easy, data_dir: /x, tokenisation: v0.4}").find("tokenization"), std::string::npos);
}

TEST(ZeroShotTask, MissingDataSetNamesTheExpectedFile) {
  const std::string dir = test::scratch_dir("missing_data");
  const auto task = make_task("{name: piqa, data_dir: '" + dir + "'}");
  try {
    task->check({});
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(dir + "/piqa/valid.jsonl"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("tasks[0].data_dir"), std::string::npos) << error.what();
  }
  EXPECT_THROW(task->plan(0), InputError);
  // Relative to the config file's directory.
  test::write_file(dir + "/cfg/piqa/valid.jsonl", "");
  const auto relative = make_task("{name: piqa, data_dir: sub}", dir + "/cfg");
  try {
    relative->check({});
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(dir + "/cfg/sub/piqa/valid.jsonl"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace fot::zeroshot
