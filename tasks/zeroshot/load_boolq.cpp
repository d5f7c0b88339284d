#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_boolq(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "BoolQ")) {
    Doc doc;
    doc.doc_index = docs.size();
    doc.fields["passage"] = string_field(line.value, "passage", path, line.number);
    doc.fields["question"] = string_field(line.value, "question", path, line.number);
    doc.gold = truth_label(line.value, path, line.number) ? 0 : 1;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
