// fot-eval run end to end on the mock backend: every output file, determinism, kill-and-resume.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tasks/passkey/passkey_text.h"
#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

// Two mock models (needle visible only in the last 300 / all tokens), both protocols.
std::string config_text(int delay_ms) {
  return "seed: 3\n"
         "models:\n"
         "  - name: short\n    backend: mock\n    mock: {window: 300, delay_ms: " + std::to_string(delay_ms) + "}\n"
         "  - name: full\n    backend: mock\n    mock: {window: 0, delay_ms: " + std::to_string(delay_ms) + "}\n"
         "    memory: {layers: [1, 3], last_context_length: 256}\n"
         "tasks:\n"
         "  - name: passkey\n    variant: tokens\n    context_lengths: [256, 1024, 4096]\n"
         "    depths: [0, 0.5, 1]\n    trials: 3\n"
         "  - name: passkey\n    variant: landmark\n    n_garbage: [200, 2000]\n    trials: 4\n";
}

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : test::read_lines(path)) {
    std::vector<std::string> cells;
    std::string cell;
    std::stringstream in(line);
    while (std::getline(in, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

// Every line is whole JSON with a unique key; returns the keys.
std::set<std::string> check_samples(const std::string& path, size_t expected) {
  const std::string text = test::read_text(path);
  EXPECT_TRUE(text.empty() || text.back() == '\n');
  std::set<std::string> keys;
  size_t lines = 0;
  for (const auto& line : test::read_lines(path)) {
    ++lines;
    const json record = json::parse(line);  // throws on a torn line
    EXPECT_TRUE(keys.insert(record.at("key").get<std::string>()).second) << "duplicate " << record["key"];
    for (const char* field : {"model_hash", "prompt_hash"})
      EXPECT_EQ(record.at(field).get<std::string>().size(), 64u) << field;
  }
  EXPECT_EQ(lines, expected);
  return keys;
}

constexpr size_t kSamples = 2 * (3 * 3 * 3 + 2 * 4);  // 70

TEST(Run, MockRunWritesEveryFileAndTheCsvMatchesTheMock) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(0));
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "--output", dir / "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file : {"results.csv", "results.json", "results.md", "samples.jsonl",
                           "plots/accuracy_passkey_tokens.png", "plots/accuracy_passkey_tokens.svg",
                           "plots/accuracy_passkey_landmark.png", "plots/accuracy_passkey_landmark.svg",
                           "plots/heatmap_short_passkey_tokens.png", "plots/heatmap_short_passkey_tokens.svg",
                           "plots/heatmap_full_passkey_tokens.png", "plots/heatmap_full_passkey_tokens.svg"})
    EXPECT_TRUE(test::fs::is_regular_file(dir / ("out/" + std::string(file)))) << file;
  for (const auto& entry : test::fs::directory_iterator(dir.path() / "out/plots"))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  EXPECT_EQ(test::read_text(dir / "out/plots/accuracy_passkey_tokens.png").substr(1, 3), "PNG");
  EXPECT_NE(test::read_text(dir / "out/plots/accuracy_passkey_tokens.svg").find("<svg"), std::string::npos);
  check_samples(dir / "out/samples.jsonl", kSamples);

  const auto rows = csv_rows(dir / "out/results.csv");
  ASSERT_EQ(test::read_lines(dir / "out/results.csv")[0],
            "model,memory_config,task,variant,context_tokens,depth,n,metric,value,stderr,ci_low,ci_high,commit,config_hash,"
            "draw,n_draws,ci_method");
  // short: 3 lengths x (pooled + 3 depths) + 2 landmark rows; the same for full.
  ASSERT_EQ(rows.size(), 1u + 2 * (3 * 4 + 2));
  std::map<std::string, std::string> value;  // "model/variant/context/depth" -> value
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 17u);
    EXPECT_EQ(rows[i][14], "");  // no draw axis
    EXPECT_EQ(rows[i][16], "wilson");
    value[rows[i][0] + "/" + rows[i][3] + "/" + rows[i][4] + "/" + rows[i][5]] = rows[i][8];
    EXPECT_EQ(rows[i][7], "acc");
    EXPECT_EQ(rows[i][13].size(), 64u);
  }
  EXPECT_EQ(rows[1][1], "none");
  EXPECT_EQ(rows[15][1], "layers=1/3;L=ckpt;lcl=256;dtype=ckpt;lookup=dense;cap=none");
  // The full-context mock always answers; the 300-token mock only when the needle is near the end.
  for (const char* length : {"256", "1024", "4096"}) {
    EXPECT_EQ(value[std::string("full/tokens/") + length + "/"], "1.000000");
    EXPECT_EQ(value[std::string("short/tokens/") + length + "/1"], "1.000000");
  }
  EXPECT_EQ(value["short/tokens/256/"], "1.000000");
  EXPECT_EQ(value["short/tokens/4096/0"], "0.000000");
  EXPECT_EQ(value["short/tokens/4096/0.5"], "0.000000");
  EXPECT_EQ(value["short/tokens/4096/"], "0.333333");

  // The heatmap's data (what the PNG draws) is the CSV's per-depth rows.
  const auto heat = test::read_lines(dir / "out/plots/heatmap_short_passkey_tokens.dat");
  std::vector<std::string> cells;
  for (const auto& line : heat) {
    if (line.empty() && !cells.empty()) break;  // the cells with a value come first, then every cell's label
    if (!line.empty() && line[0] != '#') cells.push_back(line);
  }
  ASSERT_EQ(cells.size(), 9u);
  const char* lengths[] = {"256", "1024", "4096"};
  const char* depths[] = {"0", "0.5", "1"};
  for (int d = 0; d < 3; ++d)
    for (int l = 0; l < 3; ++l)
      EXPECT_EQ(cells[d * 3 + l], std::to_string(l) + " " + std::to_string(d) + " " +
                                      value[std::string("short/tokens/") + lengths[l] + "/" + depths[d]]);
  // And the accuracy plot's data is the pooled rows.
  EXPECT_NE(test::read_text(dir / "out/plots/accuracy_passkey_tokens.dat").find("4096 0.333333"), std::string::npos);

  const json results = json::parse(test::read_text(dir / "out/results.json"));
  EXPECT_EQ(results["rows"].size(), rows.size() - 1);
  for (const char* key : {"commit", "config", "seed", "environment", "started_at", "finished_at", "models"})
    EXPECT_TRUE(results["metadata"].contains(key)) << key;
  EXPECT_EQ(results["metadata"]["seed"], 3);
  EXPECT_NE(test::read_text(dir / "out/results.md").find("| short | none | passkey | tokens | 4096 | all |"),
            std::string::npos);
  // Progress went to stderr as plain lines (not a terminal here).
  EXPECT_NE(r.err.find("progress: 70/70 samples"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ETA"), std::string::npos);
}

TEST(Run, TwoRunsGiveByteIdenticalResults) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(0));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "a"}).exit_code, 0);
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "b"}).exit_code, 0);
  EXPECT_TRUE(test::read_text(dir / "a/results.csv") == test::read_text(dir / "b/results.csv"));
  EXPECT_TRUE(test::read_text(dir / "a/samples.jsonl") == test::read_text(dir / "b/samples.jsonl"));
  // Another seed changes the samples.
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "c", "--seed", "4"}).exit_code, 0);
  EXPECT_FALSE(test::read_text(dir / "a/samples.jsonl") == test::read_text(dir / "c/samples.jsonl"));
}

