// Writes tensors (F32, F16, BF16) as one .safetensors file, atomically (temp file, then rename).
#pragma once

#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot {

void write_safetensors(const std::string& path, const TensorMap& tensors);

}  // namespace fot
