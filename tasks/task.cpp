#include "tasks/task.h"

#include <fmt/format.h>

#include <stdexcept>

namespace fot {

const char* to_string(AxisRole role) {
  switch (role) {
    case AxisRole::kLength: return "length";
    case AxisRole::kDepth: return "depth";
    case AxisRole::kDraw: return "draw";
    case AxisRole::kPlain: return "plain";
  }
  return "plain";
}

AxisRole parse_axis_role(const std::string& text) {
  for (AxisRole role : {AxisRole::kLength, AxisRole::kDepth, AxisRole::kDraw, AxisRole::kPlain})
    if (text == to_string(role)) return role;
  throw std::invalid_argument("unknown axis role '" + text + "'");
}

const char* to_string(MetricKind kind) { return kind == MetricKind::kBinary ? "binary" : "continuous"; }

MetricKind parse_metric_kind(const std::string& text) {
  if (text == "binary") return MetricKind::kBinary;
  if (text == "continuous") return MetricKind::kContinuous;
  throw std::invalid_argument("unknown metric kind '" + text + "'");
}

std::string WorkItem::point() const {
  std::string out;
  for (const auto& [name, value] : axes.items()) {
    if (!out.empty()) out += ";";
    out += name + "=";
    if (value.is_number_integer()) out += std::to_string(value.get<int64_t>());
    else if (value.is_number()) out += fmt::format("{:.6g}", value.get<double>());
    else if (value.is_string()) out += value.get<std::string>();
    else out += value.dump();
  }
  return out;
}

}  // namespace fot
