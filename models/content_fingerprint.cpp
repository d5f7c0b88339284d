#include "models/content_fingerprint.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/file_hash_cache.h"
#include "common/input_error.h"
#include "common/sha256.h"

namespace fot {
namespace {

namespace fs = std::filesystem;

constexpr size_t kReadSize = 8 << 20;
constexpr int64_t kProgressFrom = 256 << 20;  // smaller files hash in well under a second

bool is_checkpoint_file(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string ext = file.extension().string();
  return name == "config.json" || ext == ".safetensors" || ext == ".bin" ||
         (ext == ".json" && name.find(".index.") != std::string::npos);
}

// Reports a long first hash on stderr: a line to start, then bytes done, speed and the time left
// at that speed (a refreshed line on a terminal, a line every 10 s otherwise).
class HashProgress {
 public:
  HashProgress(const std::string& path, int64_t size, const std::string& cache_dir)
      : size_(size), shown_(size >= kProgressFrom), terminal_(::isatty(2) == 1), start_(Clock::now()), last_(start_) {
    if (!shown_) return;
    std::cerr << fmt::format("identity: hashing {} ({:.1f} GB) once{}\n", path, gb(size),
                             cache_dir.empty() ? "" : "; later runs reuse it from " + cache_dir);
  }
  void update(int64_t done) {
    if (!shown_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(terminal_ ? 1 : 10)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = static_cast<double>(done) / seconds;
    std::cerr << fmt::format("{}identity: {:.1f} of {:.1f} GB, {:.2f} GB/s, about {:.0f} s left{}",
                             terminal_ ? "\r" : "", gb(done), gb(size_), gb(static_cast<int64_t>(rate)),
                             static_cast<double>(size_ - done) / std::max(rate, 1.0), terminal_ ? "" : "\n");
  }
  void finish() {
    if (!shown_) return;
    std::cerr << fmt::format("{}identity: hashed {:.1f} GB in {:.1f} s{}\n", terminal_ ? "\r" : "", gb(size_),
                             std::chrono::duration<double>(Clock::now() - start_).count(), terminal_ ? "        " : "");
  }

 private:
  using Clock = std::chrono::steady_clock;
  static double gb(int64_t bytes) { return static_cast<double>(bytes) / 1e9; }
  int64_t size_;
  bool shown_, terminal_;
  Clock::time_point start_, last_;
};

std::string hash_whole_file(int fd, const std::string& path, int64_t size, const std::string& cache_dir) {
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  HashProgress progress(path, size, cache_dir);
  Sha256 hash;
  std::vector<char> buffer(kReadSize);
  int64_t done = 0;
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    if (n == 0) break;
    hash.update(buffer.data(), static_cast<size_t>(n));
    done += n;
    progress.update(done);
  }
  if (done != size) throw InputError(fmt::format("{}: changed while it was hashed ({} bytes, then {})", path, size, done));
  progress.finish();
  return hash.hex_digest();
}

}  // namespace

std::string file_fingerprint(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    throw InputError(fmt::format("{}: cannot stat: {}", path, std::strerror(error)));
  }
  const FileHashCache cache;
  if (std::optional<std::string> known = cache.find(info)) {
    ::close(fd);
    return *known;
  }
  std::string digest;
  struct stat after {};
  try {
    digest = hash_whole_file(fd, path, info.st_size, cache.dir());
    if (::fstat(fd, &after) != 0) throw InputError(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (after.st_size != info.st_size || after.st_mtim.tv_sec != info.st_mtim.tv_sec ||
      after.st_mtim.tv_nsec != info.st_mtim.tv_nsec || after.st_ctim.tv_sec != info.st_ctim.tv_sec ||
      after.st_ctim.tv_nsec != info.st_ctim.tv_nsec)
    throw InputError(fmt::format("{}: changed while it was hashed; run again once it is written", path));
  cache.store(info, fs::absolute(path).lexically_normal().string(), digest);
  return digest;
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
