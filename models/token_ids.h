// Token ids: what tasks, codecs and models pass between them.
#pragma once

#include <cstdint>
#include <vector>

namespace fot {

using TokenIds = std::vector<int32_t>;

}  // namespace fot
