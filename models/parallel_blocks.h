// Attention splits into independent blocks (heads x queries). On a few cores it is faster to give
// each core whole blocks, with every matrix product on one BLAS thread, than to split each small
// product across threads while the softmax passes between them run on one core.
#pragma once

#include <cstdint>
#include <functional>

namespace fot {

// How many threads block-parallel code uses by default: as many as OpenBLAS may use now (1 when
// the caller already pinned it to one thread, e.g. several harness workers), at least 1.
int64_t default_block_threads();

// Runs block(i) for i = 0 .. count-1 on min(threads, count) threads (threads <= 0: the default),
// OpenBLAS held at one thread meanwhile. Blocks must write disjoint outputs. The first exception
// is rethrown after every thread has stopped.
void run_blocks(int64_t count, int64_t threads, const std::function<void(int64_t)>& block);

}  // namespace fot
