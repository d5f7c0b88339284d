// One document of a zero-shot data set, as the v0.3.0 task code sees it after the Hugging Face
// loader (field names follow the HF dataset; values are the original files' strings).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace fot::zeroshot {

struct Doc {
  size_t doc_index = 0;                        // position in the data file (0-based, file order)
  std::map<std::string, std::string> fields;   // text fields used by prompts, e.g. "question"
  std::vector<std::string> choices;            // per-document choices (MC tasks); ReCoRD: entities
  int gold = -1;                               // index of the correct choice (ReCoRD, TruthfulQA: -1)
  std::vector<std::string> answers;            // ReCoRD gold answer texts (sorted, unique)
  std::vector<std::string> mc2_choices;        // TruthfulQA: mc2 block (`choices` holds mc1)
  std::vector<int> mc2_labels;                 // TruthfulQA: 1 = true answer, per mc2 choice

  const std::string& field(const std::string& name) const;  // throws std::out_of_range naming it
};

}  // namespace fot::zeroshot
