// SQuAD normalisation and exact match against Python's (tests/scripts/squad_reference.py) on every
// WebQuestions test answer list paired with tricky predictions.
#include <gtest/gtest.h>

#include "icl_test_files.h"
#include "tasks/common/python/squad.h"

namespace fot::icl {
namespace {

using python::squad_exact_match;
using python::squad_normalize;

TEST(SquadAnswer, AgreesWithPythonOnEveryTestAnswerList) {
  const auto cases = test::read_golden("squad.json")["cases"];
  ASSERT_GT(cases.size(), 2032u * 10);
  size_t exact = 0, mismatches = 0;
  for (const auto& c : cases) {
    const auto prediction = c["prediction"].get<std::string>();
    const auto golds = c["golds"].get<std::vector<std::string>>();
    const auto normalized_golds = c["normalized_golds"].get<std::vector<std::string>>();
    const bool match = squad_exact_match(prediction, golds);
    exact += match;
    if (squad_normalize(prediction) != c["normalized_prediction"].get<std::string>() ||
        match != c["exact"].get<bool>()) {
      if (++mismatches <= 10)
        ADD_FAILURE() << "prediction '" << prediction << "': '" << squad_normalize(prediction) << "' vs Python '"
                      << c["normalized_prediction"].get<std::string>() << "'";
    }
    for (size_t i = 0; i < golds.size(); ++i)
      if (squad_normalize(golds[i]) != normalized_golds[i] && ++mismatches <= 10)
        ADD_FAILURE() << "gold '" << golds[i] << "': '" << squad_normalize(golds[i]) << "' vs Python '"
                      << normalized_golds[i] << "'";
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(exact, cases.size() / 3);  // the variants really exercise matching, not only mismatches
}

TEST(SquadAnswer, RulesByHand) {
  EXPECT_EQ(squad_normalize("The  Beatles!!"), "beatles");
  EXPECT_EQ(squad_normalize("an apple, a pear"), "apple pear");
  EXPECT_EQ(squad_normalize("theater"), "theater");
  EXPECT_EQ(squad_normalize("éthe"), "éthe");  // é is a word character: no \b before "the"
  EXPECT_EQ(squad_normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");  // final sigma
  EXPECT_EQ(squad_normalize("x\u3000the\u00a0y"), "x y");
  EXPECT_TRUE(squad_exact_match("the Óscar", {"nope", "óscar"}));
  EXPECT_FALSE(squad_exact_match("anything", {}));
}

}  // namespace
}  // namespace fot::icl
