#include "harness/stats/summary.h"

#include <gtest/gtest.h>

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
    const Summary s = summarize(c["values"].get<std::vector<double>>());
    EXPECT_NEAR(s.mean, c["mean"].get<double>(), 1e-12);
    ASSERT_TRUE(s.std_error.has_value());
    EXPECT_NEAR(*s.std_error, c["stderr"].get<double>(), 1e-12) << c.dump();
  }
}

TEST(Stats, BinaryValuesGetWilsonOthersNormal) {
  Summary binary = summarize({1, 0, 1, 1});
  const Interval w = wilson_interval(3, 4);
  EXPECT_DOUBLE_EQ(binary.ci.low, w.low);
  EXPECT_DOUBLE_EQ(binary.ci.high, w.high);
  Summary scores = summarize({0.5, 0.25, 0.75});
  EXPECT_NEAR(scores.ci.low, scores.mean - kZ95 * *scores.std_error, 1e-15);
  Summary single = summarize({1});
  EXPECT_FALSE(single.std_error.has_value());
  EXPECT_EQ(single.n, 1);
}

}  // namespace
}  // namespace fot
