#include "tasks/ruler/ruler_scoring.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "tasks/common/python/text.h"
#include "tasks/common/python/utf8.h"

namespace fot::ruler {
namespace {

// A generated text as the Python str RULER scores: bytes that are not UTF-8 become U+FFFD, as
// bytes.decode("utf-8", "replace") makes them.
std::string as_python_str(const std::string& bytes) {
  return python::encode_utf8(python::decode_utf8_replacing(bytes));
}

std::vector<double> found(const std::string& prediction, const std::vector<std::string>& references) {
  const std::string haystack = python::lower(as_python_str(prediction));
  std::vector<double> out;
  for (const auto& reference : references)
    out.push_back(haystack.find(python::lower(as_python_str(reference))) != std::string::npos ? 1.0 : 0.0);
  return out;
}

}  // namespace

std::string postprocess_prediction(const std::string& prediction) {
  std::string text = python::strip(as_python_str(prediction));
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20) c = '\n';
  return python::strip(text);
}

double string_match_all(const std::string& prediction, const std::vector<std::string>& references) {
  if (references.empty()) return 0.0;
  double sum = 0.0;
  for (double hit : found(prediction, references)) sum += hit;
  return sum / static_cast<double>(references.size());
}

double string_match_part(const std::string& prediction, const std::vector<std::string>& references) {
  double best = 0.0;
  for (double hit : found(prediction, references)) best = std::max(best, hit);
  return best;
}

double ruler_percentage(const std::vector<double>& per_sample) {
  if (per_sample.empty()) return 0.0;
  double sum = 0.0;  // Python's sum(): left to right
  for (double v : per_sample) sum += v;
  // round(x, 2) rounds the exact binary value, as printf does; the result is the nearest double.
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", sum / static_cast<double>(per_sample.size()) * 100);
  return std::stod(text);
}

}  // namespace fot::ruler
