// The CI gate (.ci/gate.sh) fails with exit 3, naming the rows, when the run falls below its
// baseline: here the baseline is the committed one with tiny-openllama's misses beyond its window
// planted as hits, and the gate's run reuses the committed samples (FOT_GATE_RESUME) so the test
// takes seconds; CI's own gate step (.ci/run) computes every sample.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../harness/test_util.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

const std::string kBaseline = std::string(FOT_SOURCE_DIR) + "/.ci/gate-baseline";

test::ProcessResult run_gate(const std::string& baseline, const std::string& output) {
  test::TempDir io;
  const std::string command = "FOT_GATE_BASELINE='" + baseline + "' FOT_GATE_OUTPUT='" + output +
                              "' FOT_GATE_RESUME=1 bash '" FOT_SOURCE_DIR "/.ci/gate.sh' '" FOT_BINARY_DIR "' >'" +
                              (io / "out") + "' 2>'" + (io / "err") + "'";
  const int status = std::system(command.c_str());
  test::ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test::read_text(io / "out");
  r.err = test::read_text(io / "err");
  return r;
}

TEST(Gate, PassesOnItsBaselineAndFailsWithExitThreeOnAPlantedRegression) {
  ASSERT_TRUE(fs::exists(kBaseline + "/samples.jsonl")) << kBaseline;
  test::TempDir dir;
  fs::create_directories(dir / "out");
  fs::copy(kBaseline, dir / "out/run", fs::copy_options::recursive);
  auto r = run_gate(kBaseline, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("gate: passed"), std::string::npos) << r.out;

  // The planted baseline: tiny-openllama found every key at 512 tokens (it finds ~20% there).
  fs::copy(kBaseline, dir / "planted", fs::copy_options::recursive);
  std::string text;
  int planted = 0;
  for (const auto& line : test::read_lines(kBaseline + "/samples.jsonl")) {
    auto record = nlohmann::json::parse(line);
    if (record["model"] == "tiny-openllama" && record["context_tokens"] == 512 && record["metrics"]["acc"] == 0.0) {
      record["metrics"]["acc"] = 1.0;
      ++planted;
    }
    text += record.dump() + "\n";
  }
  ASSERT_GE(planted, 10);
  test::write_text(dir / "planted/samples.jsonl", text);
  r = run_gate(dir / "planted", dir / "out");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("REGRESSED model=tiny-openllama"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("point=context_tokens=512 metric=acc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gate: FAILED"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/compare/comparison.md"));
}

}  // namespace
}  // namespace fot
