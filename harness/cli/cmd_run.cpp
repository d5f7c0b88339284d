#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_run(const std::vector<std::string>& args) { throw std::runtime_error("'run' is not built yet"); }

}  // namespace fot::cli
