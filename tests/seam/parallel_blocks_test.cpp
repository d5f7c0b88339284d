// run_blocks on its kept helper threads: every block runs once per call, failures come back to the
// caller, nested calls and calls from several threads at once finish (they cannot share the pool
// and use threads of their own). Also built into the ThreadSanitizer executable.
#include "models/parallel_blocks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace fot {
namespace {

void expect_each_block_once(int64_t count, int64_t threads) {
  std::vector<std::atomic<int>> runs(count);
  run_blocks(count, threads, [&](int64_t i) { runs[i]++; });
  for (int64_t i = 0; i < count; ++i) ASSERT_EQ(runs[i].load(), 1) << "block " << i << " of " << count;
}

TEST(ParallelBlocks, EveryBlockRunsOnceInEveryCall) {
  for (int round = 0; round < 200; ++round)
    for (int64_t count : {1, 2, 3, 17})
      for (int64_t threads : {1, 2, 3}) expect_each_block_once(count, threads);
}

TEST(ParallelBlocks, AFailureReachesTheCallerAndThePoolStillWorks) {
  for (int round = 0; round < 20; ++round) {
    EXPECT_THROW(run_blocks(8, 2, [](int64_t i) {
                   if (i == 5) throw std::runtime_error("block 5");
                 }),
                 std::runtime_error);
    expect_each_block_once(9, 2);
  }
}

TEST(ParallelBlocks, NestedCallsFinish) {
  std::atomic<int> inner{0};
  run_blocks(4, 2, [&](int64_t) { run_blocks(3, 2, [&](int64_t) { inner++; }); });
  EXPECT_EQ(inner.load(), 12);
}

TEST(ParallelBlocks, CallsFromTwoThreadsAtOnceFinish) {
  std::atomic<int64_t> sum{0};
  auto caller = [&] {
    for (int round = 0; round < 300; ++round) run_blocks(5, 2, [&](int64_t i) { sum += i; });
  };
  std::thread other(caller);
  caller();
  other.join();
  EXPECT_EQ(sum.load(), 2 * 300 * 10);
}

}  // namespace
}  // namespace fot
