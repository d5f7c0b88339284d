// A TREC question-classification file, train_5500.label or TREC_10.label (tasks/icl/trec_data.h).
#include "fuzz/input_file.h"
#include "tasks/icl/trec_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("TREC_10.label", data, size);
  fot::fuzz::expect_only_input_errors(path, [&] { (void)fot::icl::read_trec_file(path); });
  return 0;
}
