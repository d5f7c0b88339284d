// OpenBLAS keeps its own thread pool, apart from ATen's. Code that runs several matrix products at
// once on its own threads (harness workers, memory-attention blocks) must keep each product on one
// thread, or the pools oversubscribe the cores (measured here: two OpenBLAS threads per sample spent
// a third of a tiny model's run in sched_yield).
#pragma once

namespace fot {

// OpenBLAS's thread count, or 0 when OpenBLAS is not the BLAS in this process.
int blas_threads();
// Sets OpenBLAS's thread count when OpenBLAS is the BLAS in this process; false when it is not.
bool set_blas_threads(int threads);

// Holds OpenBLAS at `threads` for a scope and then restores the previous count.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int threads);
  ~ScopedBlasThreads();
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

 private:
  int previous_;
};

}  // namespace fot
