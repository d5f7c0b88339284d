#include "harness/planning/sample_batches.h"

#include <algorithm>
#include <string>

namespace fot {

std::vector<std::vector<PendingSample>> sample_batches(const std::vector<PendingSample>& pending, int64_t limit) {
  std::vector<std::vector<PendingSample>> batches;
  std::string open_key;  // key of the last batch while it can still grow; empty when closed
  for (const auto& entry : pending) {
    const Task& task = *entry.first->task->task;
    const std::string key = task.batch_key(entry.second->item);
    const bool joins = !key.empty() && !batches.empty() && key == open_key &&
                       batches.back().front().first == entry.first &&
                       static_cast<int64_t>(batches.back().size()) < std::max<int64_t>(limit, 1);
    if (joins) {
      batches.back().push_back(entry);
    } else {
      batches.push_back({entry});
      open_key = key;
    }
  }
  return batches;
}

}  // namespace fot
