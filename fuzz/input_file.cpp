#include "fuzz/input_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fot::fuzz {

const std::string& input_directory() {
  static const std::string directory = [] {
    const char* base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : std::getenv("TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/fot-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("fuzz: mkdtemp");
      std::abort();
    }
    static const std::string removed_at_exit = pattern;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(removed_at_exit, ignored);
    });
    return pattern;
  }();
  return directory;
}

std::string write_input_file(const std::string& name, const uint8_t* data, size_t size) {
  const std::string path = input_directory() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out.flush()) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

void expect_named(const char* message, const std::string& where) {
  if (std::strstr(message, where.c_str()) != nullptr) return;
  std::fprintf(stderr, "fuzz: an error that does not name '%s': %s\n", where.c_str(), message);
  std::abort();
}

}  // namespace fot::fuzz
