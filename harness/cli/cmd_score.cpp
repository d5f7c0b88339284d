#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_score(const std::vector<std::string>& args) { throw std::runtime_error("'score' is not built yet"); }

}  // namespace fot::cli
