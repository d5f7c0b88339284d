#include "harness/execution/ordered_pool.h"

#include <exception>
#include <map>
#include <mutex>

#include "models/parallel_blocks.h"

namespace fot {

void run_ordered(int64_t count, int workers, const std::function<nlohmann::json(int64_t)>& compute,
                 const std::function<void(int64_t, nlohmann::json&)>& commit) {
  std::mutex mutex;
  int64_t next_commit = 0;    // next index to commit
  int64_t failed_at = count;  // lowest index whose job (or commit) threw
  std::exception_ptr failure;  // that index's exception
  std::map<int64_t, nlohmann::json> finished;  // computed, waiting for their turn

  auto fail = [&](int64_t index, std::exception_ptr error) {  // mutex held
    if (index < failed_at) {
      failed_at = index;
      failure = error;
    }
  };
  // Commits every finished job whose turn has come. Called with the mutex held, so commits never
  // overlap and always run in index order. False when a commit threw.
  auto drain = [&] {
    while (next_commit < failed_at) {
      auto it = finished.find(next_commit);
      if (it == finished.end()) return true;
      try {
        commit(it->first, it->second);
      } catch (...) {
        fail(next_commit, std::current_exception());
        return false;
      }
      finished.erase(it);
      ++next_commit;
    }
    return true;
  };
  // Throwing out of a block makes run_blocks hand out no new job; jobs already running finish.
  try {
    run_blocks(count, workers < 1 ? 1 : workers, [&](int64_t index) {
      nlohmann::json result;
      try {
        result = compute(index);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        fail(index, std::current_exception());
        drain();
        throw;
      }
      std::lock_guard<std::mutex> lock(mutex);
      finished.emplace(index, std::move(result));
      if (!drain()) std::rethrow_exception(failure);
    });
  } catch (...) {
    if (!failure) throw;
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace fot
