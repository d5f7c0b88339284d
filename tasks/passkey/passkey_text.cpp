#include "tasks/passkey/passkey_text.h"

#include <stdexcept>

namespace fot::passkey {

const char kTaskDescription[] =
    "There is an important info hidden inside a lot of irrelevant text. Find it and memorize them. I will quiz you "
    "about the important information there.";
const char kFillerUnit[] = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";
const char kQuestion[] = "What is the pass key? The pass key is";

std::string needle(int64_t key) {
  const std::string k = std::to_string(key);
  return "The pass key is " + k + ". Remember it. " + k + " is the pass key.";
}

std::string filler(int64_t n_chars) {
  if (n_chars < 0) throw std::invalid_argument("passkey filler: negative length");
  const std::string unit = kFillerUnit;
  std::string out;
  out.reserve(static_cast<size_t>(n_chars) + unit.size() + 1);
  while (static_cast<int64_t>(out.size()) < n_chars) {
    if (!out.empty()) out.push_back(' ');
    out += unit;
  }
  out.resize(static_cast<size_t>(n_chars));
  return out;
}

LandmarkPrompt landmark_prompt(int64_t n_garbage, int64_t n_prefix, int64_t key) {
  if (n_prefix < 0 || n_prefix > n_garbage) throw std::invalid_argument("passkey: prefix length outside 0..n_garbage");
  LandmarkPrompt out;
  out.text = kTaskDescription;
  out.text += "\n";
  out.text += filler(n_prefix);
  out.text += "\n";
  out.needle_offset = out.text.size();
  out.text += needle(key);
  out.text += "\n";
  out.text += filler(n_garbage - n_prefix);
  out.text += "\n";
  out.text += kQuestion;
  return out;
}

}  // namespace fot::passkey
