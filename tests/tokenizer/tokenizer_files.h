// Paths of the real tokenizers under FOT_SHARED_DATA; a missing file fails the test, never skips it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fot::test {

inline std::string shared_file(const std::string& relative) {
  const std::string path = std::string(FOT_SHARED_DATA) + "/" + relative;
  if (!std::filesystem::is_regular_file(path)) {
    throw std::runtime_error("missing shared test data " + path + " (FOT_SHARED_DATA should be ../shared/data)");
  }
  return path;
}

inline std::string open_llama_v1() { return shared_file("open_llama_tokenizer/tokenizer.model"); }
inline std::string open_llama_v2() { return shared_file("open_llama_tokenizer/tokenizer_ol_v2.model"); }
inline std::string tok512() { return shared_file("stories260K/tok512.model"); }

}  // namespace fot::test
