// Files the icl tests read: shared data (a missing file fails the test, never skips it), golden
// JSON written by the icl_golden fixture, and scratch directories.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "models/text_codec.h"
#include "models/tokenizer/tokenizer.h"

namespace fot::test {

inline std::string shared_data_dir() {
  const std::string dir = FOT_SHARED_DATA;
  for (const char* file : {"trec/TREC_10.label", "trec/train_5500.label", "webquestions/webquestions.examples.test.json",
                           "webquestions/webquestions.examples.train.json"})
    if (!std::filesystem::is_regular_file(dir + "/" + file))
      throw std::runtime_error("missing shared test data " + dir + "/" + file + " (FOT_SHARED_DATA should be ../shared/data)");
  return dir;
}

inline std::string shared_file(const std::string& relative) {
  const std::string path = std::string(FOT_SHARED_DATA) + "/" + relative;
  if (!std::filesystem::is_regular_file(path))
    throw std::runtime_error("missing shared test data " + path + " (FOT_SHARED_DATA should be ../shared/data)");
  return path;
}

inline nlohmann::json read_golden(const std::string& name) {
  const std::string path = std::string(FOT_GOLDEN_DIR) + "/icl/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing golden file " + path + " (run the CTest fixture icl_golden: ctest -L icl)");
  return nlohmann::json::parse(in);
}

inline std::shared_ptr<const TextCodec> sentencepiece_codec(const std::string& relative_model) {
  return make_sentencepiece_codec(Tokenizer::load(shared_file(relative_model)));
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fot_icl_XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream out(file(name), std::ios::binary);
    out << bytes;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace fot::test
