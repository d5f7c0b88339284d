// `fot-eval report RUN_DIR` rebuilds results from samples.jsonl and run.json alone: byte for byte
// what the run wrote, with the checkpoint gone; bad run directories are exit 2.
#include <gtest/gtest.h>

#include "test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> result_files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const char* name : {"results.csv", "results.md", "results.json"}) out[name] = test::read_text(dir + "/" + name);
  for (const auto& entry : fs::directory_iterator(dir + "/plots")) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".dat" || ext == ".gp") out["plots/" + entry.path().filename().string()] = test::read_text(entry.path());
  }
  return out;
}

TEST(Report, RebuildsTheResultsByteForByteWithTheCheckpointMovedAway) {
  test::TempDir dir;
  fs::copy(std::string(FOT_SOURCE_DIR) + "/zoo/tiny-openllama", dir / "ckpt", fs::copy_options::recursive);
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: tiny, checkpoint: ckpt, overflow: keep_last}\n"
                   "  - {name: mock, backend: mock}\n"
                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [96, 256], depths: random, "
                   "depth_bins: 2, trials: 2}\n  - {name: passkey, variant: landmark, n_garbage: [100], trials: 2}\n");
  const auto run = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto written = result_files(dir / "out");
  ASSERT_GE(written.size(), 6u);
  fs::rename(dir / "ckpt", dir / "moved");
  for (const auto& [name, _] : written) fs::remove(dir / ("out/" + name));

  const auto report = test::run_fot_eval({"report", dir / "out"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("results.csv"), std::string::npos);
  const auto rebuilt = result_files(dir / "out");
  ASSERT_EQ(rebuilt.size(), written.size());
  for (const auto& [name, text] : written) EXPECT_TRUE(rebuilt.at(name) == text) << name << " differs";
  EXPECT_TRUE(fs::is_regular_file(dir / "out/plots/accuracy_passkey_tokens.png"));
}

TEST(Report, BadRunDirectoriesAreExitTwo) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", "models:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, variant: tokens, "
                                   "context_lengths: [256], depths: [0, 1], trials: 2}\n");
  test::write_text(dir / "d.yaml", "seed: 9\nmodels:\n  - {name: m, backend: mock}\ntasks:\n  - {name: passkey, "
                                   "variant: landmark, n_garbage: [100], trials: 3}\n");
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "a"}).exit_code, 0);
  ASSERT_EQ(test::run_fot_eval({"run", dir / "d.yaml", "-o", dir / "b"}).exit_code, 0);

  fs::create_directories(dir / "empty");
  auto r = test::run_fot_eval({"report", dir / "empty"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a fot-eval run directory"), std::string::npos) << r.err;

  r = test::run_fot_eval({"report", dir / "nowhere"});
  EXPECT_EQ(r.exit_code, 2) << r.err;

  fs::copy(dir / "a", dir / "torn", fs::copy_options::recursive);
  test::write_text(dir / "torn/samples.jsonl", test::read_text(dir / "a/samples.jsonl") + "{\"key\": \"m|pass");
  r = test::run_fot_eval({"report", dir / "torn"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("samples.jsonl:5"), std::string::npos) << r.err;

  fs::copy(dir / "a", dir / "foreign", fs::copy_options::recursive);
  fs::copy_file(dir / "b/samples.jsonl", dir / "foreign/samples.jsonl", fs::copy_options::overwrite_existing);
  r = test::run_fot_eval({"report", dir / "foreign"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("another run"), std::string::npos) << r.err;

  fs::copy(dir / "a", dir / "noconfig", fs::copy_options::recursive);
  fs::remove(dir / "noconfig/run.json");
  r = test::run_fot_eval({"report", dir / "noconfig"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run.json"), std::string::npos) << r.err;
}

TEST(Validate, NamesEveryMissingPathWithoutReadingWeights) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: a, checkpoint: gone/openllama}\n"
                   "  - {name: b, checkpoint: also/gone.bin, tokenizer: no/tokenizer.model}\n"
                   "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [256], trials: 1}\n");
  const auto r = test::run_fot_eval({"validate", dir / "c.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  for (const char* path : {"gone/openllama", "also/gone.bin", "no/tokenizer.model"})
    EXPECT_NE(r.err.find(path), std::string::npos) << path << "\n" << r.err;
  EXPECT_NE(r.err.find("3 missing paths"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fot
