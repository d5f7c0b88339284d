// What results.json records about the run beyond the rows: commit, machine, library versions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fot {

// `git rev-parse HEAD` of the source tree fot-eval was built from, compiled in by CMake
// (FOT_EVAL_COMMIT overrides); "unknown" when it was built outside a git checkout.
std::string source_commit();

// Library versions (compile time), compiler, gnuplot, and machine facts.
nlohmann::json environment_metadata();

// Current UTC time, ISO 8601.
std::string utc_timestamp();

}  // namespace fot
