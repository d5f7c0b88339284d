#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_arc(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "ARC")) {
    const auto& row = line.value;
    if (!row.contains("question") || !row["question"].is_object())
      throw InputError(where(path, line.number) + "missing object field 'question'");
    const auto& question = row["question"];
    Doc doc;
    doc.doc_index = docs.size();
    doc.fields["question"] = string_field(question, "stem", path, line.number);
    for (const auto& choice : array_field(question, "choices", path, line.number))
      doc.choices.push_back(string_field(choice, "text", path, line.number));
    std::string key = string_field(row, "answerKey", path, line.number);
    if (key.size() == 1 && key[0] >= '1' && key[0] <= '5') key = std::string(1, static_cast<char>('A' + key[0] - '1'));
    const auto position = std::string("ABCDE").find(key);
    if (key.size() != 1 || position == std::string::npos || position >= doc.choices.size())
      throw InputError(where(path, line.number) + "answerKey '" + key + "' names no choice");
    doc.gold = static_cast<int>(position);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
