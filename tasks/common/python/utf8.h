// UTF-8 <-> code points, decoded as Python's bytes.decode("utf-8") does: the well-formed sequences of
// the Unicode Standard's table 3-7 (no overlongs, surrogates or values above U+10FFFF). One decoder,
// two ways to meet an ill-formed sequence: refuse it (text read from files) or replace it with U+FFFD
// (text a model generated, which may end inside a character).
#pragma once

#include <cstddef>
#include <string>

namespace fot::python {

// bytes.decode("utf-8"): fot::InputError "not UTF-8: byte N (0xXX) ..." on the first ill-formed
// sequence, N counted from 1 as Python's UnicodeDecodeError.start + 1.
std::u32string decode_utf8(const std::string& text);

// bytes.decode("utf-8", "replace"): each maximal ill-formed subpart becomes one U+FFFD.
std::u32string decode_utf8_replacing(const std::string& text);

// decode_utf8's check alone: fot::InputError where + "not UTF-8: byte N (0xXX) ..." (where names the
// file and line) on the first ill-formed sequence.
void check_utf8(const std::string& text, const std::string& where);

// The offset of the first ill-formed byte, or std::string::npos when the text is UTF-8.
size_t first_invalid_utf8(const std::string& text);
inline bool is_valid_utf8(const std::string& text) { return first_invalid_utf8(text) == std::string::npos; }

std::string encode_utf8(const std::u32string& text);  // surrogates are written as they are (CESU-like)

}  // namespace fot::python
