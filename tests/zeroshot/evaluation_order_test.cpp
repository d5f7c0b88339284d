// evaluation_order against Python's own random module (zeroshot_python.json).
#include <gtest/gtest.h>

#include "tasks/zeroshot/evaluation_order.h"
#include "tests/zeroshot/zeroshot_test_util.h"

namespace fot::zeroshot {
namespace {

TEST(EvaluationOrder, ShuffleMatchesPythonForManySizesAndSeeds) {
  const auto cases = test::golden("zeroshot_python.json")["shuffle"];
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const auto order = evaluation_order(c["n"].get<size_t>(), -1, c["seed"].get<uint32_t>());
    EXPECT_EQ(order, c["order"].get<std::vector<size_t>>()) << "n=" << c["n"] << " seed=" << c["seed"];
  }
}

TEST(EvaluationOrder, LimitKeepsTheFirstShuffledDocs) {
  const auto c = test::golden("zeroshot_python.json")["limit"];
  EXPECT_EQ(evaluation_order(c["n"].get<size_t>(), c["limit"].get<long>(), c["seed"].get<uint32_t>()),
            c["order"].get<std::vector<size_t>>());
  EXPECT_EQ(evaluation_order(5, 100).size(), 5u);  // a limit above the split size keeps all
  EXPECT_TRUE(evaluation_order(5, 0).empty());
}

}  // namespace
}  // namespace fot::zeroshot
