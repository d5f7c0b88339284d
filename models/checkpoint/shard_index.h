// The index of sharded HF weights (model.safetensors.index.json, pytorch_model.bin.index.json): a
// JSON object whose "weight_map" maps each tensor to its shard file. No LibTorch.
#pragma once

#include <map>
#include <set>
#include <string>

namespace fot {

// Shard file name -> the tensors the index maps to it. Shards must be plain file names (no '/',
// not "." or ".."); errors (InputError) name `index_path` and the field or tensor.
std::map<std::string, std::set<std::string>> read_shard_index(const std::string& index_path);

}  // namespace fot
