// Cuts a model's pending samples into the units the runner hands the executor at once: consecutive
// samples of one group whose task gives them the same non-empty batch_key (at most `limit` of
// them), so work they share (one draw's demonstration prefix) is done once; every other sample alone.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "harness/planning/plan.h"

namespace fot {

using PendingSample = std::pair<const PlannedGroup*, const PlannedSample*>;

std::vector<std::vector<PendingSample>> sample_batches(const std::vector<PendingSample>& pending, int64_t limit);

}  // namespace fot
