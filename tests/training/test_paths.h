// Paths the training tests read: the shipped tokenizer (zoo/, committed) and the shipped models.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace fot::train {

inline std::string zoo_path(const std::string& relative) {
  const auto path = std::filesystem::path(FOT_SOURCE_DIR) / "zoo" / relative;
  if (!std::filesystem::exists(path))
    ADD_FAILURE() << path << " is missing: regenerate the zoo with training/make_zoo.sh";
  return path.string();
}

inline std::string zoo_tokenizer() { return zoo_path("tiny-openllama/tokenizer.model"); }

}  // namespace fot::train
