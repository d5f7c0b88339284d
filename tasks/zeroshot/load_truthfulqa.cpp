#include <fstream>
#include <sstream>

#include "common/input_error.h"
#include "tasks/zeroshot/data_files.h"
#include "tasks/zeroshot/loaders.h"

namespace fot::zeroshot {

namespace {

// mc_task.json is one JSON array, so errors name the question's position instead of a line.
std::string at_question(const std::string& path, size_t index) {
  return path + ": question " + std::to_string(index) + ": ";
}

// The targets in the file's key order (Python's json.load keeps it; HF lists keys() and values()).
void read_targets(const nlohmann::ordered_json& row, const char* name, const std::string& path, size_t index,
                  std::vector<std::string>& choices, std::vector<int>& labels) {
  if (!row.contains(name) || !row[name].is_object())
    throw InputError(at_question(path, index) + "missing object field '" + name + "'");
  for (const auto& [choice, label] : row[name].items()) {
    if (!label.is_number_integer() || (label != 0 && label != 1))
      throw InputError(at_question(path, index) + std::string(name) + " label of '" + choice + "' must be 0 or 1");
    choices.push_back(choice);
    labels.push_back(label.get<int>());
  }
  if (choices.empty()) throw InputError(at_question(path, index) + std::string(name) + " is empty");
}

}  // namespace

std::vector<Doc> load_truthfulqa_mc(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("TruthfulQA data file not found: " + path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::ordered_json rows;
  try {
    rows = nlohmann::ordered_json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": malformed JSON: " + e.what());
  }
  if (!rows.is_array()) throw InputError(path + ": expected a JSON array of questions");
  std::vector<Doc> docs;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (!row.is_object() || !row.contains("question") || !row["question"].is_string())
      throw InputError(at_question(path, i) + "missing string field 'question'");
    Doc doc;
    doc.doc_index = i;
    doc.fields["question"] = row["question"].get<std::string>();
    std::vector<int> mc1_labels;
    read_targets(row, "mc1_targets", path, i, doc.choices, mc1_labels);
    read_targets(row, "mc2_targets", path, i, doc.mc2_choices, doc.mc2_labels);
    doc.gold = 0;  // v0.3.0 scores mc1 as argmax == 0: the dataset lists the correct answer first
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace fot::zeroshot
