#include "models/checkpoint/mapped_tensor.h"

#include <fmt/format.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "common/input_error.h"

namespace fot {
namespace {

// The context of a tensor viewing a mapping: keeps the mapping alive. Its deleter's address also
// tells mapped views apart from every other tensor (see release_mapped_pages).
struct MappingRef {
  std::shared_ptr<const MappedFile> file;
};

void delete_mapping_ref(void* context) { delete static_cast<MappingRef*>(context); }

}  // namespace

bool strided_extent(at::IntArrayRef sizes, at::IntArrayRef strides, uint64_t& extent) {
  if (sizes.size() != strides.size()) return false;
  uint64_t last = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0 || strides[i] < 0) return false;
    if (sizes[i] == 0) {
      extent = 0;
      return true;
    }
  }
  for (size_t i = 0; i < sizes.size(); ++i) {
    uint64_t step = 0;
    if (__builtin_mul_overflow(static_cast<uint64_t>(sizes[i] - 1), static_cast<uint64_t>(strides[i]), &step) ||
        __builtin_add_overflow(last, step, &last))
      return false;
  }
  extent = last + 1;
  return true;
}

std::string shape_string(at::IntArrayRef sizes) { return fmt::format("[{}]", fmt::join(sizes, ", ")); }

at::Tensor mapped_tensor(const std::shared_ptr<const MappedFile>& file, const std::string& tensor_name,
                         uint64_t byte_offset, at::ScalarType dtype, at::IntArrayRef sizes, at::IntArrayRef strides) {
  const uint64_t element_size = at::elementSize(dtype);
  uint64_t numel = 1;
  for (int64_t size : sizes) {
    if (size < 0 || __builtin_mul_overflow(numel, static_cast<uint64_t>(size), &numel) || numel > INT64_MAX)
      throw InputError(fmt::format("{}: tensor '{}' has an impossibly large shape {}", file->path(), tensor_name,
                                   shape_string(sizes)));
  }
  uint64_t extent = 0, bytes = 0, end = 0;
  if (!strided_extent(sizes, strides, extent) || __builtin_mul_overflow(extent, element_size, &bytes) ||
      __builtin_add_overflow(byte_offset, bytes, &end) || end > file->size())
    throw InputError(fmt::format("{}: tensor '{}' (shape {}) at byte {} reaches past the end of the file ({} bytes)",
                                 file->path(), tensor_name, shape_string(sizes), byte_offset, file->size()));
  const auto options = at::TensorOptions().dtype(dtype);
  if (bytes == 0) return at::empty(sizes, options);
  const uint8_t* address = file->data() + byte_offset;
  if (reinterpret_cast<uintptr_t>(address) % element_size != 0) {
    at::Tensor copy = at::empty({static_cast<int64_t>(extent)}, options);
    std::memcpy(copy.data_ptr(), address, bytes);
    return copy.as_strided(sizes, strides);
  }
  return at::for_blob(const_cast<uint8_t*>(address), sizes)
      .strides(strides)
      .context(new MappingRef{file}, &delete_mapping_ref)
      .options(options)
      .make_tensor();
}

at::Tensor mapped_tensor(const std::shared_ptr<const MappedFile>& file, const std::string& tensor_name,
                         uint64_t byte_offset, at::ScalarType dtype, at::IntArrayRef sizes) {
  std::vector<int64_t> strides(sizes.size(), 1);
  for (size_t i = sizes.size(); i-- > 1;) {
    if (__builtin_mul_overflow(strides[i], std::max<int64_t>(sizes[i], 1), &strides[i - 1]))
      throw InputError(fmt::format("{}: tensor '{}' has an impossibly large shape {}", file->path(), tensor_name,
                                   shape_string(sizes)));
  }
  return mapped_tensor(file, tensor_name, byte_offset, dtype, sizes, strides);
}

namespace {

// Applies `advice` to the whole pages inside a contiguous mapped view; false for other tensors.
bool advise_mapped_pages(const at::Tensor& view, int advice, bool whole_pages_only) {
  if (!view.defined() || !view.has_storage() || view.storage().data_ptr().get_deleter() != &delete_mapping_ref ||
      !view.is_contiguous())
    return false;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(view.data_ptr());
  const auto end = begin + static_cast<uintptr_t>(view.numel()) * view.element_size();
  const uintptr_t first = whole_pages_only ? (begin + page - 1) / page * page : begin / page * page;
  const uintptr_t last = whole_pages_only ? end / page * page : (end + page - 1) / page * page;
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, advice);
  return true;
}

}  // namespace

bool release_mapped_pages(const at::Tensor& view) {
  // Whole pages inside the view only: a page shared with a neighbouring tensor stays. The mapping
  // is private and never written (views are read-only by contract), so dropping the pages loses
  // nothing: a later read faults them back in from the page cache.
  return advise_mapped_pages(view, MADV_DONTNEED, true);
}

bool populate_mapped_pages(const at::Tensor& view) {
#ifdef MADV_POPULATE_READ
  return advise_mapped_pages(view, MADV_POPULATE_READ, false);
#else
  return false;
#endif
}

}  // namespace fot
