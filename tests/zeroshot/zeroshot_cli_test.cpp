// fot-eval with zero-shot task entries, as a user runs it: bad data and bad entries end with exit
// code 2 and a message naming the file and line, the expected file or the field; a full ARC-Easy
// test-split run on stories260K finishes with one record per document, each item one context pass.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/harness/test_util.h"

namespace fot {
namespace {

using nlohmann::json;

std::string mock_config(const std::string& task_entry) {
  return "models:\n  - {name: m, backend: mock}\ntasks:\n  - " + task_entry + "\n";
}

std::string first_lines(const std::string& path, int n) {
  std::ifstream in(path);
  std::string out, line;
  for (int i = 0; i < n && std::getline(in, line); ++i) out += line + "\n";
  return out;
}

TEST(ZeroShotCli, MalformedDataLineExitsTwoNamingFileAndLine) {
  const std::string data = test::shared_data();
  test::TempDir dir;
  test::fs::create_directories(dir / "data/arc");
  const std::string file = dir / "data/arc/ARC-Easy-Test.jsonl";
  test::write_text(file, first_lines(data + "/arc/ARC-Easy-Test.jsonl", 2) + "{\"id\": \"x\", \"question\": \n");
  test::write_text(dir / "c.yaml", mock_config("{name: arc_easy, data_dir: data}"));
  for (const char* command : {"run", "validate"}) {
    std::vector<std::string> args = {command, dir / "c.yaml"};
    if (std::string(command) == "run") args.insert(args.end(), {"-o", dir / "out"});
    const auto r = test::run_fot_eval(args);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.err;
    EXPECT_NE(r.err.find(file + ":3"), std::string::npos) << command << "\n" << r.err;
  }
}

TEST(ZeroShotCli, MissingDataSetExitsTwoNamingTheExpectedFile) {
  test::TempDir dir;
  test::fs::create_directories(dir / "empty");
  test::write_text(dir / "c.yaml", mock_config("{name: winogrande, data_dir: empty}"));
  for (const char* command : {"run", "validate"}) {
    std::vector<std::string> args = {command, dir / "c.yaml"};
    if (std::string(command) == "run") args.insert(args.end(), {"-o", dir / "out"});
    const auto r = test::run_fot_eval(args);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.err;
    EXPECT_NE(r.err.find(dir / "empty/winogrande/dev.jsonl"), std::string::npos) << command << "\n" << r.err;
  }
}

TEST(ZeroShotCli, BadTokenizationExitsTwoNamingTheField) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", mock_config("{name: boolq, data_dir: ., tokenization: v0.5}"));
  const auto r = test::run_fot_eval({"validate", dir / "c.yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("tasks[0].tokenization"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("v0.5"), std::string::npos) << r.err;
}

// All 14 tasks through fot-eval on the mock backend (ARC, BoolQ, OpenBookQA, PIQA from ../shared/data,
// the other nine from the fixtures, side by side in one data_dir), without and with BOS: every
// sample carries its fields, --log-prompts adds the requests, and results hold the paper's Avg of
// the 21 rows per variant.
TEST(ZeroShotCli, AllFourteenTasksWithThePaperAverage) {
  const std::string data = test::shared_data();
  const std::string fixtures = std::string(FOT_SOURCE_DIR) + "/tests/zeroshot/fixtures";
  test::TempDir dir;
  test::fs::create_directories(dir / "data");
  for (const char* name : {"arc", "boolq", "openbookqa", "piqa"})
    test::fs::create_directory_symlink(data + "/" + name, dir / ("data/" + std::string(name)));
  for (const char* name : {"anli", "hellaswag", "record", "rte", "truthfulqa", "wic", "winogrande"})
    test::fs::create_directory_symlink(fixtures + "/" + name, dir / ("data/" + std::string(name)));
  const std::vector<std::string> names = {"anli_r1", "anli_r2",    "anli_r3", "arc_challenge", "arc_easy",
                                          "boolq",   "hellaswag",  "openbookqa", "piqa",       "record",
                                          "rte",     "truthfulqa_mc", "wic",     "winogrande"};
  std::string config = "models:\n  - {name: m, backend: mock}\ntasks:\n";
  for (const char* bos : {"false", "true"})
    for (const auto& name : names) config += "  - {name: " + name + ", data_dir: data, bos: " + bos + ", limit: 3}\n";
  test::write_text(dir / "c.yaml", config);
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--log-prompts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, int> per_variant;
  std::set<int> bos_first;  // the first context token of every request with BOS: BOS alone
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const json record = json::parse(line);
    const std::string where = record["task"].get<std::string>() + " " + record["variant"].get<std::string>();
    per_variant[record["variant"]] += 1;
    ASSERT_TRUE(record.contains("doc_index")) << where;
    ASSERT_TRUE(record.contains("gold")) << where;
    const size_t n = record["loglikelihoods"].size();
    ASSERT_EQ(record["requests"].size(), n) << where;
    ASSERT_EQ(record["request_tokens"].size(), n) << where;
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(record["requests"][i].size(), 2u) << where;
      ASSERT_TRUE(record["requests"][i][0].is_string()) << where;
      ASSERT_FALSE(record["request_tokens"][i][1].empty()) << where;
      if (record["variant"] == "v0.3+bos") bos_first.insert(record["request_tokens"][i][0][0].get<int>());
    }
    EXPECT_EQ(record["context_passes"], record["task"] == "winogrande" ? 2 : 1) << where;
  }
  EXPECT_GT(per_variant["v0.3"], 14);
  EXPECT_EQ(per_variant["v0.3"], per_variant["v0.3+bos"]);
  EXPECT_EQ(bos_first.size(), 1u);
  const json results = json::parse(test::read_text(dir / "out/results.json"));
  std::map<std::string, std::vector<double>> paper_rows;  // variant -> its rows: the 14 tasks have the 21
  for (const auto& row : results["rows"]) paper_rows[row["variant"]].push_back(row["value"]);
  ASSERT_EQ(results["zeroshot_average"].size(), 2u);
  for (const auto& average : results["zeroshot_average"]) {
    const auto& values = paper_rows[average["variant"]];
    ASSERT_EQ(values.size(), 21u) << average["variant"];
    double sum = 0;
    for (double v : values) sum += v;
    EXPECT_NEAR(average["value"].get<double>(), sum / 21.0, 1e-12) << average["variant"];
  }
  EXPECT_NE(test::read_text(dir / "out/results.md").find("## Zero-shot average"), std::string::npos);
}

// The bar: the whole ARC-Easy test split (2376 questions) through `fot-eval run` on
// stories260K finishes with per-sample logs, and no item takes more than one context pass.
TEST(ZeroShotCli, FullArcEasyRunOnStories260K) {
  const std::string data = test::shared_data();
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "models:\n" + test::stories260k_model_entry() + "tasks:\n  - {name: arc_easy, data_dir: " +
                                       data + "}\n");
  const auto start = std::chrono::steady_clock::now();
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--workers", "2"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = test::read_lines(dir / "out/samples.jsonl");
  ASSERT_EQ(lines.size(), 2376u);
  std::set<int64_t> docs;
  int64_t passes = 0, max_passes = 0, max_fitting_passes = 0, cut_items = 0, cut_multi_pass = 0;
  double acc = 0, acc_norm = 0;
  for (const auto& line : lines) {
    const json record = json::parse(line);
    ASSERT_EQ(record["task"], "arc_easy");
    ASSERT_EQ(record["variant"], "v0.3");
    docs.insert(record["doc_index"].get<int64_t>());
    const int64_t p = record["context_passes"];
    passes += p;
    max_passes = std::max(max_passes, p);
    // An item the 512-token window did not cut reads its one context once; one the window cut
    // (each choice's context cut to leave room for that choice) may need a pass per distinct cut.
    if (record["truncated_requests"].get<int64_t>() == 0) {
      max_fitting_passes = std::max(max_fitting_passes, p);
    } else {
      ++cut_items;
      cut_multi_pass += p > 1;
    }
    EXPECT_GE(record["loglikelihoods"].size(), 3u);
    EXPECT_GE(record["gold"].get<int>(), 0);
    acc += record["metrics"]["acc"].get<double>();
    acc_norm += record["metrics"]["acc_norm"].get<double>();
  }
  EXPECT_EQ(docs.size(), 2376u);
  EXPECT_EQ(*docs.begin(), 0);
  EXPECT_EQ(*docs.rbegin(), 2375);
  EXPECT_EQ(max_fitting_passes, 1) << "an item within the window took more than one context pass";
  EXPECT_GE(cut_items, 1) << "ARC-Easy doc 146 (~800 characters) does not fit stories260K's window";
  // The run prints the passes per item (and records them in run.json).
  char printed[160];
  std::snprintf(printed, sizeof printed, "context passes per item: mean %.2f, max %lld",
                static_cast<double>(passes) / 2376.0, static_cast<long long>(max_passes));
  EXPECT_NE(r.err.find("cost: stories260K arc_easy/v0.3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(printed), std::string::npos) << printed << "\n" << r.err;
  const json cost = json::parse(test::read_text(dir / "out/run.json"))["metadata"]["cost"];
  ASSERT_EQ(cost.size(), 1u);
  EXPECT_EQ(cost[0]["context_passes"], passes);
  EXPECT_EQ(cost[0]["items"], 2376);
  const json results = json::parse(test::read_text(dir / "out/results.json"));
  std::map<std::string, double> rows;
  for (const auto& row : results["rows"]) {
    EXPECT_EQ(row["n"], 2376);
    rows[row["metric"].get<std::string>()] = row["value"].get<double>();
  }
  EXPECT_NEAR(rows.at("acc"), acc / 2376.0, 1e-9);
  EXPECT_NEAR(rows.at("acc_norm"), acc_norm / 2376.0, 1e-9);
  std::printf("full ARC-Easy test split on stories260K: %.1f s wall, %lld context passes for 2376 items (%lld items "
              "cut by the 512-token window, %lld of them with more than one pass), acc %.4f, acc_norm %.4f\n",
              seconds, static_cast<long long>(passes), static_cast<long long>(cut_items),
              static_cast<long long>(cut_multi_pass), rows.at("acc"), rows.at("acc_norm"));
}

}  // namespace
}  // namespace fot
