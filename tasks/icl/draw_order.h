// The demonstration order of each draw (docs/few-shot-protocol.md section 5): one permutation of the train
// rows per draw, shared by every budget and every test item, so a smaller budget's demonstrations
// are a prefix of a larger one's. Portable by construction: std::mt19937 seeded with the draw's
// seed (its output sequence is fixed by the C++ standard, [rand.eng.mers]; numpy's legacy
// RandomState(seed) produces the same 32-bit stream) drives a hand-written Fisher-Yates shuffle,
// because std::shuffle and std::uniform_int_distribution differ between standard libraries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fot::icl {

constexpr int kDefaultDraws = 20;

// Seeds of draws 1..draws: draw d uses seed d.
std::vector<uint32_t> draw_seeds(int draws = kDefaultDraws);

// Fisher-Yates from the back: for i = n-1 down to 1, j uniform in [0, i], swap(p[i], p[j]), starting
// from the identity. j = r % (i + 1) for the first 32-bit output r below 2^32 - (2^32 mod (i + 1))
// (rejection sampling, so j is exactly uniform).
std::vector<size_t> draw_permutation(size_t n, uint32_t seed);

}  // namespace fot::icl
