// "Did you mean ...?" for unknown names: the closest valid name by edit distance.
#pragma once

#include <string>
#include <vector>

namespace fot {

// Levenshtein distance (insert, delete, substitute; case-insensitive).
size_t edit_distance(const std::string& a, const std::string& b);

// The valid name closest to `name` when close enough to be a likely typo, else "".
std::string closest_name(const std::string& name, const std::vector<std::string>& valid);

// " (did you mean 'x'? valid: a, b, c)" or " (valid: a, b, c)".
std::string suggest(const std::string& name, const std::vector<std::string>& valid);

}  // namespace fot
