#include "models/llama/rope.h"

#include <cmath>

namespace fot {

Rope::Rope(int64_t head_dim, double theta) : head_dim_(head_dim), theta_(theta) {}

std::pair<at::Tensor, at::Tensor> Rope::tables(int64_t first_position, int64_t count) const {
  return tables(at::arange(first_position, first_position + count, at::kLong));
}

std::pair<at::Tensor, at::Tensor> Rope::tables(const at::Tensor& positions_in) const {
  const int64_t half = head_dim_ / 2;
  auto inv_freq = at::arange(0, half, at::kDouble).mul_(-2.0 / static_cast<double>(head_dim_)).mul_(std::log(theta_)).exp_();
  auto positions = positions_in.to(at::kDouble);
  auto angles = at::outer(positions, inv_freq);  // [T, half]
  auto angles_full = at::cat({angles, angles}, 1);
  return {angles_full.cos().to(at::kFloat), angles_full.sin().to(at::kFloat)};
}

at::Tensor Rope::rotate(const at::Tensor& x, int64_t first_position) const {
  auto [cos, sin] = tables(first_position, x.size(-2));
  return apply(x, cos, sin);
}

at::Tensor Rope::rotate(const at::Tensor& x, const at::Tensor& positions) const {
  auto [cos, sin] = tables(positions);
  return apply(x, cos, sin);
}

at::Tensor Rope::apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) const {
  const int64_t half = head_dim_ / 2;
  auto x1 = x.narrow(-1, 0, half);
  auto x2 = x.narrow(-1, half, half);
  auto rotated_half = at::cat({x2.neg(), x1}, -1);
  return x * cos + rotated_half * sin;
}

}  // namespace fot
