// An HF config.json of a LLaMA or LongLLaMA checkpoint (models/model_config.h).
#include "fuzz/input_file.h"
#include "models/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("config.json", data, size);
  fot::fuzz::expect_only_input_errors(path, [&] { (void)fot::load_hf_config(path); });
  return 0;
}
