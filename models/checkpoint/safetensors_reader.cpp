#include "models/checkpoint/safetensors_reader.h"

#include "models/checkpoint/mapped_file.h"
#include "models/checkpoint/mapped_tensor.h"
#include "models/checkpoint/safetensors_header.h"

namespace fot {

TensorMap read_safetensors(const std::string& path) {
  auto file = MappedFile::open(path);
  const SafetensorsHeader header = parse_safetensors_header(file->data(), file->size(), path);
  TensorMap tensors;
  for (const SafetensorsEntry& e : header.entries) {
    const at::ScalarType dtype = e.dtype == "F32" ? at::kFloat : e.dtype == "F16" ? at::kHalf : at::kBFloat16;
    tensors[e.name] = mapped_tensor(file, e.name, header.data_start + e.begin, dtype, e.shape);
  }
  return tensors;
}

}  // namespace fot
