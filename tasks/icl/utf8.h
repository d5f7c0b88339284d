// UTF-8 <-> code points, for the answer normalisation and the loaders' checks.
#pragma once

#include <string>

namespace fot::icl {

bool is_valid_utf8(const std::string& text);  // well-formed, no surrogates or overlongs

// A byte that does not start a well-formed sequence decodes to U+FFFD (one per such byte).
std::u32string decode_utf8(const std::string& text);
std::string encode_utf8(const std::u32string& text);

}  // namespace fot::icl
