// Bad input from the user (a file, a config field, a flag): reported with its location, exit code 2.
#pragma once

#include <stdexcept>

namespace fot {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace fot
