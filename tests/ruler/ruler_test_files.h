// Files the ruler tests read: the shared data (a missing file fails the test, never skips it) and
// the committed golden files.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/text_codec.h"
#include "models/tokenizer/tokenizer.h"

namespace fot::ruler::test {

inline std::string shared_file(const std::string& relative) {
  const std::string path = std::string(FOT_SHARED_DATA) + "/" + relative;
  if (!std::filesystem::is_regular_file(path))
    throw std::runtime_error("missing shared test data " + path + " (FOT_SHARED_DATA should be ../shared/data)");
  return path;
}

// The shared data's ruler/ folder (RULER's word lists), checked file by file.
inline std::string ruler_data_dir() {
  for (const char* file : {"nounlist.txt", "adjectivelist.txt", "verblist.txt"}) shared_file(std::string("ruler/") + file);
  return std::string(FOT_SHARED_DATA) + "/ruler";
}

inline std::shared_ptr<const TextCodec> openllama_codec() {
  return make_sentencepiece_codec(Tokenizer::load(shared_file("open_llama_tokenizer/tokenizer.model")));
}

inline std::string golden_path(const std::string& name) {
  return std::string(FOT_SOURCE_DIR) + "/tests/ruler/golden/" + name;
}

inline nlohmann::json read_json(const std::string& name) {
  std::ifstream in(golden_path(name));
  if (!in) throw std::runtime_error("missing golden file " + golden_path(name));
  return nlohmann::json::parse(in);
}

inline std::vector<nlohmann::json> read_jsonl(const std::string& name) {
  std::ifstream in(golden_path(name));
  if (!in) throw std::runtime_error("missing golden file " + golden_path(name));
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace fot::ruler::test
