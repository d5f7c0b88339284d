#include "models/checkpoint/sharded_index.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/input_error.h"
#include "models/checkpoint/shard_index.h"

namespace fot {

TensorMap read_sharded(const std::string& index_path, const std::function<TensorMap(const std::string&)>& read_shard) {
  const auto directory = std::filesystem::path(index_path).parent_path();
  TensorMap tensors;
  for (const auto& [file, names] : read_shard_index(index_path)) {
    const std::string shard_path = (directory / file).string();
    TensorMap shard = read_shard(shard_path);
    for (auto& [name, tensor] : shard) {
      if (!names.count(name))
        throw InputError(fmt::format("{}: tensor '{}' is not mapped to this shard in {}", shard_path, name, index_path));
      tensors[name] = std::move(tensor);
    }
    for (const auto& name : names) {
      if (!tensors.count(name))
        throw InputError(fmt::format("{}: tensor '{}' is mapped to shard '{}', which does not hold it", index_path,
                                     name, file));
    }
  }
  return tensors;
}

}  // namespace fot
