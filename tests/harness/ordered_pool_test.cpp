// run_ordered: results reach commit in job order whatever order the threads finish in, and a
// failing job stops the pool without losing or reordering what came before it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/execution/ordered_pool.h"

namespace fot {
namespace {

using nlohmann::json;

// Later jobs finish first: job i sleeps (count - i) ms.
json slow_then_fast(int64_t i, int64_t count) {
  std::this_thread::sleep_for(std::chrono::milliseconds(count - i));
  return json{{"job", i}};
}

TEST(OrderedPool, CommitsInJobOrderWhateverOrderJobsFinish) {
  for (int workers : {1, 2, 3, 8}) {
    constexpr int64_t kCount = 40;
    std::vector<int64_t> committed;
    std::atomic<int> in_commit{0};
    run_ordered(kCount, workers, [&](int64_t i) { return slow_then_fast(i, kCount); },
                [&](int64_t i, json& result) {
                  EXPECT_EQ(in_commit.fetch_add(1), 0) << "commits overlapped";
                  EXPECT_EQ(result.at("job").get<int64_t>(), i);
                  committed.push_back(i);
                  in_commit.fetch_sub(1);
                });
    ASSERT_EQ(committed.size(), static_cast<size_t>(kCount)) << workers << " workers";
    for (int64_t i = 0; i < kCount; ++i) EXPECT_EQ(committed[i], i) << workers << " workers";
  }
}

TEST(OrderedPool, RunsJobsConcurrently) {
  std::atomic<int> running{0}, most{0};
  run_ordered(8, 4, [&](int64_t) {
    const int now = running.fetch_add(1) + 1;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    running.fetch_sub(1);
    return json();
  }, [](int64_t, json&) {});
  EXPECT_GE(most.load(), 2);
  EXPECT_LE(most.load(), 4);
}

TEST(OrderedPool, AFailedJobKeepsEverythingBeforeItAndNothingAfter) {
  for (int workers : {1, 2, 5}) {
    constexpr int64_t kCount = 30, kFails = 12;
    std::vector<int64_t> committed;
    std::atomic<int64_t> started_after_failure{0};
    std::atomic<bool> failed{false};
    try {
      run_ordered(kCount, workers, [&](int64_t i) -> json {
        if (failed && i > kFails + workers) ++started_after_failure;
        if (i == kFails) {
          failed = true;
          throw std::runtime_error("job 12 failed");
        }
        return slow_then_fast(i, kCount);
      }, [&](int64_t i, json&) { committed.push_back(i); });
      ADD_FAILURE() << "no exception with " << workers << " workers";
    } catch (const std::runtime_error& error) {
      EXPECT_STREQ(error.what(), "job 12 failed");
    }
    ASSERT_EQ(committed.size(), static_cast<size_t>(kFails)) << workers << " workers";
    for (int64_t i = 0; i < kFails; ++i) EXPECT_EQ(committed[i], i);
    EXPECT_EQ(started_after_failure.load(), 0) << "jobs kept starting after the failure";
  }
}

TEST(OrderedPool, AFailedCommitStopsThePool) {
  std::vector<int64_t> committed;
  EXPECT_THROW(run_ordered(20, 3, [](int64_t i) { return json(i); },
                           [&](int64_t i, json&) {
                             if (i == 5) throw std::runtime_error("disk full");
                             committed.push_back(i);
                           }),
               std::runtime_error);
  EXPECT_EQ(committed, (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST(OrderedPool, NoJobs) {
  int calls = 0;
  run_ordered(0, 4, [&](int64_t) { ++calls; return json(); }, [&](int64_t, json&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace fot
