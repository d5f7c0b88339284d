// A WebQuestions release file, webquestions.examples.*.json (tasks/icl/webqs_data.h).
#include "fuzz/input_file.h"
#include "tasks/icl/webqs_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("webquestions.examples.test.json", data, size);
  fot::fuzz::expect_only_input_errors(path, [&] { (void)fot::icl::read_webqs_file(path); });
  return 0;
}
