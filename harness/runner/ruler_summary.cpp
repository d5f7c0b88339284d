#include "harness/runner/ruler_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>

namespace fot {
namespace {

// Python's round(x, 2): the exact binary value rounded, as printf rounds it.
double round2(double x) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", x);
  return std::stod(text);
}

}  // namespace

RulerSummary ruler_summary(const std::vector<ResultRow>& rows) {
  using Key = std::tuple<std::string, std::string, int64_t>;
  RulerSummary out;
  std::vector<Key> order;
  std::map<Key, RulerSummaryRow> by_key;
  for (const auto& row : rows) {
    if (row.variant != "ruler" || row.metric != "string_match_all" || !row.context_tokens) continue;
    if (std::find(out.tasks.begin(), out.tasks.end(), row.task) == out.tasks.end()) out.tasks.push_back(row.task);
    const Key key{row.model, row.memory_config, *row.context_tokens};
    if (!by_key.count(key)) {
      order.push_back(key);
      by_key[key] = {row.model, row.memory_config, *row.context_tokens, {}, 0.0, true};
    }
    by_key[key].percent[row.task] = round2(row.value * 100);
  }
  for (const auto& key : order) {
    RulerSummaryRow row = by_key[key];
    double sum = 0.0;
    for (const auto& task : out.tasks) {
      if (!row.percent.count(task)) row.complete = false;
      else sum += row.percent[task];
    }
    row.average = row.percent.empty() ? 0.0 : round2(sum / static_cast<double>(row.percent.size()));
    out.rows.push_back(std::move(row));
  }
  return out;
}

nlohmann::json ruler_summary_json(const RulerSummary& summary) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : summary.rows)
    out.push_back({{"model", row.model},
                   {"memory_config", row.memory_config},
                   {"max_seq_length", row.max_seq_length},
                   {"percent", row.percent},
                   {"average", row.average},
                   {"complete", row.complete}});
  return out;
}

std::string ruler_summary_markdown(const RulerSummary& summary) {
  if (summary.rows.empty()) return "";
  std::string out =
      "\n## RULER\n\nEach RULER task's score as RULER reports it: the mean of string_match_all over the samples, as a "
      "percentage rounded to 2 decimals; Avg: their mean over the tasks of this run (an asterisk: some task has no "
      "row at that length).\n\n| model | memory_config | max_seq_length |";
  for (const auto& task : summary.tasks) out += " " + task + " |";
  out += " Avg |\n|---|---|---:|";
  for (size_t i = 0; i <= summary.tasks.size(); ++i) out += "---:|";
  out += "\n";
  for (const auto& row : summary.rows) {
    out += fmt::format("| {} | {} | {} |", row.model, row.memory_config, row.max_seq_length);
    for (const auto& task : summary.tasks) {
      const auto it = row.percent.find(task);
      out += it == row.percent.end() ? " |" : fmt::format(" {:.2f} |", it->second);
    }
    out += fmt::format(" {:.2f}{} |\n", row.average, row.complete ? "" : "*");
  }
  return out;
}

}  // namespace fot
