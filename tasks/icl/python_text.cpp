#include "tasks/icl/python_text.h"

#include <algorithm>

#include "tasks/icl/unicode_tables.h"

namespace fot::icl {
namespace {

using unicode_tables::CodeRange;

bool in_ranges(const CodeRange* ranges, size_t count, char32_t c) {
  const CodeRange* end = ranges + count;
  const CodeRange* it = std::upper_bound(ranges, end, c, [](char32_t v, const CodeRange& r) { return v < r.first; });
  return it != ranges && c <= (it - 1)->last;
}

bool is_cased(char32_t c) { return in_ranges(unicode_tables::kCased, unicode_tables::kCasedCount, c); }
bool is_case_ignorable(char32_t c) {
  return in_ranges(unicode_tables::kCaseIgnorable, unicode_tables::kCaseIgnorableCount, c);
}

constexpr char32_t kCapitalSigma = 0x3A3, kSmallSigma = 0x3C3, kFinalSigma = 0x3C2;

// Unicode's Final_Sigma context, as CPython's handle_capital_sigma checks it: a cased letter
// before (skipping case-ignorables) and none after (skipping case-ignorables).
bool is_final_sigma(const std::u32string& text, size_t i) {
  size_t j = i;
  while (j > 0 && is_case_ignorable(text[j - 1])) --j;
  if (j == 0 || !is_cased(text[j - 1])) return false;
  size_t k = i + 1;
  while (k < text.size() && is_case_ignorable(text[k])) ++k;
  return k == text.size() || !is_cased(text[k]);
}

}  // namespace

std::u32string python_lower(const std::u32string& text) {
  using unicode_tables::kLower;
  using unicode_tables::kLowerCount;
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == kCapitalSigma) {
      out.push_back(is_final_sigma(text, i) ? kFinalSigma : kSmallSigma);
      continue;
    }
    const auto* it = std::lower_bound(kLower, kLower + kLowerCount, c,
                                      [](const unicode_tables::LowerMapping& m, char32_t v) { return m.from < v; });
    if (it == kLower + kLowerCount || it->from != c) {
      out.push_back(c);
      continue;
    }
    for (char32_t mapped : it->to)
      if (mapped) out.push_back(mapped);
  }
  return out;
}

bool python_is_word_char(char32_t c) { return in_ranges(unicode_tables::kWord, unicode_tables::kWordCount, c); }

bool python_is_space(char32_t c) { return in_ranges(unicode_tables::kSpace, unicode_tables::kSpaceCount, c); }

}  // namespace fot::icl
