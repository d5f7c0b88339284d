#include "harness/results/tables.h"

#include <fmt/format.h>

#include <sstream>

namespace fot {
namespace {

std::string csv_cell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string md_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string metadata_value(const nlohmann::json& metadata, const char* key) {
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Axes the fixed columns do not show (e.g. the landmark protocol's n_garbage), as "name=value".
std::string other_axes(const ResultRow& row) {
  std::string out;
  for (const auto& [name, value] : row.axes.items()) {
    if (name == "context_tokens" || name == "depth" || name == "draw") continue;
    out += (out.empty() ? "" : " ") + name + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

}  // namespace

std::string results_csv(const std::vector<ResultRow>& rows) {
  std::ostringstream out;
  const auto columns = result_columns();
  for (size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << "\n";
  for (const auto& row : rows) {
    const auto cells = result_cells(row);
    for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_cell(cells[i]);
    out << "\n";
  }
  return out.str();
}

nlohmann::json results_json(const std::vector<ResultRow>& rows, const nlohmann::json& metadata) {
  nlohmann::json out;
  out["columns"] = result_columns();
  out["rows"] = nlohmann::json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json r;
    for (const auto& field : result_fields()) r[field.name] = field.json(row);
    r["axes"] = row.axes;
    out["rows"].push_back(nlohmann::json::parse(r.dump()));
  }
  out["metadata"] = metadata;
  return out;
}

std::string results_markdown(const std::vector<ResultRow>& rows, const nlohmann::json& metadata,
                             const std::vector<std::string>& plot_images, const std::vector<SpeedRow>& speed) {
  std::ostringstream out;
  out << "# fot-eval results\n\n";
  for (const char* key : {"config_path", "commit", "seed", "limit", "started_at", "finished_at", "duration_s"}) {
    std::string value = metadata_value(metadata, key);
    if (!value.empty()) out << "- " << key << ": `" << value << "`\n";
  }
  out << "\n0/1 metrics (accuracy) with 95% Wilson intervals (CI method `wilson`), continuous ones with 95% "
         "Student-t intervals over samples (`t`); rows pooled over draws give the mean of the per-draw values "
         "with stderr and t-interval over draws (`t_draws`). stderr is std/sqrt(n). An empty depth means pooled "
         "over all depths.\n\n";
  std::vector<const ResultField*> shown;
  for (const auto& field : result_fields()) {
    if (!field.markdown_header) continue;
    bool present = !field.markdown_present;
    for (const auto& row : rows) present = present || field.markdown_present(row);
    if (present) shown.push_back(&field);
  }
  bool any_other_axes = false;
  for (const auto& row : rows) any_other_axes = any_other_axes || !other_axes(row).empty();
  out << "|";
  for (const auto* field : shown) out << " " << field->markdown_header << " |";
  if (any_other_axes) out << " sweep point |";
  out << "\n|";
  for (const auto* field : shown) out << (field->right_aligned ? "---:|" : "---|");
  if (any_other_axes) out << "---|";
  out << "\n";
  for (const auto& row : rows) {
    out << "|";
    for (const auto* field : shown)
      out << " " << md_cell(field->markdown ? field->markdown(row) : field->csv(row)) << " |";
    if (any_other_axes) out << " " << md_cell(other_axes(row)) << " |";
    out << "\n";
  }
  if (!speed.empty()) {
    bool lengths = false;
    for (const auto& s : speed) lengths = lengths || s.context_tokens.has_value();
    out << "\n## Speed\n\nTokens through the model per second of a sample's wall time (timings.jsonl; each sample "
           "on its own worker).\n\n| model | memory_config | task | variant |"
        << (lengths ? " context_tokens |" : "") << " samples | tokens | seconds | tokens/s |\n|---|---|---|---|"
        << (lengths ? "---:|" : "") << "---:|---:|---:|---:|\n";
    for (const auto& s : speed)
      out << "| " << md_cell(s.model) << " | " << md_cell(s.memory_config) << " | " << s.task << " | " << s.variant
          << " |" << (lengths ? " " + (s.context_tokens ? std::to_string(*s.context_tokens) : "-") + " |" : "") << " "
          << s.samples << " | "
          << s.tokens << " | " << fmt::format("{:.2f}", s.seconds) << " | "
          << fmt::format("{:.1f}", s.seconds > 0 ? static_cast<double>(s.tokens) / s.seconds : 0.0) << " |\n";
  }
  if (!plot_images.empty()) {
    out << "\n## Plots\n\n";
    for (const auto& image : plot_images) out << "![" << image << "](" << image << ")\n\n";
  }
  return out.str();
}

}  // namespace fot
