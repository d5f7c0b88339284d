// The passkey texts of docs/passkey-protocol.md section 1 (Landmark Attention's prompt, as LongLLaMA uses it).
#pragma once

#include <cstdint>
#include <string>

namespace fot::passkey {

extern const char kTaskDescription[];  // line 1
extern const char kFillerUnit[];       // 89 characters, repeated and joined by single spaces
extern const char kQuestion[];         // last line, no trailing space

// "The pass key is K. Remember it. K is the pass key."
std::string needle(int64_t key);

// The first n characters of the filler: units joined by single spaces (garbage_inf[:n]). The
// reference stops at 5000 units (449,999 characters); past that the same pattern continues.
std::string filler(int64_t n_chars);

struct LandmarkPrompt {
  std::string text;
  size_t needle_offset = 0;  // character offset of the needle line in text
};

// The C.1 prompt for n_garbage filler characters of which n_prefix precede the needle:
// description, filler[:n_prefix], needle, filler[:n_garbage - n_prefix], question, joined by "\n".
LandmarkPrompt landmark_prompt(int64_t n_garbage, int64_t n_prefix, int64_t key);

}  // namespace fot::passkey
