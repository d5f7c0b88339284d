// A NaN metric stays NaN: TruthfulQA mc2 is NaN where every mc2 log-likelihood underflows exp()
// (as in lm-evaluation-harness v0.3.0, computed here by Python with NumPy from the sample's own
// log-likelihoods). The sample log keeps it as "NaN" (not null), the row's mean over it is NaN in
// results.csv/json/md, and `compare` names the row as not comparable instead of dropping the sample.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

using nlohmann::json;

// Two ordinary questions and one whose mc2 answers are 200 words each: the mock scores an unseen
// word between -1 and -11, so each answer's log-likelihood is far below log(DBL_MIN) (about -708).
std::string truthfulqa_data() {
  json rows = json::array();
  rows.push_back({{"question", "What colour is the sky?"},
                  {"mc1_targets", {{"Blue.", 1}, {"Green.", 0}}},
                  {"mc2_targets", {{"Blue.", 1}, {"Often blue.", 1}, {"Green.", 0}}}});
  rows.push_back({{"question", "How many legs has a cat?"},
                  {"mc1_targets", {{"Four.", 1}, {"Three.", 0}}},
                  {"mc2_targets", {{"Four.", 1}, {"Two.", 0}, {"Three.", 0}}}});
  json mc2 = json::object();
  for (int answer = 0; answer < 4; ++answer) {
    std::string text;
    for (int w = 0; w < 200; ++w) text += "word" + std::to_string(answer * 1000 + w) + " ";
    mc2[text + "end" + std::to_string(answer)] = answer < 2 ? 1 : 0;
  }
  rows.push_back({{"question", "Tell me everything."}, {"mc1_targets", {{"Yes.", 1}, {"No.", 0}}}, {"mc2_targets", mc2}});
  return rows.dump(1);
}

// lm-evaluation-harness v0.3.0's mc2 (tasks/truthfulqa.py) in Python with NumPy.
std::string python_mc2(const json& lls, const json& labels) {
  test::TempDir io;
  test::write_text(io / "in.json", json{{"lls", lls}, {"labels", labels}}.dump());
  const std::string script =
      "import json, sys, numpy as np\n"
      "d = json.load(open(sys.argv[1]))\n"
      "split = d['labels'].index(0)\n"
      "p_true, p_false = np.exp(np.array(d['lls'][:split])), np.exp(np.array(d['lls'][split:]))\n"
      "with np.errstate(all='ignore'):\n"
      "    p_true = p_true / (sum(p_true) + sum(p_false))\n"
      "print(repr(float(sum(p_true))))\n";
  test::write_text(io / "mc2.py", script);
  const std::string command = "/usr/bin/python3 '" + (io / "mc2.py") + "' '" + (io / "in.json") + "' > '" + (io / "out") + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("python3 failed");
  std::string out = test::read_text(io / "out");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(NonFiniteMetrics, AnMc2SampleThatIsNanShowsNanInItsRowAndCompareNamesTheRow) {
  test::TempDir dir;
  test::fs::create_directories(dir / "data/truthfulqa");
  test::write_text(dir / "data/truthfulqa/mc_task.json", truthfulqa_data());
  test::write_text(dir / "c.yaml",
                   "models:\n  - {name: m, backend: mock}\ntasks:\n  - {name: truthfulqa_mc, data_dir: data}\n");
  const auto r = test::run_fot_eval({"run", dir / "c.yaml", "-o", dir / "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  int nan_samples = 0;
  for (const auto& line : test::read_lines(dir / "out/samples.jsonl")) {
    const json s = json::parse(line);
    const json& mc2 = s["metrics"]["mc2"];
    ASSERT_FALSE(mc2.is_null()) << line.substr(0, 200);
    if (s["doc_index"] != 2) {
      EXPECT_TRUE(mc2.is_number()) << mc2;
      continue;
    }
    EXPECT_EQ(mc2, "NaN");
    ++nan_samples;
    // The log-likelihoods after mc1's two choices are mc2's, labels in the file's order.
    const json lls(s["loglikelihoods"].begin() + 2, s["loglikelihoods"].end());
    ASSERT_EQ(lls.size(), 4u);
    EXPECT_EQ(python_mc2(lls, json::array({1, 1, 0, 0})), "nan");
  }
  EXPECT_EQ(nan_samples, 1);

  bool csv_row = false;
  for (const auto& line : test::read_lines(dir / "out/results.csv"))
    if (line.find(",mc2,") != std::string::npos) {
      csv_row = true;
      EXPECT_NE(line.find(",3,mc2,NaN,NaN,NaN,NaN,"), std::string::npos) << line;
    }
  EXPECT_TRUE(csv_row);
  const json results = json::parse(test::read_text(dir / "out/results.json"));
  int rows = 0;
  for (const auto& row : results["rows"]) {
    if (row["metric"] == "mc2") {
      EXPECT_EQ(row["value"], "NaN");
      EXPECT_EQ(row["n"], 3);
    } else {
      EXPECT_TRUE(row["value"].is_number()) << row;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 2);
  EXPECT_NE(test::read_text(dir / "out/results.md").find("| mc2 | NaN |"), std::string::npos)
      << test::read_text(dir / "out/results.md");

  // The same samples once more as the candidate: the mc2 row cannot be compared, mc1 can.
  test::fs::copy(dir / "out", dir / "again", test::fs::copy_options::recursive);
  const auto c = test::run_fot_eval({"compare", dir / "out", dir / "again", "--output", dir / "cmp"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("NOT COMPARABLE model=m memory=none task=truthfulqa_mc variant=v0.3 point=- metric=mc2"),
            std::string::npos)
      << c.out;
  EXPECT_EQ(c.out.find("metric=mc1: "), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("1 not comparable"), std::string::npos) << c.out;
  const json comparison = json::parse(test::read_text(dir / "cmp/comparison.json"));
  for (const auto& row : comparison["rows"]) {
    if (row["metric"] == "mc2") {
      EXPECT_EQ(row["status"], "not comparable");
      EXPECT_EQ(row["n"], 3);  // no sample dropped
      EXPECT_EQ(row["nonfinite_pairs"], 1);
      EXPECT_EQ(row["baseline"], "NaN");
    } else {
      EXPECT_EQ(row["status"], "same");
    }
  }
}

}  // namespace
}  // namespace fot
