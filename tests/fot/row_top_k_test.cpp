// RowTopK against a brute-force sort of every (score, index) pair: higher score first, then the older
// (smaller) memory index. Scores come from a small set of values so that ties are common.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "models/fot/row_top_k.h"

namespace fot {
namespace {

std::vector<int64_t> brute_force_top_k(const std::vector<float>& scores, int64_t k) {
  std::vector<int64_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::vector<int64_t> eligible;
  for (int64_t i : order)
    if (!std::isnan(scores[i])) eligible.push_back(i);
  std::stable_sort(eligible.begin(), eligible.end(), [&](int64_t a, int64_t b) { return scores[a] > scores[b]; });
  eligible.resize(std::min<size_t>(eligible.size(), k));
  std::sort(eligible.begin(), eligible.end());
  return eligible;
}

TEST(CandidateKey, OrdersByScoreThenOlderIndexAndRoundTrips) {
  const std::vector<float> scores = {-std::numeric_limits<float>::infinity(), -1e6f, -2.5f, -0.0f, 0.0f, 1e-30f, 3.0f,
                                     std::numeric_limits<float>::max()};
  for (size_t i = 0; i < scores.size(); ++i) {
    for (int64_t index : {int64_t{0}, int64_t{7}, CandidateKey::kMaxIndex}) {
      const uint64_t key = CandidateKey::make(scores[i], index);
      EXPECT_EQ(CandidateKey::score(key), scores[i] + 0.0f);
      EXPECT_EQ(CandidateKey::index(key), index);
      if (i + 1 < scores.size() && scores[i + 1] > scores[i]) {
        EXPECT_LT(key, CandidateKey::make(scores[i + 1], index));
      }
    }
  }
  EXPECT_EQ(CandidateKey::make(-0.0f, 3), CandidateKey::make(0.0f, 3));  // equal scores tie on the index
  EXPECT_GT(CandidateKey::make(1.0f, 3), CandidateKey::make(1.0f, 4));   // the older token wins a tie
}

TEST(RowTopK, MatchesBruteForceForManyChunkingsAndTies) {
  std::mt19937 rng(7);
  for (int64_t memory : {1, 5, 37, 300, 2000}) {
    for (int64_t k : {1, 3, 16, 64, 500}) {
      for (int64_t chunk : {1, 7, 32, 100, 512}) {
        const int64_t rows = 3;
        std::vector<std::vector<float>> row_scores(rows, std::vector<float>(memory));
        std::uniform_int_distribution<int> level(0, 40);
        for (auto& row : row_scores)
          for (auto& s : row) s = static_cast<float>(level(rng)) * 0.25f - 5.0f;
        row_scores[1][memory / 2] = std::numeric_limits<float>::quiet_NaN();  // never selected
        RowTopK top(rows, k);
        for (int64_t c0 = 0; c0 < memory; c0 += chunk) {
          const int64_t n = std::min(chunk, memory - c0);
          std::vector<float> block(rows * n);
          for (int64_t r = 0; r < rows; ++r)
            std::copy(row_scores[r].begin() + c0, row_scores[r].begin() + c0 + n, block.begin() + r * n);
          top.add(block.data(), n, c0);
        }
        top.finish();
        for (int64_t r = 0; r < rows; ++r) {
          std::vector<int64_t> got;
          for (int64_t j = 0; j < top.size(r); ++j) got.push_back(CandidateKey::index(top.row(r)[j]));
          EXPECT_EQ(got, brute_force_top_k(row_scores[r], k))
              << "memory " << memory << " k " << k << " chunk " << chunk << " row " << r;
        }
      }
    }
  }
}

TEST(RowTopK, RejectsNonPositiveK) {
  EXPECT_THROW(RowTopK(2, 0), std::invalid_argument);
  EXPECT_THROW(RowTopK(2, -3), std::invalid_argument);
}

}  // namespace
}  // namespace fot
