// Reader for a llama2.c legacy (v0) export: 7 int32 header values, then float32 arrays.
#pragma once

#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot {

// Header: dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a negative
// vocab_size means an untied classifier stored after freq_cis. Maps every array to its HF name and
// permutes wq/wk rows from llama2.c's interleaved RoPE pairs (2i, 2i+1) to HF's rotate-half pairs
// (i, i + head_dim/2). The file size must match the header exactly.
Checkpoint read_llama2c(const std::string& path);

}  // namespace fot
