// One code version per result: every sample records the commit that computed it, `run --resume`
// refuses a directory written by another commit (exit 2, naming both) unless
// --resume-across-commits, and then run.json and the rows name every commit. `report` refuses
// samples of a commit that run.json does not list. A second commit is made with FOT_EVAL_COMMIT,
// the documented way to name the commit of a build (docs/runs.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

const std::string kOld = "1111111111111111111111111111111111111111";
const std::string kNew = "2222222222222222222222222222222222222222";

std::string config(const std::string& lengths) {
  return "seed: 3\nmodels:\n  - {name: m, backend: mock, mock: {window: 300}}\n"
         "tasks:\n  - {name: passkey, variant: tokens, context_lengths: [" +
         lengths + "], depths: [0, 1], trials: 2}\n";
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

TEST(CodeVersion, EverySampleRecordsTheCommitAndWhetherTheTreeWasModified) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config("256"));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}, {{"FOT_EVAL_COMMIT", kOld}}).exit_code, 0);
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const json s = json::parse(line);
    EXPECT_EQ(s["commit"], kOld);
    EXPECT_EQ(s["tree_modified"], false);
  }
  // The build's own version: a 40-hex commit (or "unknown" outside git) and a boolean.
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "own"}).exit_code, 0);
  const json s = json::parse(test::read_lines(dir / "own/samples.jsonl").at(0));
  EXPECT_TRUE(s["tree_modified"].is_boolean());
  const std::string commit = s["commit"];
  EXPECT_TRUE(commit == "unknown" || commit.size() == 40) << commit;
  const std::string label = commit + (s["tree_modified"].get<bool>() ? "-modified" : "");
  EXPECT_EQ(json::parse(test::read_text(dir / "own/run.json"))["metadata"]["commits"], json::array({label}));
}

TEST(CodeVersion, ResumeOnAnotherCommitsDirectoryExitsTwoNamingBothUnlessAcrossCommits) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config("256"));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}, {{"FOT_EVAL_COMMIT", kOld}}).exit_code, 0);
  const std::string samples_before = test::read_text(dir / "out/samples.jsonl");
  const std::string run_before = test::read_text(dir / "out/run.json");

  test::write_text(dir / "c.yaml", config("256, 512"));
  auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"}, {{"FOT_EVAL_COMMIT", kNew}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(kOld), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kNew), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume-across-commits"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_text(dir / "out/samples.jsonl"), samples_before);  // nothing lost or added
  EXPECT_EQ(test::read_text(dir / "out/run.json"), run_before);

  // The same commit resumes as before.
  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "same", "--resume"}, {{"FOT_EVAL_COMMIT", kOld}});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume", "--resume-across-commits"},
                         {{"FOT_EVAL_COMMIT", kNew}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json manifest = json::parse(test::read_text(dir / "out/run.json"));
  EXPECT_EQ(manifest["metadata"]["commits"], json::array({kOld, kNew}));
  const json results = json::parse(test::read_text(dir / "out/results.json"));
  EXPECT_EQ(results["metadata"]["commits"], json::array({kOld, kNew}));
  EXPECT_NE(test::read_text(dir / "out/results.md").find(kOld + " " + kNew), std::string::npos);
  // Rows of 256 tokens hold only old samples, rows of 512 only new ones; the pooled ones name both.
  std::set<std::string> all;
  for (const auto& row : results["rows"]) {
    const std::set<std::string> named = words(row["commit"]);
    all.insert(named.begin(), named.end());
    EXPECT_EQ(named, std::set<std::string>{row["context_tokens"] == 256 ? kOld : kNew}) << row.dump();
  }
  EXPECT_EQ(all, (std::set<std::string>{kOld, kNew}));
  for (const auto& line : test::read_lines(dir / "out/results.csv")) {
    if (line.find(",512,") != std::string::npos) {
      EXPECT_NE(line.find("," + kNew + ","), std::string::npos) << line;
    }
  }

  // A third commit resuming needs the flag again, and then all three are listed.
  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"}, {{"FOT_EVAL_COMMIT", "3333"}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(kOld + " " + kNew), std::string::npos) << r.err;
}

TEST(CodeVersion, ReportRefusesSamplesOfACommitRunJsonDoesNotList) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config("256"));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}, {{"FOT_EVAL_COMMIT", kOld}}).exit_code, 0);
  ASSERT_EQ(test::run_fot_eval({"report", dir / "out"}).exit_code, 0);
  // One sample rewritten as if another build had appended it.
  auto lines = test::read_lines(dir / "out/samples.jsonl");
  json first = json::parse(lines.at(0));
  first["commit"] = kNew;
  lines[0] = first.dump();
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  test::write_text(dir / "out/samples.jsonl", text);
  const std::string before = test::read_text(dir / "out/results.csv");
  auto r = test::run_fot_eval({"report", dir / "out"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(kOld), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(kNew), std::string::npos) << r.err;
  EXPECT_EQ(test::read_text(dir / "out/results.csv"), before);
  r = test::run_fot_eval({"report", dir / "out", "--output", dir / "rep"});
  EXPECT_EQ(r.exit_code, 2) << r.err;

  r = test::run_fot_eval({"report", dir / "out", "--across-commits"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(test::read_text(dir / "out/results.json"))["metadata"]["commits"], json::array({kOld, kNew}));
}

TEST(CodeVersion, SamplesFromBeforeCommitsWereRecordedCountAsTheirRunJsonsCommit) {
  test::TempDir dir;
  test::write_text(dir / "c.yaml", config("256"));
  ASSERT_EQ(test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"}, {{"FOT_EVAL_COMMIT", kOld}}).exit_code, 0);
  std::string text;
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    json s = json::parse(line);
    s.erase("commit");
    s.erase("tree_modified");
    text += s.dump() + "\n";
  }
  test::write_text(dir / "out/samples.jsonl", text);
  json manifest = json::parse(test::read_text(dir / "out/run.json"));
  manifest["metadata"].erase("commits");
  test::write_text(dir / "out/run.json", manifest.dump());
  auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"}, {{"FOT_EVAL_COMMIT", kNew}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(kOld), std::string::npos) << r.err;
  r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out", "--resume"}, {{"FOT_EVAL_COMMIT", kOld}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace fot
