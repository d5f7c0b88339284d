// Zero-copy tensors over a memory-mapped file. Each tensor's deleter holds the mapping, so the
// file stays mapped while any view of it lives. Uses LibTorch (internal to models/).
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <string>

#include "models/checkpoint/mapped_file.h"

namespace fot {

// A view of `file` at `byte_offset` with the given dtype, sizes and element strides. Throws
// InputError naming the file and `tensor_name` if the view would reach past the end of the file.
// A view whose address is not aligned for its dtype is copied into an aligned tensor instead.
at::Tensor mapped_tensor(const std::shared_ptr<const MappedFile>& file, const std::string& tensor_name,
                         uint64_t byte_offset, at::ScalarType dtype, at::IntArrayRef sizes, at::IntArrayRef strides);

// The same for a contiguous (row-major) tensor.
at::Tensor mapped_tensor(const std::shared_ptr<const MappedFile>& file, const std::string& tensor_name,
                         uint64_t byte_offset, at::ScalarType dtype, at::IntArrayRef sizes);

// For a contiguous view made by mapped_tensor: drops its whole pages from this process's resident
// set (they stay in the page cache; reading the view again faults them back in). Returns false,
// doing nothing, for any other tensor. For converting weights at load without holding both copies.
bool release_mapped_pages(const at::Tensor& view);

// Maps in a contiguous mapped view's pages with one call (MADV_POPULATE_READ) ahead of a read of
// the whole view: on this machine's VMs a page fault costs about 14 us, so faulting a file in page
// by page is far slower than reading it. Returns false, doing nothing, for any other tensor or
// where the kernel lacks it (the read then faults as usual).
bool populate_mapped_pages(const at::Tensor& view);

// Elements a strided view touches (0 for an empty tensor). Returns false on overflow or
// negative sizes/strides.
bool strided_extent(at::IntArrayRef sizes, at::IntArrayRef strides, uint64_t& extent);

// "[4, 64]".
std::string shape_string(at::IntArrayRef sizes);

}  // namespace fot
