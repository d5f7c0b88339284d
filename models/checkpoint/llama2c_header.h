// The layout of a llama2.c legacy (v0) export: a 28-byte header of 7 int32 values, then float32
// arrays. Parsed and checked without LibTorch (llama2c_reader.cpp maps the arrays).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/model_config.h"

namespace fot {

// Header: dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a negative
// vocab_size means an untied classifier stored after freq_cis. Reads the first 28 of `size` bytes
// at `data` and validates the config; errors (InputError) name `path` and the field.
ModelConfig parse_llama2c_header(const uint8_t* data, uint64_t size, const std::string& path);

struct Llama2cArray {
  std::string name;            // HF name; "" for the arrays the model does not use (freq_cis)
  std::vector<int64_t> shape;  // float32, row-major, in llama2.c's row order
  uint64_t offset = 0;         // byte offset in the file
};

struct Llama2cLayout {
  ModelConfig config;
  std::vector<Llama2cArray> arrays;  // in file order
};

// The header and every array of a whole file of `size` bytes; the size must match the header
// exactly (checked arithmetic, so an absurd header is rejected before any work).
Llama2cLayout read_llama2c_layout(const uint8_t* data, uint64_t size, const std::string& path);

}  // namespace fot
