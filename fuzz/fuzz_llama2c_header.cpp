// The header and array layout of a llama2.c v0 export (models/checkpoint/llama2c_header.h). Every
// array it lays out must lie inside the file.
#include <cstdlib>

#include "fuzz/input_file.h"
#include "models/checkpoint/llama2c_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string where = "fuzz/stories.bin";
  fot::fuzz::expect_only_input_errors(where, [&] {
    const fot::Llama2cLayout layout = fot::read_llama2c_layout(data, size, where);
    for (const fot::Llama2cArray& array : layout.arrays) {
      uint64_t bytes = 4;
      for (int64_t dim : array.shape) bytes *= static_cast<uint64_t>(dim);
      if (array.offset > size || bytes > size - array.offset) std::abort();
    }
  });
  return 0;
}
