// Several token paths that start after one shared state, packed into one forward pass: each node is
// a token whose parent is the token before it on its path (or the state itself), so a node sees the
// state, its ancestors and itself. The questions and labels of a few-shot draw, or the prompts and
// generated tokens of a batched generation, become one tree and one pass over the weights.
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <vector>

#include "models/language_model.h"

namespace fot {

class TokenTree {
 public:
  static constexpr int64_t kState = -1;  // parent of a path's first token

  // Appends `tokens` as a path below `parent`; returns the index of its last node (parent if empty).
  int64_t add_path(int64_t parent, const TokenIds& tokens);
  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  int64_t depth(int64_t node) const { return depth_[node]; }  // 0 for a child of the state

  // The nodes [first, size()) as one pass: their tokens, positions base + depth, and which of the
  // nodes [0, size()) each one sees ([n, size()] bool).
  struct Pass {
    TokenIds tokens;
    at::Tensor positions;
    at::Tensor visible;
  };
  Pass pass(int64_t first, int64_t base_position) const;

 private:
  TokenIds tokens_;
  std::vector<int64_t> parent_, depth_;
};

// The items of a many-items pass as one tree: each context a path below the state, the inputs of
// each continuation (all but its last token) a path below its context.
struct ItemsTree {
  TokenTree tree;
  std::vector<int64_t> scored_nodes;                         // nodes whose logits scoring reads, ascending
  std::vector<int64_t> context_end;                          // per item: last context node or kState
  std::vector<std::vector<std::vector<int64_t>>> input_nodes;  // per item, continuation: its nodes
};
ItemsTree items_tree(const std::vector<ScoringItem>& items);

// Per-token scores of every continuation from the logits of the scored nodes [scored_nodes.size(), V]
// (undefined when there are none) and the state's last logits [V].
std::vector<std::vector<TokenScores>> score_items(const ItemsTree& layout, const std::vector<ScoringItem>& items,
                                                  const at::Tensor& scored_logits, const at::Tensor& state_logits);

// Greedy decoding of several prompts after one state, all in `tree` (empty on entry): each step
// feeds the newest token of every unfinished request in one pass. `read(first, nodes)` runs the tree
// nodes added since `first` and returns the logits [n, V] of `nodes`; `state_logits` [V] are the
// state's last logits. Stop rules as greedy_decode(), per request.
using TreeReader = std::function<at::Tensor(int64_t first, const std::vector<int64_t>& nodes)>;
std::vector<TokenIds> greedy_decode_tree(const std::vector<GenerationRequest>& requests, const at::Tensor& state_logits,
                                         int32_t eos_id, TokenTree& tree, const TreeReader& read);

}  // namespace fot
