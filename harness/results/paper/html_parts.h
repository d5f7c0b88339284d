// Small pieces of the self-contained HTML report.
#pragma once

#include <string>

namespace fot {

std::string html_escape(const std::string& text);
// An SVG file's <svg> element ready to inline: XML prolog and doctype dropped, every id (and its
// references) prefixed with `prefix` so several plots in one page never share an id.
std::string inline_svg(const std::string& svg_text, const std::string& prefix);

}  // namespace fot
