// The order lm-evaluation-harness v0.3.0's evaluator scores a split in: random.Random(42).shuffle of
// the document list, then the first `limit` documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fot::zeroshot {

// Indices 0..n-1 shuffled by random.Random(seed) (seed 42 in v0.3.0), then cut to the first `limit`
// (limit < 0: all).
std::vector<size_t> evaluation_order(size_t n, long limit = -1, uint32_t seed = 42);

}  // namespace fot::zeroshot
