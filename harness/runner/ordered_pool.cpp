#include "harness/runner/ordered_pool.h"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace fot {

void run_ordered(int64_t count, int workers, const std::function<nlohmann::json(int64_t)>& compute,
                 const std::function<void(int64_t, nlohmann::json&)>& commit) {
  if (workers <= 1 || count <= 1) {
    for (int64_t i = 0; i < count; ++i) {
      nlohmann::json result = compute(i);
      commit(i, result);
    }
    return;
  }

  std::mutex mutex;
  int64_t next_job = 0;        // next index to hand out
  int64_t next_commit = 0;     // next index to commit
  int64_t failed_at = count;   // lowest index whose job (or commit) threw
  std::exception_ptr failure;
  std::map<int64_t, nlohmann::json> finished;  // computed, waiting for their turn

  auto fail = [&](int64_t index, std::exception_ptr error) {  // mutex held
    if (index < failed_at) {
      failed_at = index;
      failure = error;
    }
  };
  // Commits every finished job whose turn has come. Called with the mutex held, so commits never
  // overlap and always run in index order.
  auto drain = [&] {
    while (next_commit < failed_at) {
      auto it = finished.find(next_commit);
      if (it == finished.end()) return;
      try {
        commit(it->first, it->second);
      } catch (...) {
        fail(next_commit, std::current_exception());
        return;
      }
      finished.erase(it);
      ++next_commit;
    }
  };
  auto worker = [&] {
    for (;;) {
      int64_t index;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (next_job >= count || next_job >= failed_at) return;
        index = next_job++;
      }
      try {
        nlohmann::json result = compute(index);
        std::lock_guard<std::mutex> lock(mutex);
        finished.emplace(index, std::move(result));
        drain();
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        fail(index, std::current_exception());
        drain();
        return;
      }
    }
  };

  std::vector<std::thread> threads;
  const int64_t thread_count = std::min<int64_t>(workers, count);
  for (int64_t t = 0; t < thread_count; ++t) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace fot
