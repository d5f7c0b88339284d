// The paired tests of `fot-eval compare`: exact McNemar p-values against SciPy, and a bootstrap
// that is a pure function of its inputs and seed.
#include "harness/results/compare/paired_tests.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fot {
namespace {

// Written by (Debian python3-scipy 1.10.1):
//   /usr/bin/python3 -c "from scipy.stats import binomtest
//   for b,c in CASES: print('{%d, %d, %.17g},'%(b,c,1.0 if b+c==0 else binomtest(b,b+c,0.5).pvalue))"
// (b + c = 0 has no test in SciPy; no discordant pair is no evidence: p = 1.)
struct Case {
  int64_t b, c;
  double p;
};
const Case kScipy[] = {
    {0, 0, 1},
    {0, 1, 1},
    {1, 0, 1},
    {3, 3, 1},
    {0, 5, 0.0625},
    {1, 9, 0.021484375},
    {2, 10, 0.03857421875},
    {7, 3, 0.34375},
    {12, 0, 0.00048828125},
    {0, 12, 0.00048828125},
    {15, 30, 0.035697803555194696},
    {40, 60, 0.056887933640980881},
    {100, 130, 0.055613577781392393},
    {250, 200, 0.020791800247607801},
    {1, 1000, 9.3513014574022532e-299},
    {499, 501, 0.9747749818216398},
    {0, 60, 1.7347234759768071e-18},
};

TEST(PairedTests, McNemarEqualsScipyBinomtest) {
  for (const auto& c : kScipy) {
    const double p = mcnemar_exact_p(c.b, c.c);
    EXPECT_NEAR(p, c.p, 1e-12 * c.p + 1e-300) << "b=" << c.b << " c=" << c.c;
  }
}

TEST(PairedTests, BootstrapIsDeterministicForItsSeed) {
  std::vector<double> base, cand;
  for (int i = 0; i < 50; ++i) {
    base.push_back(std::sin(i * 0.7) + 2.0);
    cand.push_back(std::sin(i * 0.7) + 2.0 - 0.05 * std::cos(i * 1.3) - 0.02);
  }
  const BootstrapResult a = paired_bootstrap(base, cand, 7, 4000);
  const BootstrapResult b = paired_bootstrap(base, cand, 7, 4000);
  EXPECT_EQ(a.p_value, b.p_value);
  EXPECT_EQ(a.ci_low, b.ci_low);
  EXPECT_EQ(a.ci_high, b.ci_high);
  const BootstrapResult other = paired_bootstrap(base, cand, 8, 4000);
  EXPECT_NE(other.ci_low, a.ci_low);  // the seed matters
  double mean = 0.0;
  for (size_t i = 0; i < base.size(); ++i) mean += cand[i] - base[i];
  EXPECT_NEAR(a.difference, mean / 50.0, 1e-15);
  EXPECT_LT(a.ci_low, a.difference);
  EXPECT_GT(a.ci_high, a.difference);
}

TEST(PairedTests, BootstrapSeesAShiftAndNotItsAbsence) {
  std::vector<double> base, shifted, same;
  for (int i = 0; i < 40; ++i) {
    base.push_back(10.0 + std::sin(i * 1.1));
    shifted.push_back(base.back() - 1.0 + 0.1 * std::cos(i * 0.9));
    same.push_back(base.back());
  }
  EXPECT_LT(paired_bootstrap(base, shifted, 1, 2000).p_value, 0.001);
  EXPECT_EQ(paired_bootstrap(base, same, 1, 2000).p_value, 1.0);
}

}  // namespace
}  // namespace fot
