// A sample's identity is what determines it: growing a sweep reuses every earlier sample, one
// checkpoint spelled three ways is one model, seeds share no sample, and a used output directory
// is never overwritten silently.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "harness/config/run_config.h"
#include "harness/planning/plan.h"
#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

std::string mock_config(const std::string& lengths, int trials, int delay_ms = 0) {
  return "seed: 11\nmodels:\n  - name: m\n    backend: mock\n    mock: {window: 300, delay_ms: " +
         std::to_string(delay_ms) + "}\n" +
         "tasks:\n  - name: passkey\n    variant: tokens\n    context_lengths: [" + lengths +
         "]\n    depths: [0, 0.5, 1]\n    trials: " + std::to_string(trials) + "\n";
}

// (reused, computing) from the "resume: reused N, computing M" line.
std::pair<int, int> resume_counts(const std::string& err) {
  std::smatch match;
  if (!std::regex_search(err, match, std::regex("resume: reused ([0-9]+), computing ([0-9]+)"))) return {-1, -1};
  return {std::stoi(match[1]), std::stoi(match[2])};
}

std::set<std::string> sample_lines(const std::string& path) {
  const auto lines = test::read_lines(path);
  return {lines.begin(), lines.end()};
}

TEST(ResumeIdentity, GrowingASweepByALengthOrByTrialsReusesEveryEarlierSample) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", mock_config("256, 1024", 2));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}).exit_code, 0);
  const auto first = sample_lines(dir / "out/samples.jsonl");
  ASSERT_EQ(first.size(), 2u * 3 * 2);

  test::write_text(dir / "c.yaml", mock_config("256, 1024, 2048", 2));
  auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(resume_counts(r.err), std::make_pair(12, 6)) << r.err;
  const auto second = sample_lines(dir / "out/samples.jsonl");
  for (const auto& line : first) EXPECT_TRUE(second.count(line)) << line;

  test::write_text(dir / "c.yaml", mock_config("256, 1024, 2048", 5));
  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(resume_counts(r.err), std::make_pair(18, 27)) << r.err;

  // The grown run equals a fresh run of the grown config, row for row.
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "fresh"}).exit_code, 0);
  EXPECT_TRUE(sample_lines(dir / "out/samples.jsonl") == sample_lines(dir / "fresh/samples.jsonl"));
  EXPECT_TRUE(test::read_text(dir / "out/results.csv") == test::read_text(dir / "fresh/results.csv"));

  // Shrinking keeps the other samples in the log, unused.
  test::write_text(dir / "c.yaml", mock_config("1024", 2));
  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(resume_counts(r.err), std::make_pair(6, 0)) << r.err;
  EXPECT_EQ(test::read_lines(dir / "out/samples.jsonl").size(), 45u);
  EXPECT_EQ(test::read_lines(dir / "out/results.csv").size(), 1u + 4);
}

TEST(ResumeIdentity, ThreeSpellingsOfOneCheckpointAreOneModel) {
  test::TempDir dir;
  const test::fs::path zoo = test::fs::canonical(std::string(FOT_SOURCE_DIR) + "/zoo/tiny-openllama");
  const std::string relative = test::fs::relative(zoo, dir.path()).string();  // zoo/x from the config's directory
  std::set<std::string> keys;
  std::set<std::string> hashes;
  for (const std::string& spelling : {relative, "./" + relative + "/", zoo.string()}) {
    test::write_text(dir / "c.yaml", "models:\n  - {name: m, checkpoint: '" + spelling +
                                         "'}\ntasks:\n  - {name: passkey, variant: tokens, context_lengths: [128], "
                                         "depths: [0.5], trials: 2}\n");
    RunConfig config = load_run_config(dir / "c.yaml", std::nullopt);
    const auto plan = make_plan(config, 0);
    hashes.insert(plan[0].model_hash + plan[0].config_hash);
    for (const auto& sample : plan[0].samples) keys.insert(sample.key);
  }
  EXPECT_EQ(hashes.size(), 1u);
  EXPECT_EQ(keys.size(), 2u);
  // Another checkpoint is another model.
  test::write_text(dir / "d.yaml", "models:\n  - {name: m, checkpoint: '" + std::string(FOT_SOURCE_DIR) +
                                       "/zoo/tiny-longllama', backend: llama}\ntasks:\n  - {name: passkey, variant: "
                                       "tokens, context_lengths: [128], depths: [0.5], trials: 2}\n");
  RunConfig other = load_run_config(dir / "d.yaml", std::nullopt);
  EXPECT_EQ(keys.count(make_plan(other, 0)[0].samples[0].key), 0u);
}

