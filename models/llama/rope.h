// Rotary position embedding in the HF "rotate_half" layout: dims (j, j + D/2) form a pair,
// rotated by pos * theta^(-2j/D).
#pragma once

#include <ATen/ATen.h>

namespace fot {

class Rope {
 public:
  Rope(int64_t head_dim, double theta);
  // x [heads, T, D] fp32; token t sits at position first_position + t. Returns a new tensor.
  at::Tensor rotate(const at::Tensor& x, int64_t first_position) const;
  // The same with token t at positions[t] ([T] int64), for tree-shaped batches.
  at::Tensor rotate(const at::Tensor& x, const at::Tensor& positions) const;
  int64_t head_dim() const { return head_dim_; }

 private:
  // cos/sin [T, D] for positions first..first+T-1, computed in double and rounded once.
  std::pair<at::Tensor, at::Tensor> tables(int64_t first_position, int64_t count) const;
  std::pair<at::Tensor, at::Tensor> tables(const at::Tensor& positions) const;
  at::Tensor apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) const;
  int64_t head_dim_;
  double theta_;
};

}  // namespace fot
