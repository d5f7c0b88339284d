#include "common/input_error.h"
#include "tasks/common/python/text.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

namespace {
const char* const kHeader = "ID\tQuestion Stem\tChoices\tComplete Question\tAnswer Key";
}

std::vector<Doc> load_openbookqa(const std::string& path) {
  const auto lines = read_lines(path, "OpenBookQA");
  if (lines.empty() || lines[0].text != kHeader)
    throw InputError(where(path, 1) + "expected the header '" + std::string(kHeader) + "'");
  std::vector<Doc> docs;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.text.empty()) continue;
    const auto columns = split_tabs(line.text);
    if (columns.size() != 5)
      throw InputError(where(path, line.number) + "expected 5 tab-separated columns, got " +
                       std::to_string(columns.size()));
    Doc doc;
    doc.doc_index = docs.size();
    doc.fields["question_stem"] = columns[1];
    // "(A) t1 (B) t2 (C) t3 (D) t4" -> [t1, t2, t3, t4]
    const std::string& text = columns[2];
    const std::string markers[4] = {"(A) ", " (B) ", " (C) ", " (D) "};
    size_t positions[4];
    size_t from = 0;
    for (int k = 0; k < 4; ++k) {
      positions[k] = k == 0 ? (text.rfind(markers[0], 0) == 0 ? 0 : std::string::npos) : text.find(markers[k], from);
      if (positions[k] == std::string::npos)
        throw InputError(where(path, line.number) + "Choices lacks '" + markers[k] + "'");
      from = positions[k] + markers[k].size();
    }
    for (int k = 0; k < 4; ++k) {
      const size_t begin = positions[k] + markers[k].size();
      const size_t end = k < 3 ? positions[k + 1] : text.size();
      doc.choices.push_back(text.substr(begin, end - begin));
    }
    const std::string key = python::strip(columns[4]);
    const auto position = std::string("ABCD").find(key);
    if (key.size() != 1 || position == std::string::npos)
      throw InputError(where(path, line.number) + "Answer Key must be one of A-D, got '" + columns[4] + "'");
    doc.gold = static_cast<int>(position);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
