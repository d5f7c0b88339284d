// Helpers for the checkpoint tests: the tiny_llama fixture, scratch copies to corrupt, the CLI.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/input_error.h"

// EXPECT that `text` contains `part`, printing both otherwise.
#define EXPECT_CONTAINS(text, part)                                                             \
  do {                                                                                          \
    const std::string fot_text_ = (text), fot_part_ = (part);                                   \
    EXPECT_NE(fot_text_.find(fot_part_), std::string::npos)                                     \
        << "expected to contain: " << fot_part_ << "\n                 in: " << fot_text_;     \
  } while (0)

namespace fot::test {

namespace fs = std::filesystem;

// The fixture written by tests/scripts/make_tiny_llama.py (CTest fixture tiny_llama).
inline fs::path tiny_dir() {
  const fs::path dir = fs::path(FOT_GOLDEN_DIR) / "tiny_llama";
  if (!fs::exists(dir / "golden.json"))
    throw std::runtime_error(dir.string() + "/golden.json is missing: run the tiny_llama_fixture test first "
                                            "(ctest -R tiny_llama_fixture)");
  return dir;
}

inline const nlohmann::json& golden() {
  static const nlohmann::json json = [] {
    std::ifstream in(tiny_dir() / "golden.json");
    return nlohmann::json::parse(in);
  }();
  return json;
}

inline std::string form_path(const std::string& form) {
  return (tiny_dir() / golden()["forms"].at(form)["path"].get<std::string>()).string();
}

// An empty scratch directory for the running test (and `part` of it, e.g. one case of a table).
inline fs::path scratch_dir(const std::string& part = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(FOT_BINARY_DIR) / "test_scratch" / "checkpoint" / info->test_suite_name() / info->name();
  if (!part.empty()) dir /= part;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A scratch copy of a fixture form (directory or file); returns the copy's path.
inline fs::path copy_form(const std::string& form, const std::string& part = "") {
  const fs::path source = form_path(form);
  const fs::path target = scratch_dir(part) / source.filename();
  fs::copy(source, target, fs::copy_options::recursive);
  return target;
}

inline std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The message of the InputError `action` throws; a test failure (and "") if it throws nothing.
inline std::string input_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const fot::InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

// The line of `text` that starts with `prefix` ("" if none).
inline std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline CliResult run_cli(const std::vector<std::string>& args) {
  std::string command = shell_quote(FOT_EVAL_BIN);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " 2>&1";
  CliResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace fot::test
