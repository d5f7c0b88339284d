#include "harness/stats/summary.h"

#include <cmath>
#include <stdexcept>

namespace fot {

Interval wilson_interval(double successes, int64_t n, double z) {
  if (n <= 0) throw std::invalid_argument("wilson_interval: n must be positive");
  const double nn = static_cast<double>(n);
  const double p = successes / nn;
  const double z2 = z * z;
  const double center = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

Summary summarize(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("summarize: no values");
  Summary out;
  out.n = static_cast<int64_t>(values.size());
  double sum = 0.0;
  bool binary = true;
  for (double v : values) {
    sum += v;
    binary = binary && (v == 0.0 || v == 1.0);
  }
  out.mean = sum / static_cast<double>(out.n);
  if (out.n >= 2) {
    double squares = 0.0;
    for (double v : values) squares += (v - out.mean) * (v - out.mean);
    out.std_error = std::sqrt(squares / static_cast<double>(out.n - 1)) / std::sqrt(static_cast<double>(out.n));
  }
  if (binary) {
    out.ci = wilson_interval(sum, out.n);
  } else {
    const double half = out.std_error ? kZ95 * *out.std_error : 0.0;
    out.ci = {out.mean - half, out.mean + half};
  }
  return out;
}

}  // namespace fot
