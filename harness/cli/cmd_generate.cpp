#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_generate(const std::vector<std::string>& args) { throw std::runtime_error("'generate' is not built yet"); }

}  // namespace fot::cli
