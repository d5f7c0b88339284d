// What results.json records about the run beyond the rows: machine, library versions (the commit:
// harness/storage/code_version.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fot {

// Library versions (compile time), compiler, gnuplot, and machine facts.
nlohmann::json environment_metadata();

// Current UTC time, ISO 8601.
std::string utc_timestamp();

}  // namespace fot
