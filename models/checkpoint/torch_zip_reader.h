// Reader for a torch.save zip archive (pytorch_model.bin) holding a state dict.
#pragma once

#include <string>

#include "models/checkpoint/checkpoint.h"

namespace fot {

// Zero-copy views of every tensor in the state dict saved at `path`. The archive is opened with
// LibTorch's PyTorchStreamReader; data.pkl is read by the restricted unpickler (never runs code);
// storages must be stored uncompressed, float32/float16/bfloat16. Errors name the file and tensor.
TensorMap read_torch_zip(const std::string& path);

// True when the file at `path` starts with a zip local-file signature ("PK\x03\x04").
bool is_zip_file(const std::string& path);

}  // namespace fot
