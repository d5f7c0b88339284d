// The three pieces of Python's str semantics the SQuAD normalisation uses, on code points, with
// tables from Python's own Unicode database (unicode_tables.h).
#pragma once

#include <string>

namespace fot::icl {

std::u32string python_lower(const std::u32string& text);  // str.lower(), Final_Sigma included
bool python_is_word_char(char32_t c);                     // re's \w on str: c.isalnum() or c == "_"
bool python_is_space(char32_t c);                         // str.isspace(): what str.split() splits on

}  // namespace fot::icl
