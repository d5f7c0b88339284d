#include "tasks/common/python/utf8.h"

#include <cstdint>
#include <cstdio>

#include "common/input_error.h"

namespace fot::python {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

struct Step {
  size_t length;    // bytes consumed: the sequence, or the maximal ill-formed subpart (at least 1)
  bool ok;
  char32_t value;
};

// One sequence at text[i], by the Unicode Standard's table 3-7; on failure the bytes consumed are
// those that could still begin a well-formed sequence, which is how CPython's decoder and its
// "replace" handler count them.
Step decode_one(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) return {1, true, lead};
  size_t length;
  char32_t value;
  uint8_t second_low = 0x80, second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0F;
    if (lead == 0xE0) second_low = 0xA0;   // overlong
    if (lead == 0xED) second_high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07;
    if (lead == 0xF0) second_low = 0x90;   // overlong
    if (lead == 0xF4) second_high = 0x8F;  // above U+10FFFF
  } else {
    return {1, false, 0};
  }
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) return {k, false, 0};
    const uint8_t b = byte(i + k);
    const uint8_t low = k == 1 ? second_low : 0x80, high = k == 1 ? second_high : 0xBF;
    if (b < low || b > high) return {k, false, 0};
    value = (value << 6) | (b & 0x3F);
  }
  return {length, true, value};
}

[[noreturn]] void throw_not_utf8(const std::string& text, size_t i, const std::string& where) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<uint8_t>(text[i])));
  throw InputError(where + "not UTF-8: byte " + std::to_string(i + 1) + " (" + hex + ") does not begin a well-formed " +
                   "sequence");
}

}  // namespace

void check_utf8(const std::string& text, const std::string& where) {
  if (const size_t bad = first_invalid_utf8(text); bad != std::string::npos) throw_not_utf8(text, bad, where);
}

size_t first_invalid_utf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const Step step = decode_one(text, i);
    if (!step.ok) return i;
    i += step.length;
  }
  return std::string::npos;
}

std::u32string decode_utf8(const std::string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const Step step = decode_one(text, i);
    if (!step.ok) throw_not_utf8(text, i, "");
    out.push_back(step.value);
    i += step.length;
  }
  return out;
}

std::u32string decode_utf8_replacing(const std::string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const Step step = decode_one(text, i);
    out.push_back(step.ok ? step.value : kReplacement);
    i += step.length;
  }
  return out;
}

std::string encode_utf8(const std::u32string& text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace fot::python
