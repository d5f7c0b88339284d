#include "common/file_hash_cache.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace fot {
namespace {

namespace fs = std::filesystem;

bool is_hex_digest(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

FileHashCache::FileHashCache(std::string dir) : dir_(std::move(dir)) {}

std::string FileHashCache::default_dir() {
  // XDG Base Directory Specification: a relative XDG_CACHE_HOME is invalid and ignored.
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  fs::path base;
  if (xdg && *xdg && fs::path(xdg).is_absolute()) {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    if (!home || !*home) return "";
    base = fs::path(home) / ".cache";
  }
  return (base / "fot-eval" / "file-sha256").string();
}

std::string FileHashCache::entry_path(const struct stat& info) const {
  return (fs::path(dir_) / fmt::format("{:x}-{:x}-{}-{}.{:09}-{}.{:09}", static_cast<uint64_t>(info.st_dev),
                                       static_cast<uint64_t>(info.st_ino), static_cast<int64_t>(info.st_size),
                                       static_cast<int64_t>(info.st_mtim.tv_sec), info.st_mtim.tv_nsec,
                                       static_cast<int64_t>(info.st_ctim.tv_sec), info.st_ctim.tv_nsec))
      .string();
}

std::optional<std::string> FileHashCache::find(const struct stat& info) const {
  if (dir_.empty()) return std::nullopt;
  std::ifstream in(entry_path(info), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json entry = nlohmann::json::parse(text.str(), nullptr, false);
  if (entry.is_discarded() || !entry.is_object()) return std::nullopt;
  auto digest = entry.find("sha256");
  auto size = entry.find("size");
  if (digest == entry.end() || !digest->is_string() || !is_hex_digest(digest->get<std::string>())) return std::nullopt;
  if (size == entry.end() || !size->is_number_integer() || size->get<int64_t>() != static_cast<int64_t>(info.st_size))
    return std::nullopt;
  return digest->get<std::string>();
}

bool FileHashCache::store(const struct stat& info, const std::string& path, const std::string& hex_digest) const {
  if (dir_.empty()) return false;
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) return false;
  const std::string target = entry_path(info);
  std::random_device seed;
  const std::string tmp = fmt::format("{}.tmp-{}-{:x}", target, ::getpid(), seed());
  const std::string text =
      nlohmann::json{{"sha256", hex_digest}, {"size", static_cast<int64_t>(info.st_size)}, {"path", path}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed || std::rename(tmp.c_str(), target.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace fot
