// The index of sharded weights, model.safetensors.index.json or pytorch_model.bin.index.json
// (models/checkpoint/shard_index.h).
#include "fuzz/input_file.h"
#include "models/checkpoint/shard_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("model.safetensors.index.json", data, size);
  fot::fuzz::expect_only_input_errors(path, [&] { (void)fot::read_shard_index(path); });
  return 0;
}
