#pragma once

#include "common/input_error.h"

namespace fot {

// An input longer than a backend's context limit under the "error" overflow policy.
struct ContextOverflow : InputError {
  using InputError::InputError;
};

}  // namespace fot
