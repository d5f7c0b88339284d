#include "models/checkpoint/zip_directory.h"

#include <fmt/format.h>

#include <cstring>

#include "common/input_error.h"

namespace fot {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kCentralEntry = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;

// Bounds-checked little-endian reads.
class Bytes {
 public:
  Bytes(const uint8_t* data, uint64_t size, const std::string& path) : data_(data), size_(size), path_(path) {}
  template <typename T>
  T read(uint64_t offset, const char* what) const {
    need(offset, sizeof(T), what);
    T value;
    std::memcpy(&value, data_ + offset, sizeof(T));
    return value;
  }
  void need(uint64_t offset, uint64_t bytes, const char* what) const {
    if (offset > size_ || bytes > size_ - offset)
      throw InputError(fmt::format("{}: zip archive is truncated or corrupt ({} at byte {} is past the end)", path_,
                                   what, offset));
  }
  const uint8_t* at(uint64_t offset) const { return data_ + offset; }
  uint64_t size() const { return size_; }

 private:
  const uint8_t* data_;
  uint64_t size_;
  const std::string& path_;
};

// Values in the zip64 extra field replace the 32-bit fields that hold 0xFFFFFFFF, in this order.
void apply_zip64_extra(const Bytes& bytes, uint64_t extra, uint64_t extra_end, ZipRecord& record,
                       uint64_t& local_offset) {
  while (extra + 4 <= extra_end) {
    const auto id = bytes.read<uint16_t>(extra, "extra field");
    const auto length = bytes.read<uint16_t>(extra + 2, "extra field");
    uint64_t field = extra + 4;
    const uint64_t field_end = field + length;
    if (field_end > extra_end) break;
    if (id == 0x0001) {
      auto take = [&](uint64_t& target) {
        if (target != 0xFFFFFFFFu || field + 8 > field_end) return;
        target = bytes.read<uint64_t>(field, "zip64 extra field");
        field += 8;
      };
      take(record.size);
      take(record.compressed_size);
      take(local_offset);
    }
    extra = field_end;
  }
}

}  // namespace

std::vector<ZipRecord> read_zip_directory(const uint8_t* data, uint64_t size, const std::string& path) {
  Bytes bytes(data, size, path);
  if (size < 22) throw InputError(fmt::format("{}: too short to be a zip archive (file truncated?)", path));
  uint64_t end_record = UINT64_MAX;
  const uint64_t lowest = size > 22 + 65535 ? size - 22 - 65535 : 0;
  for (uint64_t pos = size - 22 + 1; pos-- > lowest;) {
    if (bytes.read<uint32_t>(pos, "end of central directory") == kEndOfDirectory) {
      end_record = pos;
      break;
    }
  }
  if (end_record == UINT64_MAX)
    throw InputError(fmt::format("{}: no zip end-of-central-directory record (file truncated?)", path));

  uint64_t entries = bytes.read<uint16_t>(end_record + 10, "entry count");
  uint64_t directory = bytes.read<uint32_t>(end_record + 16, "central directory offset");
  if (entries == 0xFFFF || directory == 0xFFFFFFFFu) {
    if (end_record < 20 || bytes.read<uint32_t>(end_record - 20, "zip64 locator") != kZip64Locator)
      throw InputError(fmt::format("{}: zip64 archive without a zip64 end-of-directory locator", path));
    const auto zip64_end = bytes.read<uint64_t>(end_record - 20 + 8, "zip64 end of central directory");
    if (bytes.read<uint32_t>(zip64_end, "zip64 end of central directory") != kZip64EndOfDirectory)
      throw InputError(fmt::format("{}: corrupt zip64 end-of-central-directory record", path));
    entries = bytes.read<uint64_t>(zip64_end + 32, "zip64 entry count");
    directory = bytes.read<uint64_t>(zip64_end + 48, "zip64 central directory offset");
  }

  std::vector<ZipRecord> records;
  uint64_t pos = directory;
  for (uint64_t i = 0; i < entries; ++i) {
    if (bytes.read<uint32_t>(pos, "central directory entry") != kCentralEntry)
      throw InputError(fmt::format("{}: corrupt zip central directory entry {} at byte {}", path, i, pos));
    ZipRecord record;
    record.method = bytes.read<uint16_t>(pos + 10, "central directory entry");
    record.crc32 = bytes.read<uint32_t>(pos + 16, "central directory entry");
    record.compressed_size = bytes.read<uint32_t>(pos + 20, "central directory entry");
    record.size = bytes.read<uint32_t>(pos + 24, "central directory entry");
    const auto name_length = bytes.read<uint16_t>(pos + 28, "central directory entry");
    const auto extra_length = bytes.read<uint16_t>(pos + 30, "central directory entry");
    const auto comment_length = bytes.read<uint16_t>(pos + 32, "central directory entry");
    uint64_t local = bytes.read<uint32_t>(pos + 42, "central directory entry");
    bytes.need(pos + 46, uint64_t{name_length} + extra_length + comment_length, "central directory entry");
    record.name.assign(reinterpret_cast<const char*>(bytes.at(pos + 46)), name_length);
    apply_zip64_extra(bytes, pos + 46 + name_length, pos + 46 + name_length + extra_length, record, local);
    pos += 46 + uint64_t{name_length} + extra_length + comment_length;

    if (bytes.read<uint32_t>(local, "local header") != kLocalHeader)
      throw InputError(fmt::format("{}: zip record '{}' has no local header at byte {}", path, record.name, local));
    const uint64_t local_name = bytes.read<uint16_t>(local + 26, "local header");
    const uint64_t local_extra = bytes.read<uint16_t>(local + 28, "local header");
    record.data_offset = local + 30 + local_name + local_extra;
    bytes.need(record.data_offset, record.compressed_size, record.name.c_str());
    records.push_back(std::move(record));
  }
  return records;
}

uint32_t zip_crc32(const uint8_t* data, uint64_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (uint64_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace fot
