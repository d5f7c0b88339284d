#include "common/suggest.h"

#include <algorithm>
#include <cctype>

namespace fot {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_name(const std::string& name, const std::vector<std::string>& valid) {
  std::string best;
  size_t best_distance = std::string::npos;
  for (const auto& candidate : valid) {
    size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  size_t limit = std::max<size_t>(2, std::max(name.size(), best.size()) / 3);
  return best_distance <= limit ? best : "";
}

std::string suggest(const std::string& name, const std::vector<std::string>& valid) {
  std::string list;
  for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
  std::string close = closest_name(name, valid);
  if (!close.empty()) return " (did you mean '" + close + "'? valid: " + list + ")";
  return " (valid: " + list + ")";
}

}  // namespace fot
