#include "models/content_fingerprint.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/input_error.h"
#include "common/sha256.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kWholeFileLimit = 4 << 20;
constexpr int64_t kBlock = 64 << 10;
constexpr int64_t kBlocks = 64;

void read_at(int fd, const std::string& path, int64_t offset, int64_t size, std::vector<char>& buffer) {
  buffer.resize(static_cast<size_t>(size));
  int64_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, buffer.data() + done, static_cast<size_t>(size - done), offset + done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw InputError(fmt::format("{}: cannot read: {}", path, n < 0 ? std::strerror(errno) : "file shrank"));
    done += n;
  }
}

bool is_checkpoint_file(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string ext = file.extension().string();
  return name == "config.json" || ext == ".safetensors" || ext == ".bin" ||
         (ext == ".json" && name.find(".index.") != std::string::npos);
}

}  // namespace

std::string file_fingerprint(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    throw InputError(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
  }
  const int64_t size = info.st_size;
  Sha256 hash;
  hash.update(std::to_string(size) + ";");
  std::vector<char> buffer;
  try {
    if (size <= kWholeFileLimit) {
      read_at(fd, path, 0, size, buffer);
      hash.update(buffer.data(), buffer.size());
    } else {
      for (int64_t b = 0; b < kBlocks; ++b) {
        const int64_t offset = (size - kBlock) * b / (kBlocks - 1);
        read_at(fd, path, offset, kBlock, buffer);
        hash.update(buffer.data(), buffer.size());
      }
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return hash.hex_digest();
}

std::string model_content_fingerprint(const ModelSpec& spec) {
  if (spec.backend == "mock" && spec.checkpoint.empty()) return "";
  const fs::path checkpoint(locate_checkpoint(spec).path);  // a config.json path stands for its directory
  std::vector<std::pair<std::string, std::string>> parts;  // (name within the checkpoint, fingerprint)
  if (fs::is_directory(checkpoint)) {
    for (const auto& entry : fs::directory_iterator(checkpoint))
      if (entry.is_regular_file() && is_checkpoint_file(entry.path()))
        parts.emplace_back(entry.path().filename().string(), file_fingerprint(entry.path().string()));
  } else {
    parts.emplace_back("weights", file_fingerprint(checkpoint.string()));
    const fs::path config = checkpoint.parent_path() / "config.json";
    if (checkpoint.extension() != ".bin" || checkpoint.filename() == "pytorch_model.bin")
      if (fs::is_regular_file(config)) parts.emplace_back("config.json", file_fingerprint(config.string()));
  }
  std::sort(parts.begin(), parts.end());
  std::string tokenizer = spec.tokenizer;
  if (tokenizer.empty() && fs::is_directory(checkpoint)) tokenizer = (checkpoint / "tokenizer.model").string();
  if (!tokenizer.empty() && fs::exists(tokenizer)) parts.emplace_back("tokenizer", file_fingerprint(tokenizer));
  Sha256 hash;
  for (const auto& [name, print] : parts) hash.update(name + "=" + print + ";");
  return hash.hex_digest();
}

}  // namespace fot
