#include <stdexcept>

#include "harness/cli/command.h"

namespace fot::cli {

int run_tokenize(const std::vector<std::string>& args) { throw std::runtime_error("'tokenize' is not built yet"); }

}  // namespace fot::cli
