#include "harness/results/result_row.h"

#include <fmt/format.h>

#include <cmath>
#include <type_traits>

#include "common/nonfinite_json.h"

namespace fot {
namespace {

using nlohmann::json;

// NaN and infinities print as "NaN", "Infinity", "-Infinity" in every format (common/nonfinite_json.h).
std::string number(double v) { return std::isfinite(v) ? fmt::format("{:.6f}", v) : nonfinite_name(v); }
std::string short_number(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : nonfinite_name(v); }
template <typename T>
std::string optional_text(const std::optional<T>& v) {
  return v ? std::to_string(*v) : std::string();
}
template <typename T>
json optional_json(const std::optional<T>& v) {
  if constexpr (std::is_floating_point_v<T>) return v ? number_json(*v) : json(nullptr);
  return v ? json(*v) : json(nullptr);
}

}  // namespace

std::string format_depth(const std::optional<double>& depth) {
  return depth ? fmt::format("{:.6g}", *depth) : std::string();
}

const std::vector<ResultField>& result_fields() {
  static const std::vector<ResultField> fields = {
      {"model", [](const ResultRow& r) { return r.model; }, [](const ResultRow& r) { return json(r.model); },
       "model", nullptr, false},
      {"memory_config", [](const ResultRow& r) { return r.memory_config; },
       [](const ResultRow& r) { return json(r.memory_config); }, "memory_config", nullptr, false},
      {"task", [](const ResultRow& r) { return r.task; }, [](const ResultRow& r) { return json(r.task); }, "task",
       nullptr, false},
      {"variant", [](const ResultRow& r) { return r.variant; }, [](const ResultRow& r) { return json(r.variant); },
       "variant", nullptr, false},
      {"context_tokens", [](const ResultRow& r) { return optional_text(r.context_tokens); },
       [](const ResultRow& r) { return optional_json(r.context_tokens); }, "context_tokens",
       [](const ResultRow& r) { return r.context_tokens ? std::to_string(*r.context_tokens) : std::string("-"); },
       true, [](const ResultRow& r) { return r.context_tokens.has_value(); }},
      {"depth", [](const ResultRow& r) { return format_depth(r.depth); },
       [](const ResultRow& r) { return optional_json(r.depth); }, "depth",
       [](const ResultRow& r) { return r.depth ? format_depth(r.depth) : std::string("all"); }, true,
       [](const ResultRow& r) { return r.depth.has_value(); }},
      {"n", [](const ResultRow& r) { return std::to_string(r.n); }, [](const ResultRow& r) { return json(r.n); }, "n",
       nullptr, true},
      {"metric", [](const ResultRow& r) { return r.metric; }, [](const ResultRow& r) { return json(r.metric); },
       "metric", nullptr, false},
      {"value", [](const ResultRow& r) { return number(r.value); }, [](const ResultRow& r) { return number_json(r.value); },
       "value", [](const ResultRow& r) { return short_number(r.value); }, true},
      {"stderr", [](const ResultRow& r) { return r.std_error ? number(*r.std_error) : std::string(); },
       [](const ResultRow& r) { return optional_json(r.std_error); }, "stderr",
       [](const ResultRow& r) { return r.std_error ? short_number(*r.std_error) : std::string("N/A"); }, true},
      {"ci_low", [](const ResultRow& r) { return number(r.ci_low); },
       [](const ResultRow& r) { return number_json(r.ci_low); }, "95% CI",
       [](const ResultRow& r) { return fmt::format("[{}, {}]", short_number(r.ci_low), short_number(r.ci_high)); }, false},
      {"ci_high", [](const ResultRow& r) { return number(r.ci_high); },
       [](const ResultRow& r) { return number_json(r.ci_high); }, nullptr, nullptr, false},
      {"commit", [](const ResultRow& r) { return r.commit; }, [](const ResultRow& r) { return json(r.commit); },
       nullptr, nullptr, false},
      {"config_hash", [](const ResultRow& r) { return r.config_hash; },
       [](const ResultRow& r) { return json(r.config_hash); }, "config_hash",
       [](const ResultRow& r) { return r.config_hash.substr(0, 12); }, false},
      {"draw", [](const ResultRow& r) { return optional_text(r.draw); },
       [](const ResultRow& r) { return optional_json(r.draw); }, "draw",
       [](const ResultRow& r) {
         return r.draw ? std::to_string(*r.draw) : r.n_draws ? fmt::format("mean of {}", *r.n_draws) : "-";
       },
       true, [](const ResultRow& r) { return r.draw.has_value() || r.n_draws.has_value(); }},
      {"n_draws", [](const ResultRow& r) { return optional_text(r.n_draws); },
       [](const ResultRow& r) { return optional_json(r.n_draws); }, nullptr, nullptr, true},
      {"ci_method", [](const ResultRow& r) { return r.ci_method; },
       [](const ResultRow& r) { return json(r.ci_method); }, "CI method", nullptr, false},
  };
  return fields;
}

std::vector<std::string> result_columns() {
  std::vector<std::string> names;
  for (const auto& field : result_fields()) names.push_back(field.name);
  return names;
}

std::vector<std::string> result_cells(const ResultRow& row) {
  std::vector<std::string> cells;
  for (const auto& field : result_fields()) cells.push_back(field.csv(row));
  return cells;
}

}  // namespace fot
