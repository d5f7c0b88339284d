#include "common/input_error.h"
#include "tasks/common/python/text.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_wic(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "WiC")) {
    Doc doc;
    doc.doc_index = docs.size();
    const std::string sentence1 = string_field(line.value, "sentence1", path, line.number);
    doc.fields["sentence1"] = sentence1;
    doc.fields["sentence2"] = string_field(line.value, "sentence2", path, line.number);
    const int64_t start = int_field(line.value, "start1", path, line.number);
    const int64_t end = int_field(line.value, "end1", path, line.number);
    if (start < 0 || end < start || end > static_cast<int64_t>(python::length(sentence1)))
      throw InputError(where(path, line.number) + "start1/end1 lie outside sentence1");
    // v0.3.0 slices the word from sentence1; the `word` field (a lemma) is not used.
    doc.fields["word"] = python::slice(sentence1, start, end);
    doc.gold = truth_label(line.value, path, line.number) ? 0 : 1;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
