#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_list(const std::vector<std::string>& args) { throw std::runtime_error("'list' is not built yet"); }

}  // namespace fot::cli
