#include "harness/results/paper/html_parts.h"

namespace fot {

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}
}  // namespace

std::string inline_svg(const std::string& svg_text, const std::string& prefix) {
  const size_t start = svg_text.find("<svg");
  std::string out = start == std::string::npos ? svg_text : svg_text.substr(start);
  replace_all(out, "id='", "id='" + prefix);
  replace_all(out, "id=\"", "id=\"" + prefix);
  replace_all(out, "href='#", "href='#" + prefix);
  replace_all(out, "href=\"#", "href=\"#" + prefix);
  replace_all(out, "url(#", "url(#" + prefix);
  return out;
}

}  // namespace fot
