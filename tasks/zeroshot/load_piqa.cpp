#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_piqa(const std::string& jsonl_path, const std::string& labels_path) {
  const auto rows = read_json_lines(jsonl_path, "PIQA");
  std::vector<TextLine> labels;
  for (auto& line : read_lines(labels_path, "PIQA labels"))
    if (!line.text.empty()) labels.push_back(line);
  if (labels.size() != rows.size())
    throw InputError(labels_path + ": " + std::to_string(labels.size()) + " labels for " + std::to_string(rows.size()) +
                     " questions in " + jsonl_path);
  std::vector<Doc> docs;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i].value;
    Doc doc;
    doc.doc_index = i;
    doc.fields["goal"] = string_field(row, "goal", jsonl_path, rows[i].number);
    doc.choices = {string_field(row, "sol1", jsonl_path, rows[i].number),
                   string_field(row, "sol2", jsonl_path, rows[i].number)};
    if (labels[i].text != "0" && labels[i].text != "1")
      throw InputError(where(labels_path, labels[i].number) + "label must be 0 or 1, got '" + labels[i].text + "'");
    doc.gold = labels[i].text == "1" ? 1 : 0;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
