// Results that issue 22's redesign (one executor for every task) must not change: the quickstart's
// and zeroshot-small's results.csv equal those of commit 63689b8 (tests/data/unchanged/, written by
// that commit's fot-eval) byte for byte except the commit and config_hash columns. config_hash hashes
// the model's identity with the task's settings, and issue 23 made that identity a SHA-256 of every
// byte of the checkpoint and tokenizer (docs/runs.md) where 63689b8 sampled blocks of large files:
// the identity changes by design, every metric and interval must not. zeroshot-small needs
// ../shared/data (stories260K, ARC, BoolQ, OpenBookQA, PIQA) and fails loudly without it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_util.h"

namespace fot {
namespace {

const std::string kSource = FOT_SOURCE_DIR;

// CSV cells of one line (quoted cells may hold commas and doubled quotes).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// The file's lines without the commit and config_hash columns.
std::vector<std::string> without_commit(const std::string& path) {
  const auto lines = test::read_lines(path);
  EXPECT_FALSE(lines.empty()) << path;
  if (lines.empty()) return {};
  const auto header = cells(lines.front());
  std::vector<size_t> dropped;
  for (const char* name : {"config_hash", "commit"}) {
    const auto column = static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    EXPECT_LT(column, header.size()) << path << " has no " << name << " column";
    if (column < header.size()) dropped.push_back(column);
  }
  std::sort(dropped.rbegin(), dropped.rend());
  std::vector<std::string> out;
  for (const auto& line : lines) {
    auto row = cells(line);
    EXPECT_EQ(row.size(), header.size()) << path << ": " << line;
    for (size_t column : dropped)
      if (column < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
    std::string joined;
    for (size_t i = 0; i < row.size(); ++i) joined += (i ? "," : "") + row[i];
    out.push_back(joined);
  }
  return out;
}

void expect_unchanged(const std::string& config, const std::string& golden,
                      const std::map<std::string, std::string>& env = {}) {
  test::TempDir dir;
  const auto run = test::run_fot_eval({"run", kSource + "/" + config, "--output", dir / "run"}, env);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ours = without_commit(dir / "run/results.csv");
  const auto theirs = without_commit(kSource + "/tests/data/unchanged/" + golden);
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[i]) << "line " << i + 1;
}

TEST(UnchangedResults, QuickstartEqualsCommit63689b8) {
  expect_unchanged("configs/quickstart.yaml", "quickstart.results.csv");
}

TEST(UnchangedResults, ZeroshotSmallEqualsCommit63689b8) {
  expect_unchanged("configs/examples/zeroshot-small.yaml", "zeroshot-small.results.csv",
                   {{"FOT_SHARED_DATA", test::shared_data()}});
}

}  // namespace
}  // namespace fot
