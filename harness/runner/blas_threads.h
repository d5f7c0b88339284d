// OpenBLAS keeps its own thread pool, apart from ATen's. With several samples computed at once, each
// sample's matrix products must stay on its own thread, or the pools oversubscribe the cores (measured
// here: two OpenBLAS threads spent a third of a tiny model's run in sched_yield).
#pragma once

namespace fot {

// Sets OpenBLAS's thread count when OpenBLAS is the BLAS in this process; false when it is not.
bool set_blas_threads(int threads);

}  // namespace fot
