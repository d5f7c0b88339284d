// The zero-shot data files (tasks/zeroshot/loaders.h): every loader reads the same input, so one
// corpus of JSON lines, TSV and JSON seeds serves them all. PIQA's labels file gets one label per
// line of the input.
#include <algorithm>

#include "fuzz/input_file.h"
#include "tasks/zeroshot/loaders.h"

namespace zs = fot::zeroshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fot::fuzz::write_input_file("data.jsonl", data, size);
  using Loader = std::vector<zs::Doc> (*)(const std::string&);
  for (Loader load : {&zs::load_arc, &zs::load_boolq, &zs::load_openbookqa, &zs::load_anli, &zs::load_hellaswag,
                      &zs::load_record, &zs::load_rte, &zs::load_truthfulqa_mc, &zs::load_wic,
                      &zs::load_winogrande}) {
    fot::fuzz::expect_only_input_errors(path, [&] { (void)load(path); });
  }
  std::string labels;
  for (size_t line = 0, lines = 1 + std::count(data, data + size, '\n'); line < lines; ++line) labels += "0\n";
  const std::string labels_path =
      fot::fuzz::write_input_file("labels.lst", reinterpret_cast<const uint8_t*>(labels.data()), labels.size());
  fot::fuzz::expect_only_input_errors(path.substr(0, path.rfind('/')), [&] { (void)zs::load_piqa(path, labels_path); });
  return 0;
}
