// A restricted reader for the data.pkl of a torch.save archive holding a state dict. It interprets
// only the pickle opcodes a state dict needs and only these globals: collections.OrderedDict,
// torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.{Float,Half,BFloat16}Storage.
// It never calls or imports anything: globals are names, REDUCE builds plain descriptions.
// No LibTorch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot {

struct PickledTensor {
  std::string name;          // state-dict key
  std::string storage_key;   // the storage record is "data/<storage_key>" in the archive
  std::string storage_type;  // "FloatStorage", "HalfStorage" or "BFloat16Storage"
  int64_t storage_numel = 0;   // elements in the storage, as the pickle declares
  int64_t storage_offset = 0;  // in elements
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
};

// Parses `data` (a pickle whose result is a dict of name -> tensor). Errors (InputError) name
// `where` (e.g. "path/pytorch_model.bin (data.pkl)") and the global, opcode or entry at fault.
std::vector<PickledTensor> read_pickled_state_dict(const uint8_t* data, size_t size, const std::string& where);

}  // namespace fot
