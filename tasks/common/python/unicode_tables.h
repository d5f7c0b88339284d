// Character property tables generated from Python's Unicode database (make_unicode_tables.py);
// used by text.cpp only. Ranges and mappings are sorted by code point.
#pragma once

#include <cstddef>

namespace fot::python::unicode_tables {

struct CodeRange {
  char32_t first, last;  // inclusive
};

struct CaseMapping {
  char32_t from;
  char32_t to[3];  // the mapping of `from`, 0-padded
};

extern const CodeRange kWord[];  // str.isalnum() or "_": re's \w
extern const size_t kWordCount;
extern const CodeRange kSpace[];  // str.isspace()
extern const size_t kSpaceCount;
extern const CodeRange kCased[];  // cased and not case-ignorable
extern const size_t kCasedCount;
extern const CodeRange kCaseIgnorable[];
extern const size_t kCaseIgnorableCount;
extern const CaseMapping kLower[];  // every code point whose str.lower() differs from itself
extern const size_t kLowerCount;
extern const CaseMapping kTitle[];  // every code point whose full title case (str.capitalize()) differs
extern const size_t kTitleCount;

}  // namespace fot::python::unicode_tables
