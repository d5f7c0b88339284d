// Each sample's randomness comes from a hash of (base seed, the task settings that shape its
// samples, its sweep point, its trial): different run seeds share no sample, and draws differ
// across sweep points. The base seed is the run's seed (or a seed the task entry lists per trial).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace fot {

// The first 8 bytes (big-endian) of sha256 of the canonical JSON of these four.
uint64_t derive_sample_seed(uint64_t base_seed, const nlohmann::json& settings, const std::string& point, int64_t trial);

}  // namespace fot
