// Helpers for the harness tests: temporary directories, files, and running fot-eval.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fot::test {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "fot_harness_XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(read_text(path));
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct ProcessResult {
  int exit_code = -1;
  std::string out, err;
};

// Starts fot-eval with args; stdout/stderr go to the given files; env entries are set in the child.
inline pid_t spawn_fot_eval(const std::vector<std::string>& args, const std::string& out_path,
                            const std::string& err_path, const std::map<std::string, std::string>& env = {}) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(FOT_EVAL_BIN));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(FOT_EVAL_BIN, argv.data());
    ::_exit(127);
  }
  return pid;
}

inline int wait_exit_code(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

inline ProcessResult run_fot_eval(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env = {}) {
  TempDir io;
  pid_t pid = spawn_fot_eval(args, io / "out", io / "err", env);
  ProcessResult result;
  result.exit_code = wait_exit_code(pid);
  result.out = read_text(io / "out");
  result.err = read_text(io / "err");
  return result;
}

inline std::string shared_data() {
  const fs::path dir(FOT_SHARED_DATA);
  if (!fs::is_directory(dir)) throw std::runtime_error("shared data missing: " + dir.string() + " (FOT_SHARED_DATA)");
  return dir.string();
}

// The `models:` list entry of stories260K from ../shared/data (llama backend, its own tokenizer).
inline std::string stories260k_model_entry() {
  const std::string data = shared_data();
  return "  - {name: stories260K, backend: llama, checkpoint: " + data + "/stories260K/stories260K.bin, tokenizer: " +
         data + "/stories260K/tok512.model}\n";
}

inline std::string golden_dir() { return (fs::path(FOT_GOLDEN_DIR) / "harness").string(); }

}  // namespace fot::test
