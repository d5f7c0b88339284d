// Sharded HF weights: an index JSON whose "weight_map" maps each tensor to its shard file.
#pragma once

#include <functional>
#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot {

// Reads every shard named in `index_path` (shards are plain file names beside the index) with
// `read_shard`, and checks that each shard holds exactly the tensors the index maps to it.
TensorMap read_sharded(const std::string& index_path, const std::function<TensorMap(const std::string&)>& read_shard);

}  // namespace fot
