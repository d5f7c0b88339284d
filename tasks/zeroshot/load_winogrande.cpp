#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_winogrande(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "WinoGrande")) {
    Doc doc;
    doc.doc_index = docs.size();
    const std::string sentence = string_field(line.value, "sentence", path, line.number);
    if (sentence.find('_') == std::string::npos)
      throw InputError(where(path, line.number) + "sentence has no '_' blank");
    doc.fields["sentence"] = sentence;
    doc.choices = {string_field(line.value, "option1", path, line.number),
                   string_field(line.value, "option2", path, line.number)};
    const std::string answer = string_field(line.value, "answer", path, line.number);
    if (answer != "1" && answer != "2")
      throw InputError(where(path, line.number) + "answer must be \"1\" or \"2\", got '" + answer + "'");
    doc.gold = answer == "1" ? 0 : 1;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
