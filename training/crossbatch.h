// The crossbatch layout of one training step (docs/longllama-semantics.md section 9), free of LibTorch: which rows
// (windows) the step holds and, per row, which other rows its memory layers also attend to.
//
// A document is cut exactly as the longllama backend cuts a prompt (A.5): the first T - lcl
// tokens in windows of L from the start, then the last lcl tokens (+ the answer, teacher-forced)
// as the final local window. Each window's extra contexts are the earlier windows of its own
// document (positives) and d negatives: other contexts that hold no passkey (a pool of filler or
// intro windows) or, if asked for, windows of other documents in the step.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace fot::train {

// One training row: a window of input tokens and their next-token targets (-1 = no loss).
struct Row {
  int32_t doc = -1;      // document index in the step; -1 for a pool context (negative-only row)
  int32_t window = 0;    // index of the window within its document
  std::vector<int32_t> inputs;
  std::vector<int32_t> targets;
  int32_t answer_begin = -1;  // first target position of the answer in this row, -1 if none
  int32_t answer_length = 0;
  bool ruler = false;         // a RULER niah document (the log reports its answer accuracy apart)
};

// A [begin, end) span of the document's input tokens.
struct Span {
  int64_t begin = 0, end = 0;
};

// Windows the backend would form for a prompt of prompt_tokens followed by answer_tokens fed one by
// one: spans over the inputs (prompt + answer without its last token), memory windows first.
std::vector<Span> backend_windows(int64_t prompt_tokens, int64_t answer_tokens, int64_t window, int64_t last_context);

// Cuts one document (prompt ids, answer ids) into rows along backend_windows; the answer targets
// sit in the last row.
std::vector<Row> document_rows(const std::vector<int32_t>& prompt, const std::vector<int32_t>& answer,
                               int64_t window, int64_t last_context, int32_t doc);

enum class NegativeSource { kPool, kOtherDocuments };

struct CrossbatchOptions {
  int64_t max_positives = -1;  // most earlier windows of the own document; -1 = all of them
  int64_t negatives = 4;       // extra contexts per row from elsewhere
  NegativeSource source = NegativeSource::kPool;
};

struct Layout {
  std::vector<Row> rows;                 // document rows first (they get a loss), then pool rows
  int64_t query_rows = 0;                // number of document rows
  std::vector<std::vector<int32_t>> extras;  // per row: row indices, positives (oldest first) then negatives
  int64_t max_extras() const;
};

// Document rows (each document's rows in window order) and pool rows form one step. Pool rows get
// no extras. Negatives are drawn without repetition; fewer when not enough candidates exist.
Layout build_layout(const std::vector<std::vector<Row>>& documents, std::vector<Row> pool,
                    const CrossbatchOptions& options, std::mt19937_64& rng);

}  // namespace fot::train
