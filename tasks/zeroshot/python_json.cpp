#include <cstdio>

#include "tasks/common/python/utf8.h"
#include "tasks/zeroshot/request.h"

namespace fot::zeroshot {

namespace {
void append_u_escape(std::string& out, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u%04x", value);
  out += buffer;
}
}  // namespace

std::string python_json_string(const std::string& utf8) {
  std::string out = "\"";
  for (char32_t c : python::decode_utf8(utf8)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c >= 0x20 && c <= 0x7E) {
          out.push_back(static_cast<char>(c));
        } else if (c <= 0xFFFF) {
          append_u_escape(out, static_cast<unsigned>(c));
        } else {
          const char32_t v = c - 0x10000;
          append_u_escape(out, 0xD800 | static_cast<unsigned>(v >> 10));
          append_u_escape(out, 0xDC00 | static_cast<unsigned>(v & 0x3FF));
        }
    }
  }
  out += "\"";
  return out;
}

std::string python_json_dumps(const std::vector<Request>& requests) {
  std::string out = "[";
  for (size_t i = 0; i < requests.size(); ++i) {
    if (i) out += ", ";
    out += "[" + python_json_string(requests[i].context) + ", " + python_json_string(requests[i].continuation) + "]";
  }
  out += "]";
  return out;
}

}  // namespace fot::zeroshot
