// The header of a .safetensors file: 8-byte little-endian length, then a JSON object of tensor
// entries. Parsed and checked without LibTorch (safetensors_reader.cpp maps the tensors).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot {

struct SafetensorsEntry {
  std::string name;
  std::string dtype;  // "F32", "F16" or "BF16"
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // data_offsets, relative to the data section
};

struct SafetensorsHeader {
  uint64_t data_start = 0;                // 8 + header length
  std::vector<SafetensorsEntry> entries;  // by data_offsets
};

// Checks the header length, the JSON, each tensor's dtype, shape and data_offsets (in range,
// begin <= end, size = numel x dtype size, no overlaps) against a file of `size` bytes at `data`.
// Errors (InputError) name `path` and the tensor.
SafetensorsHeader parse_safetensors_header(const uint8_t* data, uint64_t size, const std::string& path);

// Bytes per element of a supported dtype ("F32" 4, "F16" and "BF16" 2).
uint64_t safetensors_element_size(const std::string& dtype);

}  // namespace fot
