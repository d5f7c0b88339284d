#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_rte(const std::string& path) {
  const auto lines = read_lines(path, "RTE");
  if (lines.empty() || lines[0].text != "index\tsentence1\tsentence2\tlabel")
    throw InputError(where(path, 1) + "expected the header 'index<TAB>sentence1<TAB>sentence2<TAB>label'");
  std::vector<Doc> docs;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].text.empty()) continue;
    const auto columns = split_tabs(lines[i].text);
    if (columns.size() != 4)
      throw InputError(where(path, lines[i].number) + "expected 4 tab-separated columns, got " +
                       std::to_string(columns.size()));
    Doc doc;
    doc.doc_index = docs.size();
    doc.fields["sentence1"] = columns[1];
    doc.fields["sentence2"] = columns[2];
    if (columns[3] == "entailment") {
      doc.gold = 0;
    } else if (columns[3] == "not_entailment") {
      doc.gold = 1;
    } else {
      throw InputError(where(path, lines[i].number) + "label must be entailment or not_entailment, got '" +
                       columns[3] + "'");
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
