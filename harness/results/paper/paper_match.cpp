#include "harness/results/paper/paper_match.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace fot {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool variant_allowed(const std::string& rule, const std::string& variant) {
  const bool bos = variant.find("+bos") != std::string::npos;
  if (rule == "+bos") return bos;
  if (rule == "-bos") return !bos;
  return true;
}

}  // namespace

std::optional<double> matched_length(const ResultRow& row) {
  for (const char* axis : {"budget", "context_tokens"})
    if (row.axes.contains(axis) && row.axes[axis].is_number()) return row.axes[axis].get<double>();
  if (row.context_tokens) return static_cast<double>(*row.context_tokens);
  return std::nullopt;
}

std::vector<PaperTableResult> match_published(const std::vector<PublishedTable>& tables, const std::vector<ReportRun>& runs) {
  std::vector<PaperTableResult> out;
  const double window = std::log(1.25);
  for (const auto& table : tables) {
    PaperTableResult result{table, {}, 0, 0};
    for (const auto& published : table.rows) {
      bool any = false;
      for (const auto& run : runs) {
        // One line per memory configuration of the model in this run: the row nearest in length.
        std::vector<const ResultRow*> best;
        std::vector<double> best_distance;
        std::vector<std::string> memories;
        for (const auto& row : run.rows) {
          if (row.depth || row.draw) continue;
          if (lower(row.model) != lower(published.model) || lower(row.task) != lower(published.task)) continue;
          if (!variant_allowed(table.variant_rule, row.variant)) continue;
          if (published.metric.empty() ? row.metric != row.main_metric : row.metric != published.metric) continue;
          double distance = 0.0;
          const auto length = matched_length(row);
          if (published.context_tokens) {
            if (!length || *length <= 0) continue;
            distance = std::fabs(std::log(*length / static_cast<double>(*published.context_tokens)));
            if (distance > window) continue;
          } else if (length) {
            continue;
          }
          auto it = std::find(memories.begin(), memories.end(), row.memory_config);
          if (it == memories.end()) {
            memories.push_back(row.memory_config);
            best.push_back(&row);
            best_distance.push_back(distance);
          } else {
            const size_t i = static_cast<size_t>(it - memories.begin());
            if (distance < best_distance[i]) {
              best[i] = &row;
              best_distance[i] = distance;
            }
          }
        }
        for (const ResultRow* row : best) {
          result.lines.push_back({published, *row, run.label});
          any = true;
        }
      }
      if (any) {
        ++result.matched;
      } else {
        result.lines.push_back({published, std::nullopt, ""});
        ++result.missing;
      }
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace fot
