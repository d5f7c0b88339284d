#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_inspect(const std::vector<std::string>& args) { throw std::runtime_error("'inspect' is not built yet"); }

}  // namespace fot::cli
