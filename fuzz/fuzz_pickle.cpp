// The restricted unpickler of torch.save's data.pkl (models/checkpoint/restricted_unpickler.h).
#include <cstdlib>

#include "fuzz/input_file.h"
#include "models/checkpoint/restricted_unpickler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string where = "fuzz.bin (data.pkl)";
  fot::fuzz::expect_only_input_errors(where, [&] {
    for (const fot::PickledTensor& tensor : fot::read_pickled_state_dict(data, size, where))
      if (tensor.sizes.size() != tensor.strides.size()) std::abort();
  });
  return 0;
}
