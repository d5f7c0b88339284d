#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_validate(const std::vector<std::string>& args) { throw std::runtime_error("'validate' is not built yet"); }

}  // namespace fot::cli
