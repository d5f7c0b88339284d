// The central directory of a zip archive in memory: record names, sizes, compression and where
// each record's bytes start. Used to find torch.save storages in a mapped pytorch_model.bin.
// No LibTorch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot {

struct ZipRecord {
  std::string name;  // full name inside the archive, e.g. "archive/data/0"
  uint16_t method = 0;  // 0 = stored (uncompressed)
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t size = 0;
  uint64_t data_offset = 0;  // of the record's bytes within the archive
};

// Parses the end-of-central-directory record (zip64 included), every central entry and its local
// header. Every record lies within `size`. Errors (InputError) name `path`.
std::vector<ZipRecord> read_zip_directory(const uint8_t* data, uint64_t size, const std::string& path);

// The zip (IEEE) CRC-32 of `size` bytes.
uint32_t zip_crc32(const uint8_t* data, uint64_t size);

}  // namespace fot
