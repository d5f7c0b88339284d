#include "models/checkpoint/llama2c_reader.h"

#include "models/checkpoint/llama2c_header.h"
#include "models/checkpoint/mapped_file.h"
#include "models/checkpoint/mapped_tensor.h"

namespace fot {
namespace {

// Rows of a [heads * head_dim, in] projection in llama2.c order -> HF rotate-half order. Within a
// head, llama2.c rotates rows (2i, 2i+1) by frequency i; HF rotates (i, i + head_dim/2). So HF row i
// is llama2.c row 2i and HF row head_dim/2 + i is llama2.c row 2i + 1.
at::Tensor interleaved_to_rotate_half(const at::Tensor& weight, int64_t heads) {
  const int64_t rows = weight.size(0), in = weight.size(1);
  const int64_t head_dim = rows / heads;
  return weight.reshape({heads, head_dim / 2, 2, in}).transpose(1, 2).reshape({rows, in}).contiguous();
}

}  // namespace

Checkpoint read_llama2c(const std::string& path) {
  auto file = MappedFile::open(path);
  Llama2cLayout layout = read_llama2c_layout(file->data(), file->size(), path);
  Checkpoint checkpoint;
  checkpoint.source = path;
  checkpoint.format = "llama2c";
  checkpoint.config_path = path;
  checkpoint.weights_path = path;
  checkpoint.config = layout.config;
  for (const Llama2cArray& array : layout.arrays) {
    if (array.name.empty()) continue;
    at::Tensor tensor = mapped_tensor(file, array.name, array.offset, at::kFloat, array.shape);
    if (array.name.find(".q_proj.") != std::string::npos)
      tensor = interleaved_to_rotate_half(tensor, layout.config.num_attention_heads);
    else if (array.name.find(".k_proj.") != std::string::npos)
      tensor = interleaved_to_rotate_half(tensor, layout.config.num_key_value_heads);
    checkpoint.tensors[array.name] = tensor;
  }
  return checkpoint;
}

}  // namespace fot