TEST(Run, SeveralWorkersWriteWhatOneWorkerWrites) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(3));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "one"}).exit_code, 0);
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "three", "--workers", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(test::read_text(dir / "one/results.csv") == test::read_text(dir / "three/results.csv"));
  EXPECT_TRUE(test::read_text(dir / "one/samples.jsonl") == test::read_text(dir / "three/samples.jsonl"));
  EXPECT_EQ(json::parse(test::read_text(dir / "three/results.json")).at("metadata").at("workers"), 3);
  // The config key works too, and --workers overrides it.
  test::write_text(dir / "w.yaml", "workers: 2\n" + config_text(3));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "w.yaml", "-o", dir / "two"}).exit_code, 0);
  EXPECT_TRUE(test::read_text(dir / "one/results.csv") == test::read_text(dir / "two/results.csv"));
  EXPECT_EQ(json::parse(test::read_text(dir / "two/results.json")).at("metadata").at("workers"), 2);
}

class KilledRun : public ::testing::TestWithParam<const char*> {};

TEST_P(KilledRun, ThenResumedEqualsAnUninterruptedRun) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(25));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "whole"}).exit_code, 0);

  const std::string samples = dir / "cut/samples.jsonl";
  const pid_t pid =
      test::spawn_fot_eval({"run", dir / "c.yaml", "-o", dir / "cut", "--workers", GetParam()}, dir / "o1", dir / "e1");
  size_t lines = 0;
  for (int i = 0; i < 2000 && lines < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (test::fs::exists(samples)) lines = test::read_lines(samples).size();
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  ASSERT_EQ(test::wait_exit_code(pid), 128 + SIGKILL);
  const auto before = test::read_lines(samples);
  ASSERT_GE(before.size(), 20u);
  ASSERT_LT(before.size(), kSamples) << "the run finished before the kill; raise delay_ms";
  EXPECT_FALSE(test::fs::exists(dir / "cut/results.csv"));

  const auto resumed = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "cut", "--resume"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resume: reused "), std::string::npos) << resumed.err;
  EXPECT_TRUE(test::read_text(dir / "cut/results.csv") == test::read_text(dir / "whole/results.csv"));
  check_samples(samples, kSamples);
  const auto after = test::read_lines(samples);
  for (size_t i = 0; i + 1 < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "line " << i;
}

INSTANTIATE_TEST_SUITE_P(Workers, KilledRun, ::testing::Values("1", "3"));

TEST(Run, ResumeDropsATornLastLine) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(0));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}).exit_code, 0);
  const std::string whole_csv = test::read_text(dir / "out/results.csv");
  const auto lines = test::read_lines(dir / "out/samples.jsonl");
  std::string cut;
  for (size_t i = 0; i < 30; ++i) cut += lines[i] + "\n";
  cut += lines[30].substr(0, lines[30].size() / 2);  // a write cut short by a crash
  test::write_text(dir / "out/samples.jsonl", cut);
  test::fs::remove(dir / "out/results.csv");

  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("torn"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("resume: reused 30, computing 40"), std::string::npos) << r.err;
  check_samples(dir / "out/samples.jsonl", kSamples);
  EXPECT_TRUE(test::read_text(dir / "out/results.csv") == whole_csv);

  // A damaged line in the middle is not a crash artefact: bad input.
  auto damaged = test::read_lines(dir / "out/samples.jsonl");
  damaged[5] = "{not json";
  std::string text;
  for (const auto& line : damaged) text += line + "\n";
  test::write_text(dir / "out/samples.jsonl", text);
  const auto bad = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("samples.jsonl:6"), std::string::npos) << bad.err;
}

