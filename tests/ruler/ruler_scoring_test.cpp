// RULER's scoring: postprocess_pred, string_match_all and string_match_part, per sample and as
// RULER's rounded percentage, against RULER's own functions (golden/ruler_scoring.json, made by
// tests/scripts/ruler_scoring_golden.py); fwe's zeta normaliser against SciPy's.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ruler_test_files.h"
#include "tasks/ruler/generators.h"
#include "tasks/ruler/ruler_scoring.h"

namespace fot::ruler {
namespace {

// RULER reports round(mean * 100, 2); a single sample's value goes through the same rounding.
double as_ruler_reports(double per_sample) { return ruler_percentage({per_sample}); }

TEST(RulerScoring, MatchesRulersFunctions) {
  const auto golden = test::read_json("ruler_scoring.json");
  std::vector<double> all, part;
  for (const auto& c : golden.at("cases")) {
    const std::string prediction = c.at("prediction").get<std::string>();
    const auto references = c.at("references").get<std::vector<std::string>>();
    SCOPED_TRACE(c.dump());
    const std::string pred = postprocess_prediction(prediction);
    EXPECT_EQ(pred, c.at("postprocessed").get<std::string>());
    const double match_all = string_match_all(pred, references), match_part = string_match_part(pred, references);
    EXPECT_GE(match_all, 0.0);
    EXPECT_LE(match_all, 1.0);
    EXPECT_EQ(as_ruler_reports(match_all), c.at("string_match_all").get<double>());
    EXPECT_EQ(as_ruler_reports(match_part), c.at("string_match_part").get<double>());
    all.push_back(match_all);
    part.push_back(match_part);
  }
  EXPECT_EQ(ruler_percentage(all), golden.at("all_string_match_all").get<double>());
  EXPECT_EQ(ruler_percentage(part), golden.at("all_string_match_part").get<double>());
}

// SciPy tabulates zeta at integers (RULER's alpha is 2.0): equal there. Elsewhere SciPy's rational
// approximation is off the true value by up to 2 ulp where this sum is correctly rounded, so fwe's
// counts (truncated quotients) could differ only where one lies within ~1e-15 of an integer.
TEST(RulerScoring, ZetaEqualsScipyAtIntegersAndIsWithinUlpsElsewhere) {
  for (const auto& v : test::read_json("scipy_zeta.json").at("values")) {
    const double alpha = v.at("alpha").get<double>();
    const double scipy = std::strtod(v.at("zeta_hex").get<std::string>().c_str(), nullptr);
    const double ours = riemann_zeta(alpha);
    char hex[64];
    std::snprintf(hex, sizeof hex, "%a", ours);
    if (alpha == std::floor(alpha)) EXPECT_EQ(ours, scipy) << "alpha " << alpha << ": " << hex << " vs " << v.at("zeta_hex");
    else EXPECT_LE(std::fabs(ours - scipy), 4 * (std::nextafter(scipy, 1e300) - scipy)) << "alpha " << alpha;
  }
}

}  // namespace
}  // namespace fot::ruler
