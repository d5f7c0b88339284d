// The files RULER's generators read, from the task's data_dir (laid out as the shared data's
// ruler/ folder): the wonderwords lists, and when a setting needs them english_words.json and
// PaulGrahamEssays.json. Each is read once per process; a missing file is a fot::InputError
// naming it. No LibTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fot::ruler {

// wonderwords.random_word._get_words_from_text_file(name): each line, rstrip()ed, in file order.
const std::vector<std::string>& word_list(const std::string& data_dir, const std::string& file_name);

// niah.py's key words, sorted(set(f"{adj}-{noun}" for adj in adjs for noun in nouns)), held as
// index pairs (6.2 million strings would take ~250 MB).
class KeyWords {
 public:
  KeyWords(const std::vector<std::string>& adjectives, const std::vector<std::string>& nouns);
  size_t size() const { return order_.size(); }
  std::string at(size_t i) const;

 private:
  const std::vector<std::string>& adjectives_;
  const std::vector<std::string>& nouns_;
  std::vector<std::pair<uint32_t, uint32_t>> order_;  // (adjective, noun) in sorted order
};
const KeyWords& key_words(const std::string& data_dir);

// common_words_extraction.py's vocabulary before its shuffle: sorted(set(nouns + adjs + verbs)).
std::vector<std::string> common_words(const std::string& data_dir);

// list(json.load(open("english_words.json")).values())
const std::vector<std::string>& english_words(const std::string& data_dir);

// json.load(open("PaulGrahamEssays.json"))["text"]
const std::string& paul_graham_essays(const std::string& data_dir);

}  // namespace fot::ruler
