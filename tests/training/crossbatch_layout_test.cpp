// The crossbatch batch layout: windows cut as the longllama backend cuts a prompt (A.5);
// positives are the same document's earlier windows, negatives come from other contexts, and no
// row ever sees a later window of its own document.
#include <gtest/gtest.h>

#include <set>

#include "training/crossbatch.h"

namespace fot::train {
namespace {

std::vector<int32_t> iota_tokens(int32_t count, int32_t first) {
  std::vector<int32_t> out;
  for (int32_t i = 0; i < count; ++i) out.push_back(first + i);
  return out;
}

TEST(BackendWindows, CutsTheMemoryPartFromTheStartAndKeepsTheLastContextLocal) {
  // T = 300, lcl = 112, L = 128: memory part 188 = 128 + 60; the final window holds 112 prompt
  // tokens and the first 4 of a 5-token answer.
  auto spans = backend_windows(300, 5, 128, 112);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].begin, 0);
  EXPECT_EQ(spans[0].end, 128);
  EXPECT_EQ(spans[1].begin, 128);
  EXPECT_EQ(spans[1].end, 188);
  EXPECT_EQ(spans[2].begin, 188);
  EXPECT_EQ(spans[2].end, 304);
  // A prompt no longer than lcl is one local window.
  spans = backend_windows(112, 6, 128, 112);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].end, 117);
  // Exactly lcl + L: one full memory window.
  spans = backend_windows(240, 2, 128, 112);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].end, 128);
  EXPECT_EQ(spans[1].end, 241);
}

TEST(DocumentRows, RowsTileTheInputsAndTheAnswerSitsAtTheEndOfTheLastRow) {
  const auto prompt = iota_tokens(300, 10);
  const std::vector<int32_t> answer = {5, 6, 7};
  const auto rows = document_rows(prompt, answer, 128, 112, 4);
  std::vector<int32_t> inputs, targets;
  for (size_t w = 0; w < rows.size(); ++w) {
    EXPECT_EQ(rows[w].doc, 4);
    EXPECT_EQ(rows[w].window, static_cast<int32_t>(w));
    EXPECT_EQ(rows[w].inputs.size(), rows[w].targets.size());
    EXPECT_LE(rows[w].inputs.size(), 128u);
    inputs.insert(inputs.end(), rows[w].inputs.begin(), rows[w].inputs.end());
    targets.insert(targets.end(), rows[w].targets.begin(), rows[w].targets.end());
  }
  std::vector<int32_t> all(prompt);
  all.insert(all.end(), answer.begin(), answer.end());
  EXPECT_EQ(inputs, std::vector<int32_t>(all.begin(), all.end() - 1));
  EXPECT_EQ(targets, std::vector<int32_t>(all.begin() + 1, all.end()));
  const Row& last = rows.back();
  EXPECT_EQ(last.inputs.size(), 112u + 2u);
  ASSERT_EQ(last.answer_length, 3);
  for (int32_t i = 0; i < 3; ++i) EXPECT_EQ(last.targets[last.answer_begin + i], answer[i]);
  for (size_t w = 0; w + 1 < rows.size(); ++w) EXPECT_EQ(rows[w].answer_begin, -1);
}

std::vector<std::vector<Row>> three_documents() {
  std::vector<std::vector<Row>> docs;
  int32_t first = 100;
  for (int32_t d = 0; d < 3; ++d) {
    const int32_t length = 60 + 130 * d;  // 1, 2 and 3 windows
    docs.push_back(document_rows(iota_tokens(length, first), {1, 2}, 128, 112, d));
    first += 1000;
  }
  return docs;
}

std::vector<Row> pool_rows(int count) {
  std::vector<Row> pool;
  for (int i = 0; i < count; ++i) {
    Row row;
    row.inputs = iota_tokens(128, 50000 + 200 * i);
    row.targets.assign(128, -1);
    pool.push_back(row);
  }
  return pool;
}

TEST(CrossbatchLayout, PositivesAreTheOwnDocumentsEarlierWindowsAndNegativesComeFromThePool) {
  std::mt19937_64 rng(11);
  CrossbatchOptions options;
  options.negatives = 4;
  const auto layout = build_layout(three_documents(), pool_rows(6), options, rng);
  ASSERT_EQ(layout.query_rows, 1 + 2 + 3);
  ASSERT_EQ(layout.rows.size(), 12u);
  for (int64_t r = 0; r < static_cast<int64_t>(layout.rows.size()); ++r) {
    const Row& row = layout.rows[r];
    if (r >= layout.query_rows) {
      EXPECT_EQ(row.doc, -1);
      EXPECT_TRUE(layout.extras[r].empty()) << "pool rows only lend keys";
      continue;
    }
    std::set<int32_t> positive_windows;
    int negatives = 0;
    std::set<int32_t> seen;
    for (int32_t e : layout.extras[r]) {
      EXPECT_NE(e, r) << "a row never reads itself as an extra context";
      EXPECT_TRUE(seen.insert(e).second) << "extra contexts are distinct";
      const Row& extra = layout.rows[e];
      if (extra.doc == row.doc) {
        EXPECT_LT(extra.window, row.window) << "a positive from the future";
        positive_windows.insert(extra.window);
      } else {
        EXPECT_EQ(extra.doc, -1) << "negatives come from the pool, not from other documents";
        EXPECT_GE(e, layout.query_rows);
        ++negatives;
      }
    }
    EXPECT_EQ(static_cast<int32_t>(positive_windows.size()), row.window) << "all earlier windows are positives";
    EXPECT_EQ(negatives, 4);
  }
}

TEST(CrossbatchLayout, PositivesCanBeCappedToTheMostRecentWindows) {
  std::mt19937_64 rng(3);
  CrossbatchOptions options;
  options.negatives = 0;
  options.max_positives = 1;
  const auto layout = build_layout(three_documents(), {}, options, rng);
  for (int64_t r = 0; r < layout.query_rows; ++r) {
    const Row& row = layout.rows[r];
    if (row.window == 0) {
      EXPECT_TRUE(layout.extras[r].empty());
    } else {
      ASSERT_EQ(layout.extras[r].size(), 1u);
      EXPECT_EQ(layout.rows[layout.extras[r][0]].doc, row.doc);
      EXPECT_EQ(layout.rows[layout.extras[r][0]].window, row.window - 1);
    }
  }
}

TEST(CrossbatchLayout, OtherDocumentNegativesNeverComeFromTheOwnDocument) {
  std::mt19937_64 rng(5);
  CrossbatchOptions options;
  options.negatives = 3;
  options.source = NegativeSource::kOtherDocuments;
  const auto layout = build_layout(three_documents(), pool_rows(2), options, rng);
  for (int64_t r = 0; r < layout.query_rows; ++r) {
    const Row& row = layout.rows[r];
    int negatives = 0;
    for (int32_t e : layout.extras[r]) {
      const Row& extra = layout.rows[e];
      if (extra.doc == row.doc) {
        EXPECT_LT(extra.window, row.window);
      } else {
        EXPECT_GE(extra.doc, 0) << "source documents: negatives are other documents' windows";
        EXPECT_LT(e, layout.query_rows);
        ++negatives;
      }
    }
    EXPECT_EQ(negatives, 3);
  }
}

TEST(CrossbatchLayout, SameSeedSameLayout) {
  CrossbatchOptions options;
  std::mt19937_64 a(9), b(9);
  EXPECT_EQ(build_layout(three_documents(), pool_rows(6), options, a).extras,
            build_layout(three_documents(), pool_rows(6), options, b).extras);
}

}  // namespace
}  // namespace fot::train
