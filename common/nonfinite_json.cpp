#include "common/nonfinite_json.h"

#include <cmath>
#include <limits>

namespace fot {

std::string nonfinite_name(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return "";
}

nlohmann::json number_json(double value) {
  if (std::isfinite(value)) return value;
  return nonfinite_name(value);
}

std::optional<double> json_number(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

nlohmann::json with_nonfinite_as_text(nlohmann::json document) {
  if (document.is_number_float()) return number_json(document.get<double>());
  if (document.is_structured())
    for (auto& child : document) child = with_nonfinite_as_text(std::move(child));
  return document;
}

}  // namespace fot
