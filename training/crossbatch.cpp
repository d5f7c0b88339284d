#include "training/crossbatch.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace fot::train {

std::vector<Span> backend_windows(int64_t prompt_tokens, int64_t answer_tokens, int64_t window, int64_t last_context) {
  if (prompt_tokens < 1 || answer_tokens < 1 || window < 1 || last_context < 1 || last_context > window)
    throw std::invalid_argument("backend_windows: bad sizes");
  const int64_t inputs = prompt_tokens + answer_tokens - 1;
  const int64_t memory_part = std::max<int64_t>(prompt_tokens - last_context, 0);
  std::vector<Span> spans;
  for (int64_t start = 0; start < memory_part; start += window)
    spans.push_back({start, std::min(start + window, memory_part)});
  spans.push_back({memory_part, inputs});
  return spans;
}

std::vector<Row> document_rows(const std::vector<int32_t>& prompt, const std::vector<int32_t>& answer,
                               int64_t window, int64_t last_context, int32_t doc) {
  std::vector<int32_t> all(prompt);
  all.insert(all.end(), answer.begin(), answer.end());
  const auto spans = backend_windows(static_cast<int64_t>(prompt.size()), static_cast<int64_t>(answer.size()), window,
                                     last_context);
  std::vector<Row> rows;
  for (size_t w = 0; w < spans.size(); ++w) {
    Row row;
    row.doc = doc;
    row.window = static_cast<int32_t>(w);
    row.inputs.assign(all.begin() + spans[w].begin, all.begin() + spans[w].end);
    row.targets.assign(all.begin() + spans[w].begin + 1, all.begin() + spans[w].end + 1);
    if (w + 1 == spans.size()) {
      row.answer_begin = static_cast<int32_t>(static_cast<int64_t>(prompt.size()) - 1 - spans[w].begin);
      row.answer_length = static_cast<int32_t>(answer.size());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int64_t Layout::max_extras() const {
  size_t most = 0;
  for (const auto& e : extras) most = std::max(most, e.size());
  return static_cast<int64_t>(most);
}

Layout build_layout(const std::vector<std::vector<Row>>& documents, std::vector<Row> pool,
                    const CrossbatchOptions& options, std::mt19937_64& rng) {
  Layout layout;
  std::vector<int32_t> first_row_of_doc;
  for (const auto& doc : documents) {
    first_row_of_doc.push_back(static_cast<int32_t>(layout.rows.size()));
    for (const auto& row : doc) layout.rows.push_back(row);
  }
  layout.query_rows = static_cast<int64_t>(layout.rows.size());
  const auto pool_begin = static_cast<int32_t>(layout.rows.size());
  for (auto& row : pool) {
    row.doc = -1;
    layout.rows.push_back(std::move(row));
  }
  const auto total = static_cast<int32_t>(layout.rows.size());
  layout.extras.assign(layout.rows.size(), {});

  for (int32_t r = 0; r < layout.query_rows; ++r) {
    const Row& row = layout.rows[r];
    auto& extras = layout.extras[r];
    const int32_t first = first_row_of_doc[row.doc];
    int64_t positives = row.window;
    if (options.max_positives >= 0) positives = std::min<int64_t>(positives, options.max_positives);
    for (int32_t w = row.window - static_cast<int32_t>(positives); w < row.window; ++w) extras.push_back(first + w);

    std::vector<int32_t> candidates;
    if (options.source == NegativeSource::kPool) {
      for (int32_t p = pool_begin; p < total; ++p) candidates.push_back(p);
    } else {
      for (int32_t p = 0; p < layout.query_rows; ++p)
        if (layout.rows[p].doc != row.doc) candidates.push_back(p);
    }
    const auto take = std::min<int64_t>(options.negatives, static_cast<int64_t>(candidates.size()));
    // Partial Fisher-Yates with the caller's generator: deterministic given the seed.
    for (int64_t i = 0; i < take; ++i) {
      std::uniform_int_distribution<size_t> pick(static_cast<size_t>(i), candidates.size() - 1);
      std::swap(candidates[i], candidates[pick(rng)]);
      extras.push_back(candidates[i]);
    }
  }
  return layout;
}

}  // namespace fot::train