TEST(ResumeIdentity, SeedsShareNoPromptAndKeysVaryAcrossPoints) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", mock_config("256, 512, 1024", 4));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "s0", "--seed", "0"}).exit_code, 0);
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "s1", "--seed", "1"}).exit_code, 0);
  std::set<std::string> prompts0, prompts1;
  std::map<int64_t, std::set<int64_t>> keys_by_trial;  // seed 0: trial -> passkeys over the sweep points
  for (const auto& line : test::read_lines(dir / "s0/samples.jsonl")) {
    const json s = json::parse(line);
    prompts0.insert(s["prompt_hash"].get<std::string>());
    keys_by_trial[s["trial"].get<int64_t>()].insert(s["passkey"].get<int64_t>());
  }
  for (const auto& line : test::read_lines(dir / "s1/samples.jsonl"))
    prompts1.insert(json::parse(line)["prompt_hash"].get<std::string>());
  for (const auto& p : prompts1) EXPECT_EQ(prompts0.count(p), 0u) << "seeds 0 and 1 share a prompt";
  EXPECT_EQ(prompts0.size(), 3u * 3 * 4);
  for (const auto& [trial, keys] : keys_by_trial) EXPECT_GE(keys.size(), 8u) << "trial " << trial;  // of 9 points

  // Paired keys, as an explicit option: trial t hides one key at every point.
  test::write_text(dir / "p.yaml", mock_config("256, 512, 1024", 4) + "    paired_keys: true\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "p.yaml", "-o", dir / "paired"}).exit_code, 0);
  std::map<int64_t, std::set<int64_t>> paired;
  for (const auto& line : test::read_lines(dir / "paired/samples.jsonl")) {
    const json s = json::parse(line);
    paired[s["trial"].get<int64_t>()].insert(s["passkey"].get<int64_t>());
  }
  for (const auto& [trial, keys] : paired) EXPECT_EQ(keys.size(), 1u) << "trial " << trial;
  EXPECT_NE(json::parse(test::read_text(dir / "paired/results.json"))["metadata"]["tasks"][0]["paired_keys"], false);
}

TEST(OutputDirectory, AUsedDirectoryIsRefusedAndOverwriteLeavesOnlyTheNewRun) {
  test::TempDir dir;
  test::write_text(dir / "a.yaml",
                   "models:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, variant: tokens, "
                   "context_lengths: [256, 512], depths: [0.5], trials: 2}\n");
  test::write_text(dir / "b.yaml",
                   "models:\n  - {name: n, backend: mock}\ntasks:\n  - {name: passkey, variant: landmark, "
                   "n_garbage: [100], trials: 2}\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "a.yaml", "-o", dir / "out"}).exit_code, 0);
  const std::string before = test::read_text(dir / "out/results.csv");
  const auto refused = test::run_fot_eval({"run", dir / "b.yaml", "-o", dir / "out"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--resume"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--overwrite"), std::string::npos) << refused.err;
  EXPECT_TRUE(test::read_text(dir / "out/results.csv") == before);  // nothing written

  const auto r = test::run_fot_eval({"run", dir / "b.yaml", "-o", dir / "out", "--overwrite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(test::run_fot_eval({"run", dir / "b.yaml", "-o", dir / "clean"}).exit_code, 0);
  std::set<std::string> files, clean;
  for (const auto& e : test::fs::recursive_directory_iterator(dir / "out"))
    files.insert(test::fs::relative(e.path(), dir / "out").string());
  for (const auto& e : test::fs::recursive_directory_iterator(dir / "clean"))
    clean.insert(test::fs::relative(e.path(), dir / "clean").string());
  EXPECT_TRUE(files == clean);  // no plot or sample of the first run is left
  EXPECT_TRUE(test::read_text(dir / "out/results.csv") == test::read_text(dir / "clean/results.csv"));
  EXPECT_EQ(test::run_fot_eval({"run", dir / "b.yaml", "-o", dir / "out", "--overwrite", "--resume"}).exit_code, 2);
}

TEST(Timings, WrittenBesideByteIdenticalSamples) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", mock_config("256, 1024", 2, 2));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "a"}).exit_code, 0);
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "b", "--workers", "2"}).exit_code, 0);
  EXPECT_TRUE(test::read_text(dir / "a/samples.jsonl") == test::read_text(dir / "b/samples.jsonl"));
  const auto timings = test::read_lines(dir / "a/timings.jsonl");
  ASSERT_EQ(timings.size(), 12u);
  for (const auto& line : timings) {
    const json t = json::parse(line);
    EXPECT_GT(t.at("wall_s").get<double>(), 0.0);
    EXPECT_GT(t.at("tokens").get<int64_t>(), 200);
    EXPECT_TRUE(t.contains("tokens_per_s") && t.contains("context_tokens") && t.contains("memory_config"));
  }
  const std::string md = test::read_text(dir / "a/results.md");
  EXPECT_NE(md.find("## Speed"), std::string::npos) << md;
  EXPECT_NE(md.find("tokens/s"), std::string::npos);
}

TEST(Interrupt, CtrlCSaysHowToContinueAndExits130) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", mock_config("256, 1024", 10, 40));
  const pid_t pid = test::spawn_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}, dir / "o", dir / "e");
  for (int i = 0; i < 2000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (test::fs::exists(dir / "out/samples.jsonl") && test::read_lines(dir / "out/samples.jsonl").size() >= 3) break;
  }
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  EXPECT_EQ(test::wait_exit_code(pid), 130);
  const std::string err = test::read_text(dir / "e");
  EXPECT_NE(err.find("interrupted: "), std::string::npos) << err;
  EXPECT_NE(err.find("--resume"), std::string::npos) << err;
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace fot
