// Paths of real data used by the llama tests. ../shared/data is required: a missing file fails.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace fot::test {

inline std::string shared_data(const std::string& relative) {
  const std::string path = std::string(FOT_SHARED_DATA) + "/" + relative;
  if (!std::filesystem::exists(path))
    ADD_FAILURE() << "required test data is missing: " << path << " (tests need ../shared/data beside the checkout)";
  return path;
}

}  // namespace fot::test
