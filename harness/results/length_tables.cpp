#include "harness/results/length_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>

namespace fot {
namespace {

// Python's round(x, decimals): the exact binary value rounded, as printf rounds it.
double round_to(double x, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, x);
  return std::stod(text);
}

ComputedLengthTable compute(const LengthTable& table, const std::vector<ResultRow>& rows) {
  using Key = std::tuple<std::string, std::string, int64_t>;
  ComputedLengthTable out{table, {}, {}};
  std::vector<Key> order;
  std::map<Key, LengthTableRow> by_key;
  for (const auto& row : rows) {
    if (row.variant != table.variant || row.metric != table.metric || !row.context_tokens) continue;
    if (std::find(out.tasks.begin(), out.tasks.end(), row.task) == out.tasks.end()) out.tasks.push_back(row.task);
    const Key key{row.model, row.memory_config, *row.context_tokens};
    if (!by_key.count(key)) {
      order.push_back(key);
      by_key[key] = {row.model, row.memory_config, *row.context_tokens, {}, 0.0, true};
    }
    by_key[key].values[row.task] = round_to(row.value * table.scale, table.decimals);
  }
  for (const auto& key : order) {
    LengthTableRow row = by_key[key];
    double sum = 0.0;
    for (const auto& task : out.tasks) {
      if (!row.values.count(task)) row.complete = false;
      else sum += row.values[task];
    }
    row.average = row.values.empty() ? 0.0 : round_to(sum / static_cast<double>(row.values.size()), table.decimals);
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::vector<ComputedLengthTable> length_tables(const std::vector<LengthTable>& declared,
                                               const std::vector<ResultRow>& rows) {
  std::vector<ComputedLengthTable> out;
  for (const LengthTable& table : declared) {
    bool seen = false;
    for (const auto& done : out) seen = seen || done.table.key == table.key;
    if (!seen) out.push_back(compute(table, rows));
  }
  return out;
}

void add_length_tables_json(const std::vector<ComputedLengthTable>& tables, nlohmann::json& results) {
  for (const auto& computed : tables) {
    if (computed.rows.empty()) continue;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : computed.rows)
      out.push_back({{"model", row.model},
                     {"memory_config", row.memory_config},
                     {computed.table.length_column, row.length},
                     {computed.table.values_field, row.values},
                     {"average", row.average},
                     {"complete", row.complete}});
    results[computed.table.key] = out;
  }
}

std::string length_tables_markdown(const std::vector<ComputedLengthTable>& tables) {
  std::string out;
  for (const auto& computed : tables) {
    if (computed.rows.empty()) continue;
    const int decimals = computed.table.decimals;
    out += fmt::format("\n## {}\n\n{}\n\n| model | memory_config | {} |", computed.table.title,
                       computed.table.description, computed.table.length_column);
    for (const auto& task : computed.tasks) out += " " + task + " |";
    out += " Avg |\n|---|---|---:|";
    for (size_t i = 0; i <= computed.tasks.size(); ++i) out += "---:|";
    out += "\n";
    for (const auto& row : computed.rows) {
      out += fmt::format("| {} | {} | {} |", row.model, row.memory_config, row.length);
      for (const auto& task : computed.tasks) {
        const auto it = row.values.find(task);
        out += it == row.values.end() ? " |" : fmt::format(" {:.{}f} |", it->second, decimals);
      }
      out += fmt::format(" {:.{}f}{} |\n", row.average, decimals, row.complete ? "" : "*");
    }
  }
  return out;
}

}  // namespace fot
