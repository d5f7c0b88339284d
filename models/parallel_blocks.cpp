#include "models/parallel_blocks.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "models/blas_threads.h"

namespace fot {
namespace {

// One call's blocks, taken one at a time by whichever thread is free.
struct Job {
  int64_t count = 0;
  const std::function<void(int64_t)>* block = nullptr;
  std::atomic<int64_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;

  void work() {
    for (int64_t i = next++; i < count; i = next++) {
      try {
        (*block)(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = count;
        return;
      }
    }
  }
};

thread_local bool inside_pool_block = false;

// Helper threads kept between calls. A decoding step makes a few hundred calls of well under a
// millisecond each, and starting a thread costs about 60 us on this VM: a step of a 3B model spent
// 5-10% of its time creating threads. Helpers spin briefly after a job (the next call usually
// follows within microseconds), then sleep.
class Pool {
 public:
  // Runs `job` on the caller and up to `helpers` pool threads; false (nothing run) when another
  // caller is using the pool, when called from a pool block, or in a forked child.
  bool run(Job& job, int64_t helpers) {
    if (inside_pool_block || ::getpid() != owner_pid_) return false;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    grow(helpers);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      wanted_ = helpers;
      taken_ = 0;
      finished_ = 0;
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    inside_pool_block = true;  // a nested call from this job's blocks must not wait for the pool
    job.work();
    inside_pool_block = false;
    // Wait until every helper that took the job is done with it (others may still be waking).
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return finished_ == taken_; });  // job.work() returned: no block is left to take
    wanted_ = taken_;  // late wakers find nothing to take
    job_ = nullptr;
    return true;
  }

  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

 private:
  void grow(int64_t helpers) {
    // Before the job is published: a new helper must count it as unseen.
    const uint64_t seen = generation_.load();
    while (static_cast<int64_t>(threads_.size()) < helpers) threads_.emplace_back([this, seen] { serve(seen); });
  }

  void serve(uint64_t seen) {
    inside_pool_block = true;
    while (true) {
      const auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
      while (generation_.load() == seen && std::chrono::steady_clock::now() < spin_until) std::this_thread::yield();
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load() != seen; });
      seen = generation_.load();
      if (stopping_) return;
      if (job_ == nullptr || taken_ >= wanted_) continue;
      Job* job = job_;
      ++taken_;
      lock.unlock();
      job->work();
      lock.lock();
      ++finished_;
      done_.notify_all();
    }
  }

  const pid_t owner_pid_ = ::getpid();
  std::mutex busy_;  // held by the one caller using the pool
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  Job* job_ = nullptr;
  int64_t wanted_ = 0, taken_ = 0, finished_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

int64_t default_block_threads() { return std::max(blas_threads(), 1); }

void run_blocks(int64_t count, int64_t threads, const std::function<void(int64_t)>& block) {
  if (threads <= 0) threads = default_block_threads();
  threads = std::min(threads, count);
  if (threads <= 1) {
    for (int64_t i = 0; i < count; ++i) block(i);
    return;
  }
  ScopedBlasThreads one_blas_thread(1);
  Job job;
  job.count = count;
  job.block = &block;
  if (!pool().run(job, threads - 1)) {
    // The pool is busy (another thread's call) or this is a nested call: threads of its own.
    std::vector<std::thread> helpers;
    for (int64_t t = 1; t < threads; ++t) helpers.emplace_back([&job] { job.work(); });
    job.work();
    for (auto& helper : helpers) helper.join();
  }
  if (job.failure) std::rethrow_exception(job.failure);
}

}  // namespace fot
