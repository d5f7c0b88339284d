// The declarative prompt templates of the multiple-choice tasks: "{name}" is replaced by the Doc
// field `name`; "{{" and "}}" are literal braces. Everything else is copied verbatim.
#pragma once

#include <string>

#include "tasks/zeroshot/doc.h"

namespace fot::zeroshot {

// Throws std::invalid_argument for an unterminated "{" or a field the Doc lacks.
std::string fill_template(const std::string& text, const Doc& doc);

}  // namespace fot::zeroshot
