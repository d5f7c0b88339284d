// Paths and golden files for the zero-shot tests. ../shared/data and the Python goldens are
// required: a missing one fails the test that needs it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace fot::zeroshot::test {

inline std::string shared_data() {
  const std::string dir = FOT_SHARED_DATA;
  if (!std::filesystem::is_directory(dir + "/arc"))
    throw std::runtime_error("required test data is missing: " + dir + " (tests need ../shared/data)");
  return dir;
}

inline std::string fixtures() { return std::string(FOT_SOURCE_DIR) + "/tests/zeroshot/fixtures"; }

inline nlohmann::json golden(const std::string& name) {
  const std::string path = std::string(FOT_GOLDEN_DIR) + "/zeroshot/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("golden file missing: " + path + " (run ctest: the zeroshot_*_golden fixtures)");
  return nlohmann::json::parse(in);
}

// A fresh directory under the test binary dir for bad-data files.
inline std::string scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(FOT_BINARY_DIR) / "zeroshot_scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace fot::zeroshot::test
