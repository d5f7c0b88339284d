#include "models/backends/token_tree.h"

#include <algorithm>
#include <stdexcept>

#include "models/backends/greedy.h"

namespace fot {

int64_t TokenTree::add_path(int64_t parent, const TokenIds& tokens) {
  if (parent < kState || parent >= size()) throw std::out_of_range("TokenTree::add_path: no such parent");
  for (int32_t token : tokens) {
    tokens_.push_back(token);
    depth_.push_back(parent == kState ? 0 : depth_[parent] + 1);
    parent_.push_back(parent);
    parent = size() - 1;
  }
  return parent;
}

TokenTree::Pass TokenTree::pass(int64_t first, int64_t base_position) const {
  const int64_t count = size() - first;
  Pass out;
  out.tokens.assign(tokens_.begin() + first, tokens_.end());
  out.positions = at::empty({count}, at::kLong);
  out.visible = at::zeros({count, size()}, at::kBool);
  auto positions = out.positions.accessor<int64_t, 1>();
  auto visible = out.visible.accessor<bool, 2>();
  for (int64_t row = 0; row < count; ++row) {
    positions[row] = base_position + depth_[first + row];
    for (int64_t node = first + row; node != kState; node = parent_[node]) visible[row][node] = true;
  }
  return out;
}

ItemsTree items_tree(const std::vector<ScoringItem>& items) {
  ItemsTree layout;
  for (const ScoringItem& item : items) {
    const int64_t context_end = layout.tree.add_path(TokenTree::kState, item.context);
    layout.context_end.push_back(context_end);
    auto& nodes = layout.input_nodes.emplace_back();
    for (const TokenIds& continuation : item.continuations) {
      if (continuation.empty()) throw std::invalid_argument("loglikelihood: empty continuation");
      auto& path = nodes.emplace_back();
      int64_t parent = context_end;
      for (size_t i = 0; i + 1 < continuation.size(); ++i) {
        parent = layout.tree.add_path(parent, {continuation[i]});
        path.push_back(parent);
      }
    }
  }
  for (int64_t end : layout.context_end)
    if (end != TokenTree::kState) layout.scored_nodes.push_back(end);
  for (const auto& item : layout.input_nodes)
    for (const auto& path : item) layout.scored_nodes.insert(layout.scored_nodes.end(), path.begin(), path.end());
  std::sort(layout.scored_nodes.begin(), layout.scored_nodes.end());
  layout.scored_nodes.erase(std::unique(layout.scored_nodes.begin(), layout.scored_nodes.end()),
                            layout.scored_nodes.end());
  return layout;
}

std::vector<std::vector<TokenScores>> score_items(const ItemsTree& layout, const std::vector<ScoringItem>& items,
                                                  const at::Tensor& scored_logits, const at::Tensor& state_logits) {
  std::vector<int64_t> row_of(layout.tree.size(), -1);
  for (size_t row = 0; row < layout.scored_nodes.size(); ++row) row_of[layout.scored_nodes[row]] = row;
  std::vector<std::vector<TokenScores>> out(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const int64_t context_end = layout.context_end[i];
    const at::Tensor first_row = context_end == TokenTree::kState ? state_logits : scored_logits[row_of[context_end]];
    for (size_t c = 0; c < items[i].continuations.size(); ++c) {
      std::vector<at::Tensor> rows = {first_row.unsqueeze(0)};
      const auto& nodes = layout.input_nodes[i][c];
      if (!nodes.empty()) {
        std::vector<int64_t> scored_rows;
        for (int64_t node : nodes) scored_rows.push_back(row_of[node]);
        rows.push_back(scored_logits.index_select(0, at::tensor(scored_rows, at::kLong)));
      }
      out[i].push_back(score_tokens(at::cat(rows, 0), items[i].continuations[c]));
    }
  }
  return out;
}

std::vector<TokenIds> greedy_decode_tree(const std::vector<GenerationRequest>& requests, const at::Tensor& state_logits,
                                         int32_t eos_id, TokenTree& tree, const TreeReader& read) {
  const size_t count = requests.size();
  std::vector<int64_t> last(count);
  std::vector<at::Tensor> next(count, state_logits);
  std::vector<size_t> prompted;
  std::vector<int64_t> prompt_ends;
  for (size_t r = 0; r < count; ++r) {
    last[r] = tree.add_path(TokenTree::kState, requests[r].prompt);
    if (!requests[r].prompt.empty()) {
      prompted.push_back(r);
      prompt_ends.push_back(last[r]);
    }
  }
  if (!prompted.empty()) {
    auto logits = read(0, prompt_ends);
    for (size_t i = 0; i < prompted.size(); ++i) next[prompted[i]] = logits[i];
  }
  std::vector<TokenIds> out(count);
  std::vector<bool> active(count);
  for (size_t r = 0; r < count; ++r) active[r] = requests[r].max_new_tokens > 0;
  while (true) {
    const int64_t first = tree.size();
    std::vector<size_t> fed;
    std::vector<int64_t> fed_nodes;
    for (size_t r = 0; r < count; ++r) {
      if (!active[r]) continue;
      const auto token = static_cast<int32_t>(next[r].argmax().item<int64_t>());
      active[r] = false;
      if (token == eos_id) continue;
      out[r].push_back(token);
      if (requests[r].stop && requests[r].stop(out[r])) continue;
      if (static_cast<int>(out[r].size()) == requests[r].max_new_tokens) continue;
      active[r] = true;
      last[r] = tree.add_path(last[r], {token});
      fed.push_back(r);
      fed_nodes.push_back(last[r]);
    }
    if (fed.empty()) break;
    auto logits = read(first, fed_nodes);
    for (size_t i = 0; i < fed.size(); ++i) next[fed[i]] = logits[i];
  }
  return out;
}

}  // namespace fot
