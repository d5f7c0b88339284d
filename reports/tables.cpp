#include "reports/tables.h"

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

}  // namespace

std::string results_csv(const std::vector<ResultRow>& rows) {
  std::ostringstream out;
  const auto& columns = result_columns();
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
    nlohmann::json r;
    r["model"] = row.model;
    r["memory_config"] = row.memory_config;
    r["task"] = row.task;
    r["variant"] = row.variant;
    r["context_tokens"] = row.context_tokens;
    r["depth"] = row.depth ? nlohmann::json(*row.depth) : nlohmann::json(nullptr);
    r["n"] = row.n;
    r["metric"] = row.metric;
    r["value"] = row.value;
    r["stderr"] = row.std_error ? nlohmann::json(*row.std_error) : nlohmann::json(nullptr);
    r["ci_low"] = row.ci_low;
    r["ci_high"] = row.ci_high;
    r["commit"] = row.commit;
    r["config_hash"] = row.config_hash;
    out["rows"].push_back(std::move(r));
  }
  out["metadata"] = metadata;
  return out;
}

std::string results_markdown(const std::vector<ResultRow>& rows, const nlohmann::json& metadata,
                             const std::vector<std::string>& plot_images) {
  std::ostringstream out;
  out << "# fot-eval results\n\n";
  for (const char* key : {"config_path", "commit", "seed", "limit", "started_at", "finished_at", "duration_s"}) {
    std::string value = metadata_value(metadata, key);
    if (!value.empty()) out << "- " << key << ": `" << value << "`\n";
  }
  out << "\nAccuracy with 95% Wilson intervals; stderr is the closed form std/sqrt(n). "
         "An empty depth means pooled over all depths.\n\n";
  out << "| model | memory_config | task | variant | context_tokens | depth | n | metric | value | stderr | 95% CI | "
         "config_hash |\n";
  out << "|---|---|---|---|---:|---:|---:|---|---:|---:|---|---|\n";
  for (const auto& row : rows) {
    const auto c = result_cells(row);
    out << "| " << md_cell(c[0]) << " | " << md_cell(c[1]) << " | " << c[2] << " | " << c[3] << " | " << c[4]
        << " | " << (c[5].empty() ? "all" : c[5]) << " | " << c[6] << " | " << c[7] << " | "
        << fmt::format("{:.4f}", row.value) << " | "
        << (row.std_error ? fmt::format("{:.4f}", *row.std_error) : "N/A") << " | "
        << fmt::format("[{:.4f}, {:.4f}]", row.ci_low, row.ci_high) << " | " << row.config_hash.substr(0, 12)
        << " |\n";
  }
  if (!plot_images.empty()) {
    out << "\n## Plots\n\n";
    for (const auto& image : plot_images) out << "![" << image << "](" << image << ")\n\n";
  }
  return out.str();
}

}  // namespace fot
