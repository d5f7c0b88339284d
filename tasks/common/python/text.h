// Python 3 str semantics on code points, from Python's own Unicode database (unicode_tables.h,
// pinned to Python 3.11 / Unicode 14.0.0), so no C library or locale takes part. The UTF-8
// overloads decode strictly (utf8.h: fot::InputError on bytes that are not UTF-8).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fot::python {

bool is_space(char32_t c);      // str.isspace(): what str.split() and str.strip() remove
bool is_word_char(char32_t c);  // re's \w on a str pattern: c.isalnum() or c == "_"

// str.lower(): full case mapping (U+0130 -> "i\u0307") and the Final_Sigma rule (Σ -> ς at the
// end of a word, looking past case-ignorable characters such as an apostrophe: "Α'Σ" -> "α'ς").
std::u32string lower(const std::u32string& text);
std::string lower(const std::string& utf8);
// str.capitalize() (Python 3.8+): the first character's full title case ("ǆ" -> "ǅ", "ß" -> "Ss"),
// the rest lower().
std::string capitalize(const std::string& utf8);

std::string strip(const std::string& utf8);   // str.strip()
std::string rstrip(const std::string& utf8);  // str.rstrip()
// bytes.strip(): ASCII whitespace (space, \t \n \v \f \r) only, on any bytes.
std::string bytes_strip(const std::string& bytes);
std::vector<std::u32string> split(const std::u32string& text);  // str.split(): runs of non-space

size_t length(const std::string& utf8);  // len(s): code points
// s[begin:end] for code-point offsets 0 <= begin, end (clamped like Python's slicing).
std::string slice(const std::string& utf8, size_t begin, size_t end);

}  // namespace fot::python
