// Reader for one .safetensors file: 8-byte little-endian header length, JSON header, data section.
#pragma once

#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot {

// Zero-copy views of every tensor in `path` (F32, F16 or BF16). Checks the header length, the
// JSON, each tensor's dtype, shape and data_offsets (in range, begin <= end, size = numel x dtype
// size, no overlaps). Errors name the file and the tensor.
TensorMap read_safetensors(const std::string& path);

}  // namespace fot
