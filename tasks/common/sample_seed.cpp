#include "tasks/common/sample_seed.h"

#include "common/sha256.h"

namespace fot {

uint64_t derive_sample_seed(uint64_t base_seed, const nlohmann::json& settings, const std::string& point, int64_t trial) {
  Sha256 hash;
  hash.update(nlohmann::json{{"seed", base_seed}, {"settings", settings}, {"point", point}, {"trial", trial}}.dump());
  const auto digest = hash.digest();
  uint64_t out = 0;
  for (int i = 0; i < 8; ++i) out = (out << 8) | digest[static_cast<size_t>(i)];
  return out;
}

}  // namespace fot
