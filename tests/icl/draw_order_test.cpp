// Draw orders: the portable generator of docs/few-shot-protocol.md section 5 against numpy, determinism, and the
// nesting of budgets (a smaller budget's demonstrations are a prefix of a larger one's).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "tasks/icl/demonstration_budget.h"
#include "tasks/icl/draw_order.h"

namespace fot::icl {
namespace {

using Order = std::vector<size_t>;

Order head(const Order& order, size_t n) { return Order(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n)); }

// The same generator in Python, from numpy's legacy MT19937 stream (seeded as std::mt19937(seed)):
// /usr/bin/python3 -c '
// import numpy as np
// def perm(N, S):
//     r = iter(np.random.RandomState(S).randint(0, 2**32, size=2*N+64, dtype=np.uint64).tolist()); p = list(range(N))
//     for i in range(N - 1, 0, -1):
//         b = i + 1; x = next(r)
//         while x >= 2**32 - 2**32 % b: x = next(r)
//         p[i], p[x % b] = p[x % b], p[i]
//     return p
// print(perm(5452, 1)[:12], perm(5452, 20)[:12], perm(3778, 1)[:12], perm(10, 7))
// print(np.random.RandomState(1).randint(0,2**32,size=3,dtype=np.uint64).tolist(),
//       np.random.RandomState(20).randint(0,2**32,size=3,dtype=np.uint64).tolist())'
TEST(DrawOrder, EqualsTheNumpyReference) {
  EXPECT_EQ(head(draw_permutation(5452, 1), 12), (Order{3837, 2283, 5033, 4085, 992, 616, 4800, 2064, 4864, 5039, 4717, 5430}));
  EXPECT_EQ(head(draw_permutation(5452, 20), 12), (Order{1555, 1570, 312, 1936, 1442, 4847, 4645, 3176, 3522, 281, 1599, 3822}));
  EXPECT_EQ(head(draw_permutation(3778, 1), 12), (Order{310, 3088, 81, 3511, 1869, 2456, 2644, 3648, 1592, 2382, 2506, 549}));
  EXPECT_EQ(draw_permutation(10, 7), (Order{9, 0, 8, 3, 2, 6, 7, 1, 4, 5}));
  std::mt19937 one(1), twenty(20);
  EXPECT_EQ((std::vector<std::mt19937::result_type>{one(), one(), one()}), (std::vector<std::mt19937::result_type>{1791095845u, 4282876139u, 3093770124u}));
  EXPECT_EQ((std::vector<std::mt19937::result_type>{twenty(), twenty(), twenty()}),
            (std::vector<std::mt19937::result_type>{2526002531u, 3811404250u, 3855651087u}));
}

TEST(DrawOrder, SameSeedSameOrderAndEveryRowOnce) {
  for (uint32_t seed : draw_seeds()) {
    const Order order = draw_permutation(5452, seed);
    EXPECT_EQ(order, draw_permutation(5452, seed)) << "seed " << seed;
    Order sorted = order;
    std::sort(sorted.begin(), sorted.end());
    Order identity(5452);
    std::iota(identity.begin(), identity.end(), size_t{0});
    EXPECT_EQ(sorted, identity) << "seed " << seed;
  }
  EXPECT_NE(draw_permutation(5452, 1), draw_permutation(5452, 2));
  EXPECT_EQ(draw_permutation(0, 1), Order{});
  EXPECT_EQ(draw_permutation(1, 1), Order{0});
}

TEST(DrawOrder, TwentyDrawsSeededOneToTwenty) {
  const auto seeds = draw_seeds();
  ASSERT_EQ(seeds.size(), 20u);
  for (size_t i = 0; i < seeds.size(); ++i) EXPECT_EQ(seeds[i], i + 1);
  EXPECT_EQ(draw_seeds(3), (std::vector<uint32_t>{1, 2, 3}));
}

TEST(DemonstrationBudget, SmallerBudgetsArePrefixesAndTheFirstRejectedDoesNotFit) {
  std::vector<int64_t> lengths(300);
  for (size_t r = 0; r < lengths.size(); ++r) lengths[r] = 8 + static_cast<int64_t>((r * 37) % 29);
  const int64_t reserve = 33;
  for (uint32_t seed : {1u, 2u, 3u}) {
    const Order order = draw_permutation(lengths.size(), seed);
    size_t previous = 0;
    for (int64_t budget : {256, 512, 1024, 2048}) {
      const size_t n = demonstrations_within_budget(lengths, order, reserve, budget);
      EXPECT_GE(n, previous);  // the same order, so budget 256's set is a prefix of 2048's
      previous = n;
      int64_t tokens = 0;
      for (size_t i = 0; i < n; ++i) tokens += lengths[order[i]];
      EXPECT_LT(1 + tokens + 1 + reserve, budget);
      ASSERT_LT(n, order.size());
      EXPECT_GE(1 + tokens + lengths[order[n]] + 1 + reserve, budget) << "the first rejected one would have fit";
    }
  }
  EXPECT_EQ(demonstrations_within_budget({10, 10}, {0, 1}, 5, 1 + 10 + 1 + 5 + 1), 1u);  // strict bound
  EXPECT_EQ(demonstrations_within_budget({10, 10}, {0, 1}, 5, 1 + 10 + 1 + 5), 0u);
}

TEST(DemonstrationBudget, WindowKeepsTheLastThatFit) {
  const std::vector<int64_t> lengths = {5, 6, 7, 8, 9};
  const Order order = {4, 3, 2, 1, 0};  // lengths in draw order: 9, 8, 7, 6, 5
  // All five fit 1 + 35 + 1 + 2 < 40; a window of 20 holds the last ones with 1 + S + 1 + 2 < 20.
  EXPECT_EQ(demonstrations_within_budget(lengths, order, 2, 40), 5u);
  EXPECT_EQ(first_demonstration_within_window(lengths, order, 5, 2, 20), 3u);  // 6 + 5 = 11 fit, + 7 = 18 does not
  EXPECT_EQ(first_demonstration_within_window(lengths, order, 5, 2, 40), 0u);
  EXPECT_EQ(first_demonstration_within_window(lengths, order, 0, 2, 20), 0u);
}

}  // namespace
}  // namespace fot::icl
