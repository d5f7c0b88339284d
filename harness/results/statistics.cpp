#include "harness/results/statistics.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
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

double student_t_quantile(double probability, int64_t dof) {
  if (dof < 1) throw std::invalid_argument("student_t_quantile: dof must be at least 1");
  return boost::math::quantile(boost::math::students_t_distribution<double>(static_cast<double>(dof)), probability);
}

Summary summarize(const std::vector<double>& values, IntervalMethod method) {
  if (values.empty()) throw std::invalid_argument("summarize: no values");
  Summary out;
  out.n = static_cast<int64_t>(values.size());
  double sum = 0.0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(out.n);
  if (!std::isfinite(out.mean)) {  // a NaN or infinite value: no spread or interval to speak of
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (out.n >= 2) out.std_error = nan;
    out.ci = {nan, nan};
    return out;
  }
  if (out.n >= 2) {
    double squares = 0.0;
    for (double v : values) squares += (v - out.mean) * (v - out.mean);
    out.std_error = std::sqrt(squares / static_cast<double>(out.n - 1)) / std::sqrt(static_cast<double>(out.n));
  }
  if (method == IntervalMethod::kWilson) {
    out.ci = wilson_interval(sum, out.n);
  } else {
    const double half = out.std_error ? student_t_quantile(0.975, out.n - 1) * *out.std_error : 0.0;
    out.ci = {out.mean - half, out.mean + half};
  }
  return out;
}

}  // namespace fot
