#include "harness/results/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fot {
namespace {

TEST(Stats, WilsonMatchesPython) {
  const auto golden = nlohmann::json::parse(test::read_text(test::golden_dir() + "/stats.json"));
  EXPECT_DOUBLE_EQ(golden["z"].get<double>(), kZ95);
  for (const auto& c : golden["wilson"]) {
    const Interval ci = wilson_interval(c["successes"].get<double>(), c["n"].get<int64_t>());
    EXPECT_NEAR(ci.low, c["low"].get<double>(), 1e-12) << c.dump();
    EXPECT_NEAR(ci.high, c["high"].get<double>(), 1e-12) << c.dump();
  }
}

TEST(Stats, ClosedFormStderrMatchesPython) {
  const auto golden = nlohmann::json::parse(test::read_text(test::golden_dir() + "/stats.json"));
  for (const auto& c : golden["stderr"]) {
    const Summary s = summarize(c["values"].get<std::vector<double>>(), IntervalMethod::kStudentT);
    EXPECT_NEAR(s.mean, c["mean"].get<double>(), 1e-12);
    ASSERT_TRUE(s.std_error.has_value());
    EXPECT_NEAR(*s.std_error, c["stderr"].get<double>(), 1e-12) << c.dump();
  }
}

TEST(Stats, StudentTIntervalsMatchScipy) {
  const auto golden = nlohmann::json::parse(test::read_text(test::golden_dir() + "/stats.json"));
  ASSERT_FALSE(golden["t_intervals"].empty());
  for (const auto& c : golden["t_intervals"]) {
    const Summary s = summarize(c["values"].get<std::vector<double>>(), IntervalMethod::kStudentT);
    EXPECT_NEAR(s.mean, c["mean"].get<double>(), 1e-12) << c.dump();
    EXPECT_NEAR(s.ci.low, c["low"].get<double>(), 1e-9) << c.dump();
    EXPECT_NEAR(s.ci.high, c["high"].get<double>(), 1e-9) << c.dump();
  }
  // scipy's t.ppf is itself accurate to about 3e-10 at 1 and 2 degrees of freedom, where closed
  // forms exist (below); hence the relative 1e-9.
  for (const auto& c : golden["t_quantiles"])
    EXPECT_NEAR(student_t_quantile(0.975, c["dof"].get<int64_t>()) / c["q"].get<double>(), 1.0, 1e-9) << c.dump();
  const double pi = std::acos(-1.0);
  EXPECT_NEAR(student_t_quantile(0.975, 1), std::tan(pi * 0.475), 1e-12);              // Cauchy
  EXPECT_NEAR(student_t_quantile(0.975, 2), 0.95 / std::sqrt(2 * 0.975 * 0.025), 1e-12);  // 2 dof
}

TEST(Stats, TheMethodPicksTheInterval) {
  Summary binary = summarize({1, 0, 1, 1}, IntervalMethod::kWilson);
  const Interval w = wilson_interval(3, 4);
  EXPECT_DOUBLE_EQ(binary.ci.low, w.low);
  EXPECT_DOUBLE_EQ(binary.ci.high, w.high);
  Summary scores = summarize({0.5, 0.25, 0.75}, IntervalMethod::kStudentT);
  EXPECT_NEAR(scores.ci.low, scores.mean - student_t_quantile(0.975, 2) * *scores.std_error, 1e-15);
  Summary single = summarize({1}, IntervalMethod::kStudentT);
  EXPECT_FALSE(single.std_error.has_value());
  EXPECT_EQ(single.n, 1);
  EXPECT_EQ(single.ci.low, 1.0);
}

}  // namespace
}  // namespace fot
