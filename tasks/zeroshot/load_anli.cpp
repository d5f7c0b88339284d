#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

std::vector<Doc> load_anli(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : read_json_lines(path, "ANLI")) {
    Doc doc;
    doc.doc_index = docs.size();
    doc.fields["premise"] = string_field(line.value, "context", path, line.number);
    doc.fields["hypothesis"] = string_field(line.value, "hypothesis", path, line.number);
    const std::string label = string_field(line.value, "label", path, line.number);
    const auto position = std::string("enc").find(label);
    if (label.size() != 1 || position == std::string::npos)
      throw InputError(where(path, line.number) + "label must be \"e\", \"n\" or \"c\", got '" + label + "'");
    doc.gold = static_cast<int>(position);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