TEST(Run, LimitModelsTasksAndLoggedPrompts) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config_text(0));
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--limit", "1", "--models", "short",
                                     "--tasks", "passkey", "--log-prompts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = test::read_lines(dir / "out/samples.jsonl");
  ASSERT_EQ(lines.size(), 3u * 3 + 2);
  for (const auto& line : lines) {
    const json record = json::parse(line);
    EXPECT_EQ(record["model"], "short");
    EXPECT_EQ(record["trial"], 0);
    const std::string prompt = record.at("prompt");
    if (record["variant"] == "landmark") {
      const auto expected = passkey::landmark_prompt(record["n_garbage"], record["n_prefix"], record["passkey"]);
      EXPECT_TRUE(prompt == expected.text);
    } else {
      EXPECT_NE(prompt.find(passkey::needle(record["passkey"])), std::string::npos);
    }
    for (const char* field : {"prompt_tokens", "needle_token_pos", "needle_depth", "passkey", "prediction", "correct"})
      EXPECT_TRUE(record.contains(field)) << field;
  }
  const auto rows = csv_rows(dir / "out/results.csv");
  EXPECT_EQ(rows[1][6], "3");  // pooled over 3 depths x 1 trial
  EXPECT_EQ(rows[2][6], "1");
}

TEST(Run, RandomDepthsDrawEachTrialWithinItsBin) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml",
                   "seed: 1\nmodels:\n  - name: m\n    backend: mock\n"
                   "tasks:\n  - name: passkey\n    variant: tokens\n    context_lengths: [512, 1024]\n"
                   "    depths: random\n    depth_bins: 4\n    trials: 5\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}).exit_code, 0);
  std::set<double> seen;
  int samples = 0;
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const auto sample = json::parse(line);
    const double bin_centre = sample.at("depth").get<double>();
    const double drawn = sample.at("needle_depth").get<double>();
    EXPECT_NEAR(drawn, bin_centre, 0.125 + 0.02) << line;  // half a bin, plus the snap to a sentence start
    seen.insert(drawn);
    ++samples;
  }
  EXPECT_EQ(samples, 2 * 4 * 5);
  EXPECT_GT(seen.size(), 30u);  // draws differ across trials, bins and lengths
  test::write_text(dir / "bad.yaml", "models:\n  - name: m\n    backend: mock\ntasks:\n  - name: passkey\n"
                                     "    variant: tokens\n    context_lengths: [512]\n    depths: sometimes\n");
  const auto bad = test::run_fot_eval({"run", dir / "bad.yaml", "-o", dir / "bad"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("depths must be a list of fractions or 'random'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace fot
