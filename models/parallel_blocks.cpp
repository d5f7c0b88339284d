#include "models/parallel_blocks.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "models/blas_threads.h"

namespace fot {

int64_t default_block_threads() { return std::max(blas_threads(), 1); }

void run_blocks(int64_t count, int64_t threads, const std::function<void(int64_t)>& block) {
  if (threads <= 0) threads = default_block_threads();
  threads = std::min(threads, count);
  if (threads <= 1) {
    for (int64_t i = 0; i < count; ++i) block(i);
    return;
  }
  ScopedBlasThreads one_blas_thread(1);
  std::atomic<int64_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  auto work = [&] {
    for (int64_t i = next++; i < count; i = next++) {
      try {
        block(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = count;
        return;
      }
    }
  };
  std::vector<std::thread> helpers;
  for (int64_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& helper : helpers) helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace fot
