#include <cctype>

#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_hellaswag(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "HellaSwag")) {
    Doc doc;
    doc.doc_index = docs.size();
    for (const char* name : {"activity_label", "ctx_a", "ctx_b"})
      doc.fields[name] = string_field(line.value, name, path, line.number);
    for (const auto& ending : array_field(line.value, "endings", path, line.number)) {
      if (!ending.is_string()) throw InputError(where(path, line.number) + "field 'endings' must hold strings");
      doc.choices.push_back(ending.get<std::string>());
    }
    // rowanz/hellaswag stores an integer; the HF copy a string ("0".."3"): accept both.
    int64_t label = -1;
    const auto found = line.value.find("label");
    if (found != line.value.end() && found->is_string()) {
      const std::string text = found->get<std::string>();
      if (text.size() != 1 || !std::isdigit(static_cast<unsigned char>(text[0])))
        throw InputError(where(path, line.number) + "field 'label' must be an integer, got \"" + text + "\"");
      label = text[0] - '0';
    } else {
      label = int_field(line.value, "label", path, line.number);
    }
    if (label < 0 || label >= static_cast<int64_t>(doc.choices.size()))
      throw InputError(where(path, line.number) + "label " + std::to_string(label) + " names no ending");
    doc.gold = static_cast<int>(label);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
