// Python 3 string semantics the v0.3.0 task code relies on, over UTF-8 std::strings: lengths and
// slices in Unicode code points, str.strip()/rstrip() with Python's whitespace set, lower() and
// capitalize(). Invalid UTF-8 throws fot::InputError.
#pragma once

#include <cstddef>
#include <string>


namespace fot::zeroshot {

std::u32string to_code_points(const std::string& utf8);
std::string to_utf8(const std::u32string& code_points);

// len(s) in Python: the number of code points (not bytes, not tokens).
size_t code_point_length(const std::string& utf8);

// s[begin:end] with code-point offsets (clamped like Python slicing of non-negative bounds).
std::string slice_code_points(const std::string& utf8, size_t begin, size_t end);

// str.isspace() for one code point (Unicode White_Space plus the ASCII separators 0x1c-0x1f).
bool is_python_space(char32_t c);

std::string python_strip(const std::string& utf8);
std::string python_rstrip(const std::string& utf8);

// str.lower() / str.capitalize(): the C library's simple Unicode case mappings (C.UTF-8 locale) plus
// what Python adds on top: U+0130 -> "i\u0307", the final sigma, title case of the first character
// (digraphs such as U+01C6 -> U+01C5, "ß" -> "Ss", the ff/fi/fl/st ligatures).
std::string python_lower(const std::string& utf8);
std::string python_capitalize(const std::string& utf8);

}  // namespace fot::zeroshot
