#include "tasks/common/python/text.h"

#include <algorithm>

#include "tasks/common/python/unicode_tables.h"
#include "tasks/common/python/utf8.h"

namespace fot::python {
namespace {

using unicode_tables::CaseMapping;
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

// Appends the mapping of c (c itself when the table has none).
void append_mapped(const CaseMapping* table, size_t count, char32_t c, std::u32string& out) {
  const CaseMapping* it =
      std::lower_bound(table, table + count, c, [](const CaseMapping& m, char32_t v) { return m.from < v; });
  if (it == table + count || it->from != c) {
    out.push_back(c);
    return;
  }
  for (char32_t mapped : it->to)
    if (mapped) out.push_back(mapped);
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

// CPython's lower_ucs4: text[i] lowered in its context.
void append_lower_at(const std::u32string& text, size_t i, std::u32string& out) {
  if (text[i] == kCapitalSigma)
    out.push_back(is_final_sigma(text, i) ? kFinalSigma : kSmallSigma);
  else
    append_mapped(unicode_tables::kLower, unicode_tables::kLowerCount, text[i], out);
}

std::string strip_code_points(const std::string& utf8, bool left) {
  const std::u32string cps = decode_utf8(utf8);
  size_t begin = 0, end = cps.size();
  while (left && begin < end && is_space(cps[begin])) ++begin;
  while (end > begin && is_space(cps[end - 1])) --end;
  return encode_utf8(cps.substr(begin, end - begin));
}

}  // namespace

bool is_space(char32_t c) { return in_ranges(unicode_tables::kSpace, unicode_tables::kSpaceCount, c); }

bool is_word_char(char32_t c) { return in_ranges(unicode_tables::kWord, unicode_tables::kWordCount, c); }

std::u32string lower(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) append_lower_at(text, i, out);
  return out;
}

std::string lower(const std::string& utf8) { return encode_utf8(lower(decode_utf8(utf8))); }

std::string capitalize(const std::string& utf8) {
  const std::u32string cps = decode_utf8(utf8);
  std::u32string out;
  out.reserve(cps.size());
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i == 0)
      append_mapped(unicode_tables::kTitle, unicode_tables::kTitleCount, cps[0], out);
    else
      append_lower_at(cps, i, out);
  }
  return encode_utf8(out);
}

std::string strip(const std::string& utf8) { return strip_code_points(utf8, true); }

std::string rstrip(const std::string& utf8) { return strip_code_points(utf8, false); }

std::string bytes_strip(const std::string& bytes) {
  const auto is_ascii_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  size_t begin = 0, end = bytes.size();
  while (begin < end && is_ascii_space(bytes[begin])) ++begin;
  while (end > begin && is_ascii_space(bytes[end - 1])) --end;
  return bytes.substr(begin, end - begin);
}

std::vector<std::u32string> split(const std::u32string& text) {
  std::vector<std::u32string> words;
  for (size_t i = 0; i < text.size();) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    words.push_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

size_t length(const std::string& utf8) { return decode_utf8(utf8).size(); }

std::string slice(const std::string& utf8, size_t begin, size_t end) {
  const std::u32string cps = decode_utf8(utf8);
  end = std::min(end, cps.size());
  if (begin >= end) return "";
  return encode_utf8(cps.substr(begin, end - begin));
}

}  // namespace fot::python
