#include "tasks/zeroshot/python_text.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <stdexcept>

#include "common/input_error.h"

namespace fot::zeroshot {

std::u32string to_code_points(const std::string& utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    int extra = 0;
    char32_t c = 0;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      c = lead & 0x1F, extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      c = lead & 0x0F, extra = 2;
    } else if ((lead & 0xF8) == 0xF0) {
      c = lead & 0x07, extra = 3;
    } else {
      throw InputError("invalid UTF-8 lead byte at offset " + std::to_string(i));
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= utf8.size()) throw InputError("truncated UTF-8 sequence at offset " + std::to_string(i));
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0) != 0x80) throw InputError("invalid UTF-8 continuation byte at offset " + std::to_string(i + k));
      c = (c << 6) | (next & 0x3F);
    }
    out.push_back(c);
    i += 1 + extra;
  }
  return out;
}

std::string to_utf8(const std::u32string& code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t c : code_points) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

size_t code_point_length(const std::string& utf8) { return to_code_points(utf8).size(); }

std::string slice_code_points(const std::string& utf8, size_t begin, size_t end) {
  const auto cps = to_code_points(utf8);
  end = std::min(end, cps.size());
  if (begin >= end) return "";
  return to_utf8(cps.substr(begin, end - begin));
}

bool is_python_space(char32_t c) {
  if (c >= 0x09 && c <= 0x0D) return true;
  if (c >= 0x1C && c <= 0x20) return true;
  if (c >= 0x2000 && c <= 0x200A) return true;
  switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return false;
  }
}

std::string python_strip(const std::string& utf8) {
  const auto cps = to_code_points(utf8);
  size_t begin = 0, end = cps.size();
  while (begin < end && is_python_space(cps[begin])) ++begin;
  while (end > begin && is_python_space(cps[end - 1])) --end;
  return to_utf8(cps.substr(begin, end - begin));
}

std::string python_rstrip(const std::string& utf8) {
  const auto cps = to_code_points(utf8);
  size_t end = cps.size();
  while (end > 0 && is_python_space(cps[end - 1])) --end;
  return to_utf8(cps.substr(0, end));
}

namespace {

locale_t utf8_locale() {
  static const locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (!l) throw std::runtime_error("the C.UTF-8 locale is not available (needed for Unicode case mapping)");
    return l;
  }();
  return locale;
}

char32_t lower(char32_t c) { return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), utf8_locale())); }
char32_t upper(char32_t c) { return static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), utf8_locale())); }

bool is_letter(char32_t c) { return iswalpha_l(static_cast<wint_t>(c), utf8_locale()) != 0; }

// str.lower() of cps[i]: the simple mapping plus SpecialCasing's unconditional U+0130 and the
// Final_Sigma rule (approximated with "letter" for "cased letter").
std::u32string lower_at(const std::u32string& cps, size_t i) {
  const char32_t c = cps[i];
  if (c == 0x0130) return U"i\u0307";
  if (c == 0x03A3) {
    const bool after_letter = i > 0 && is_letter(cps[i - 1]);
    const bool before_letter = i + 1 < cps.size() && is_letter(cps[i + 1]);
    return std::u32string(1, after_letter && !before_letter ? char32_t{0x03C2} : char32_t{0x03C3});
  }
  return std::u32string(1, lower(c));
}

// The full title-case mapping of the first character (str.capitalize since Python 3.8).
std::u32string title(char32_t c) {
  switch (c) {
    case 0x01C4: case 0x01C5: case 0x01C6: return U"\u01C5";
    case 0x01C7: case 0x01C8: case 0x01C9: return U"\u01C8";
    case 0x01CA: case 0x01CB: case 0x01CC: return U"\u01CB";
    case 0x01F1: case 0x01F2: case 0x01F3: return U"\u01F2";
    case 0x00DF: return U"Ss";
    case 0xFB00: return U"Ff";
    case 0xFB01: return U"Fi";
    case 0xFB02: return U"Fl";
    case 0xFB03: return U"Ffi";
    case 0xFB04: return U"Ffl";
    case 0xFB05: case 0xFB06: return U"St";
    default: return std::u32string(1, upper(c));
  }
}

}  // namespace

std::string python_lower(const std::string& utf8) {
  const auto cps = to_code_points(utf8);
  std::u32string out;
  for (size_t i = 0; i < cps.size(); ++i) out += lower_at(cps, i);
  return to_utf8(out);
}

std::string python_capitalize(const std::string& utf8) {
  const auto cps = to_code_points(utf8);
  std::u32string out;
  for (size_t i = 0; i < cps.size(); ++i) out += i == 0 ? title(cps[i]) : lower_at(cps, i);
  return to_utf8(out);
}

}  // namespace fot::zeroshot
