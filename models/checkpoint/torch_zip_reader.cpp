#include "models/checkpoint/torch_zip_reader.h"

#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/versions.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>

#include "models/checkpoint/mapped_file.h"
#include "models/checkpoint/mapped_tensor.h"
#include "models/checkpoint/restricted_unpickler.h"
#include "models/checkpoint/zip_directory.h"
#include "common/input_error.h"

namespace fot {
namespace {

constexpr uint64_t kMaxInflatedBytes = 256ull << 20;  // for compressed records (torch.save stores none)

at::ScalarType storage_dtype(const std::string& path, const PickledTensor& tensor) {
  if (tensor.storage_type == "FloatStorage") return at::kFloat;
  if (tensor.storage_type == "HalfStorage") return at::kHalf;
  if (tensor.storage_type == "BFloat16Storage") return at::kBFloat16;
  throw InputError(fmt::format("{}: tensor '{}': storage type {} is not supported (only float32, float16, bfloat16)",
                               path, tensor.name, tensor.storage_type));
}

// A record "<archive>/data/<key>" of the central directory, by key.
std::map<std::string, ZipRecord> storage_records(const std::vector<ZipRecord>& records) {
  std::map<std::string, ZipRecord> by_key;
  for (const ZipRecord& record : records) {
    const auto slash = record.name.find('/');
    if (slash == std::string::npos) continue;
    const std::string inner = record.name.substr(slash + 1);
    if (inner.rfind("data/", 0) == 0) by_key[inner.substr(5)] = record;
  }
  return by_key;
}

// LibTorch 1.13's PyTorchStreamReader leaks its zip state when its constructor throws, so the
// conditions it throws on are checked here first: one top-level folder, a readable version record.
void check_archive_layout(const std::vector<ZipRecord>& records, const MappedFile& file) {
  const std::string& path = file.path();
  if (records.empty()) throw InputError(fmt::format("{}: zip archive holds no records", path));
  const auto slash = records[0].name.find('/');
  if (slash == std::string::npos)
    throw InputError(fmt::format("{}: not a torch.save archive (record '{}' is not in a folder)", path, records[0].name));
  const std::string folder = records[0].name.substr(0, slash + 1);
  const ZipRecord* version = nullptr;
  for (const ZipRecord& record : records) {
    if (record.name == folder + ".data/version" || (version == nullptr && record.name == folder + "version"))
      version = &record;
  }
  if (version == nullptr) throw InputError(fmt::format("{}: torch archive has no version record", path));
  const uint8_t* bytes = file.data() + version->data_offset;
  if (version->method != 0 || version->size > 64 || zip_crc32(bytes, version->size) != version->crc32)
    throw InputError(fmt::format("{}: torch archive version record '{}' is corrupt", path, version->name));
  std::string text(reinterpret_cast<const char*>(bytes), version->size);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const bool digits = !text.empty() && text.size() < 10 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoull(text) < caffe2::serialize::kMinSupportedFileFormatVersion ||
      std::stoull(text) > caffe2::serialize::kMaxSupportedFileFormatVersion)
    throw InputError(fmt::format("{}: unsupported torch archive version '{}'", path, text));
}

}  // namespace

bool is_zip_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

TensorMap read_torch_zip(const std::string& path) {
  auto file = MappedFile::open(path);
  // Our own look at the central directory first: record sizes that LibTorch's reader would
  // allocate must be plausible before it reads any record.
  const std::vector<ZipRecord> records = read_zip_directory(file->data(), file->size(), path);
  for (const ZipRecord& record : records) {
    const bool plausible = record.method == 0 ? record.size == record.compressed_size : record.size <= kMaxInflatedBytes;
    if (!plausible)
      throw InputError(fmt::format("{}: zip record '{}' declares an implausible size ({} bytes, {} stored)", path,
                                   record.name, record.size, record.compressed_size));
  }
  check_archive_layout(records, *file);
  const std::map<std::string, ZipRecord> storages = storage_records(records);
  std::vector<PickledTensor> pickled;
  try {
    caffe2::serialize::PyTorchStreamReader archive(path);
    if (archive.hasRecord("byteorder")) {
      auto [bytes, size] = archive.getRecord("byteorder");
      if (std::string(static_cast<const char*>(bytes.get()), size) != "little")
        throw InputError(fmt::format("{}: only little-endian torch archives are supported", path));
    }
    if (!archive.hasRecord("data.pkl")) throw InputError(fmt::format("{}: torch archive has no data.pkl", path));
    auto [pickle, pickle_size] = archive.getRecord("data.pkl");
    pickled = read_pickled_state_dict(static_cast<const uint8_t*>(pickle.get()), pickle_size, path + " (data.pkl)");

    for (const auto& [key, record] : storages) {
      if (archive.getRecordOffset("data/" + key) != record.data_offset)
        throw InputError(fmt::format("{}: zip record 'data/{}' offset disagrees with LibTorch's reader", path, key));
    }
  } catch (const c10::Error& error) {
    throw InputError(fmt::format("{}: not a readable torch.save zip archive: {}", path, error.what_without_backtrace()));
  }

  TensorMap tensors;
  for (const PickledTensor& tensor : pickled) {
    const at::ScalarType dtype = storage_dtype(path, tensor);
    auto it = storages.find(tensor.storage_key);
    if (it == storages.end())
      throw InputError(fmt::format("{}: tensor '{}': storage record 'data/{}' is missing", path, tensor.name,
                                   tensor.storage_key));
    const ZipRecord& record = it->second;
    if (record.method != 0 || record.compressed_size != record.size)
      throw InputError(fmt::format("{}: tensor '{}': storage record 'data/{}' is compressed (cannot be mapped)", path,
                                   tensor.name, tensor.storage_key));
    const uint64_t element_size = at::elementSize(dtype);
    uint64_t storage_bytes = 0;
    if (__builtin_mul_overflow(static_cast<uint64_t>(tensor.storage_numel), element_size, &storage_bytes) ||
        storage_bytes != record.size)
      throw InputError(fmt::format("{}: tensor '{}': storage 'data/{}' declares {} elements of {} bytes, record holds {} bytes",
                                   path, tensor.name, tensor.storage_key, tensor.storage_numel, element_size,
                                   record.size));
    uint64_t extent = 0, end = 0;
    if (!strided_extent(tensor.sizes, tensor.strides, extent) ||
        __builtin_add_overflow(static_cast<uint64_t>(tensor.storage_offset), extent, &end) ||
        (extent > 0 && end > static_cast<uint64_t>(tensor.storage_numel)))
      throw InputError(fmt::format("{}: tensor '{}': shape {} with strides {} at offset {} exceeds its storage of {} elements",
                                   path, tensor.name, shape_string(tensor.sizes), shape_string(tensor.strides),
                                   tensor.storage_offset, tensor.storage_numel));
    tensors[tensor.name] = mapped_tensor(file, tensor.name, record.data_offset + tensor.storage_offset * element_size,
                                         dtype, tensor.sizes, tensor.strides);
  }
  return tensors;
}

}  // namespace fot
