// fot-eval end to end on the few-shot tasks: configs/examples/icl-small.yaml (both tasks on the
// shipped tiny-longllama and tiny-openllama) writes per-draw and pooled rows and an
// accuracy-versus-budget plot per task, the same CSV byte for byte on a rerun, and --resume reuses
// every sample; configs/paper/icl.yaml with its variables unset names every one and exits 2.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "../harness/test_util.h"
#include "icl_test_files.h"

namespace fot {
namespace {

using nlohmann::json;

const std::string kSmall = std::string(FOT_SOURCE_DIR) + "/configs/examples/icl-small.yaml";

TEST(IclRun, SmallConfigWritesPerDrawAndPooledRowsPlotsAndResumes) {
  test::shared_data_dir();  // fails loudly without the data
  const std::map<std::string, std::string> env = {{"FOT_SHARED_DATA", FOT_SHARED_DATA}};
  test::TempDir dir;
  const auto first = test::run_fot_eval({"run", kSmall, "--output", dir / "a"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // Every shared-mode item of both models went through the batched path.
  for (const char* model : {"tiny-longllama", "tiny-openllama"})
    EXPECT_NE(first.err.find(std::string("scored outside it (") + model + ")"), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find("batched path: 0 of"), first.err.find("batched path:")) << first.err;
  EXPECT_EQ(first.err.rfind("batched path: 0 of"), first.err.rfind("batched path:")) << first.err;
  const json results = json::parse(test::read_text(dir / "a/results.json"));
  std::set<std::string> pooled, per_draw;
  for (const auto& row : results["rows"]) {
    const std::string series = row["model"].get<std::string>() + " " + row["task"].get<std::string>();
    if (!row["n_draws"].is_null()) {
      EXPECT_EQ(row["n_draws"], 3) << row.dump();
      EXPECT_LE(row["ci_low"].get<double>(), row["value"].get<double>());
      EXPECT_GE(row["ci_high"].get<double>(), row["value"].get<double>());
      pooled.insert(series);
    }
    if (!row["draw"].is_null()) per_draw.insert(series);
  }
  for (const char* model : {"tiny-longllama", "tiny-openllama"})
    for (const char* task : {"trec", "webqs"}) {
      EXPECT_TRUE(pooled.count(std::string(model) + " " + task)) << model << " " << task;
      EXPECT_TRUE(per_draw.count(std::string(model) + " " + task)) << model << " " << task;
    }
  for (const char* plot : {"accuracy_trec_fine.png", "exact_match_webqs_greedy.png"})
    EXPECT_TRUE(std::filesystem::is_regular_file(dir / ("a/plots/" + std::string(plot)))) << plot;
  // Every sample records its mode, draw, budget, demonstrations and where they end; longllama rows
  // their lcl.
  for (const auto& line : test::read_lines(dir / "a/samples.jsonl")) {
    const json record = json::parse(line);
    EXPECT_EQ(record["mode"], "shared");
    for (const char* field : {"draw", "budget", "n_demonstrations", "demonstration_indices", "gold", "prediction",
                              "prefix_tokens", "last_context_length"})
      EXPECT_TRUE(record.contains(field)) << field;
    // [BOS] + demonstrations end before the test prompt.
    EXPECT_GE(record["prefix_tokens"].get<int64_t>(), 1);
    EXPECT_LT(record["prefix_tokens"].get<int64_t>(), record["context_tokens"].get<int64_t>());
    if (record["task"] == "trec") {
      EXPECT_EQ(record["label_scores"].size(), 50u);
    }
    if (record["model"] == "tiny-longllama") {
      // The task's split L - M (window 128 minus the budget rule's reserve: the longest test prompt
      // plus the longest answer, with the tiny models' tokenizer 84 + 20 tokens for fine TREC and
      // 76 + 50 for WebQS, as python3-sentencepiece encodes tests/scripts/icl_layout_reference.py's
      // texts), in the record and its memory_config.
      const auto lcl = record["last_context_length"].get<int64_t>();
      EXPECT_EQ(lcl, record["task"] == "webqs" ? 128 - 126 : 128 - 104);
      EXPECT_NE(record["memory_config"].get<std::string>().find("lcl=" + std::to_string(lcl) + ";"), std::string::npos)
          << record["memory_config"];
    } else {
      EXPECT_TRUE(record["last_context_length"].is_null()) << record.dump();
    }
  }

  const auto second = test::run_fot_eval({"run", kSmall, "--output", dir / "b"}, env);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(test::read_text(dir / "a/results.csv"), test::read_text(dir / "b/results.csv"));

  const auto resumed = test::run_fot_eval({"run", kSmall, "--output", dir / "a", "--resume"}, env);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("computing 0"), std::string::npos) << resumed.err;
  EXPECT_EQ(test::read_text(dir / "a/results.csv"), test::read_text(dir / "b/results.csv"));
}

TEST(IclRun, PaperConfigNamesEveryUnsetVariable) {
  for (const char* name : {"LONGLLAMA_3B", "OPENLLAMA_3B", "FOT_DATA"}) ::unsetenv(name);
  const auto result = test::run_fot_eval({"validate", std::string(FOT_SOURCE_DIR) + "/configs/paper/icl.yaml"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  for (const char* name : {"LONGLLAMA_3B", "OPENLLAMA_3B", "FOT_DATA"})
    EXPECT_NE(result.err.find(name), std::string::npos) << name << " in: " << result.err;
}

// Shared mode above L - M would flush the demonstrations on every test prompt: refused before any
// weight is read, naming L - M (tiny-longllama, fine TREC: 128 - 104, see above); joint takes it.
TEST(IclRun, SharedModeRefusesASplitAboveWindowMinusReserve) {
  test::shared_data_dir();
  test::TempDir dir;
  auto config = [&](const std::string& mode) {
    const std::string path = dir / (mode + ".yaml");
    test::write_text(path, "models:\n  - {name: tiny-longllama, backend: longllama, checkpoint: " +
                               std::string(FOT_SOURCE_DIR) + "/zoo/tiny-longllama}\n"
                               "tasks:\n  - {name: trec, mode: " + mode + ", last_context_length: 25, "
                               "context_budgets: [512], draws: 1, test_items: 2, data_dir: " + FOT_SHARED_DATA + "}\n");
    return path;
  };
  const auto shared = test::run_fot_eval({"validate", config("shared")});
  EXPECT_EQ(shared.exit_code, 2) << shared.out << shared.err;
  EXPECT_NE(shared.err.find("exceeds L - M = 128 - 104 = 24"), std::string::npos) << shared.err;
  const auto joint = test::run_fot_eval({"validate", config("joint")});
  EXPECT_EQ(joint.exit_code, 0) << joint.out << joint.err;
}

}  // namespace
}  // namespace fot
