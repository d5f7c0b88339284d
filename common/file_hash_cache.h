// Remembers the SHA-256 of whole files so a multi-gigabyte checkpoint is hashed once, not on every
// run. An entry is keyed by the file's device, inode, size, modification time and status-change
// time (a write changes both times; only ctime cannot be set back by a user), one small file per
// entry under $XDG_CACHE_HOME/fot-eval/file-sha256 (default ~/.cache). The cache only ever saves
// time: an unreadable, corrupt or unwritable cache means hashing again, never a wrong answer or an
// error. Entries are written to a temporary name and renamed, so concurrent runs never see half an
// entry. No LibTorch.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>

namespace fot {

class FileHashCache {
 public:
  // dir: the cache directory; "" = the default above ("" also when neither XDG_CACHE_HOME nor HOME
  // is set, and then nothing is remembered).
  explicit FileHashCache(std::string dir = default_dir());

  // The remembered hex digest of the file `info` describes, if any.
  std::optional<std::string> find(const struct stat& info) const;
  // Remembers a digest; false (and nothing written) when the cache directory cannot be written.
  bool store(const struct stat& info, const std::string& path, const std::string& hex_digest) const;

  const std::string& dir() const { return dir_; }
  static std::string default_dir();

 private:
  std::string entry_path(const struct stat& info) const;
  std::string dir_;
};

}  // namespace fot
