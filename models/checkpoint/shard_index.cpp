#include "models/checkpoint/shard_index.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/input_error.h"

namespace fot {

std::map<std::string, std::set<std::string>> read_shard_index(const std::string& index_path) {
  using nlohmann::json;
  std::ifstream in(index_path);
  if (!in) throw InputError(fmt::format("{}: cannot open shard index", index_path));
  json index;
  try {
    index = json::parse(in);
  } catch (const json::exception& error) {  // parse_error, or out_of_range for a number like 1e999
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
  return by_shard;
}

}  // namespace fot
