// Runs independent jobs on several threads and hands their results over in job order, so a sweep
// computed with N workers writes exactly the lines (and order) that one worker writes.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>

namespace fot {

// Calls compute(i) for i = 0 .. count-1 on `workers` threads (workers <= 1: inline, in order) and
// commit(i, result) for each finished job strictly in index order, one call at a time. With
// several workers, OpenBLAS is held at one thread meanwhile (run_blocks), so each job keeps its core.
// When a job throws, no new job starts; every job before the first failed one is still
// committed, nothing after it is, and that job's exception is rethrown. An exception from commit
// stops the pool the same way.
void run_ordered(int64_t count, int workers, const std::function<nlohmann::json(int64_t)>& compute,
                 const std::function<void(int64_t, nlohmann::json&)>& commit);

}  // namespace fot
