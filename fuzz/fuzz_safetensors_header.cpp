// The header of a .safetensors file (models/checkpoint/safetensors_header.h). Every entry it
// accepts must lie inside the data section it was given.
#include <cstdlib>

#include "fuzz/input_file.h"
#include "models/checkpoint/safetensors_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string where = "fuzz.safetensors";
  fot::fuzz::expect_only_input_errors(where, [&] {
    const fot::SafetensorsHeader header = fot::parse_safetensors_header(data, size, where);
    for (const fot::SafetensorsEntry& entry : header.entries)
      if (entry.begin > entry.end || header.data_start + entry.end > size) std::abort();
  });
  return 0;
}
