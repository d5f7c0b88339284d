// A YAML run config (harness/config/run_config.h): models, tasks and every task's own section.
#include "fuzz/input_file.h"
#include "harness/config/run_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("run.yaml", data, size);
  fot::fuzz::expect_only_input_errors(path, [&] { (void)fot::load_run_config(path, std::nullopt); });
  return 0;
}
