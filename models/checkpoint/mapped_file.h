// A read-only memory mapping of a whole file, shared by every tensor viewing into it. No LibTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace fot {

class MappedFile {
 public:
  // Throws InputError naming `path` when it cannot be opened or mapped.
  static std::shared_ptr<const MappedFile> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  MappedFile(std::string path, const uint8_t* data, uint64_t size) : path_(std::move(path)), data_(data), size_(size) {}
  std::string path_;
  const uint8_t* data_;
  uint64_t size_;
};

}  // namespace fot
