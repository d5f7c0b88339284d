#include "models/checkpoint/sharded_index.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/input_error.h"

namespace fot {

TensorMap read_sharded(const std::string& index_path, const std::function<TensorMap(const std::string&)>& read_shard) {
  using nlohmann::json;
  std::ifstream in(index_path);
  if (!in) throw InputError(fmt::format("{}: cannot open shard index", index_path));
  json index;
  try {
    index = json::parse(in);
  } catch (const json::parse_error& error) {
    throw InputError(fmt::format("{}: malformed JSON: {}", index_path, error.what()));
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw InputError(fmt::format("{}: missing field 'weight_map' (an object of tensor -> shard file)", index_path));
  std::map<std::string, std::set<std::string>> by_shard;
  for (const auto& [tensor, shard] : index["weight_map"].items()) {
    if (!shard.is_string())
      throw InputError(fmt::format("{}: field 'weight_map' maps tensor '{}' to {}, not a file name", index_path, tensor,
                                   shard.dump()));
    const auto file = shard.get<std::string>();
    if (file.empty() || file == "." || file == ".." || file.find('/') != std::string::npos)
      throw InputError(fmt::format("{}: field 'weight_map' maps tensor '{}' to '{}', not a plain file name", index_path,
                                   tensor, file));
    by_shard[file].insert(tensor);
  }
  if (by_shard.empty()) throw InputError(fmt::format("{}: field 'weight_map' is empty", index_path));

  const auto directory = std::filesystem::path(index_path).parent_path();
  TensorMap tensors;
  for (const auto& [file, names] : by_shard) {
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
