// Helpers of the fuzz regression tests: inputs kept in fuzz/corpus, files in a private directory,
// and the check that a parser refuses an input with an InputError naming the file and the problem.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/input_error.h"

namespace fot::test {

// fuzz/corpus/<target>/<name>, the input as the fuzzer saved it.
inline std::string corpus_input(const std::string& target, const std::string& name) {
  std::ifstream in(std::string(FOT_SOURCE_DIR) + "/fuzz/corpus/" + target + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << target << "/" << name;
  return {std::istreambuf_iterator<char>(in), {}};
}

// Writes `bytes` to <temporary dir>/fot_parsers_<pid>/<name>; returns the path.
inline std::string write_file(const std::string& name, const std::string& bytes) {
  const auto dir = std::filesystem::temp_directory_path() / ("fot_parsers_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

// `parse` must throw an InputError whose message holds `where` and `expected`.
template <typename Parse>
void expect_refused(Parse&& parse, const std::string& where, const std::string& expected) {
  try {
    parse();
    ADD_FAILURE() << "accepted; expected an error naming " << where;
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(where), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

}  // namespace fot::test
