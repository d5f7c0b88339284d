#include <set>

#include "common/input_error.h"
#include "tasks/common/python/utf8.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_record(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "ReCoRD")) {
    const auto& row = line.value;
    if (!row.contains("passage") || !row["passage"].is_object())
      throw InputError(where(path, line.number) + "missing object field 'passage'");
    const auto& passage = row["passage"];
    const std::string text = string_field(passage, "text", path, line.number);
    const auto code_points = python::decode_utf8(text);
    // std::set<std::string> orders UTF-8 bytewise, which is code-point order (Python's sorted()).
    std::set<std::string> entities;
    for (const auto& entity : array_field(passage, "entities", path, line.number)) {
      const int64_t start = int_field(entity, "start", path, line.number);
      const int64_t end = int_field(entity, "end", path, line.number);  // inclusive
      if (start < 0 || end < start || end >= static_cast<int64_t>(code_points.size()))
        throw InputError(where(path, line.number) + "entity span [" + std::to_string(start) + ", " +
                         std::to_string(end) + "] lies outside the passage");
      entities.insert(python::encode_utf8(code_points.substr(start, end - start + 1)));
    }
    for (const auto& qa : array_field(row, "qas", path, line.number)) {
      Doc doc;
      doc.doc_index = docs.size();
      doc.fields["passage"] = text;
      doc.fields["query"] = string_field(qa, "query", path, line.number);
      doc.choices.assign(entities.begin(), entities.end());
      std::set<std::string> answers;
      for (const auto& answer : array_field(qa, "answers", path, line.number))
        answers.insert(string_field(answer, "text", path, line.number));
      doc.answers.assign(answers.begin(), answers.end());
      if (doc.choices.empty()) throw InputError(where(path, line.number) + "passage has no entities");
      if (doc.answers.empty()) throw InputError(where(path, line.number) + "query has no answers");
      docs.push_back(std::move(doc));
    }
  }
  return docs;
}

}  // namespace fot::zeroshot
