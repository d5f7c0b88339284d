// Statistics for result rows: mean, closed-form standard error, Wilson and Student-t intervals.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fot {

constexpr double kZ95 = 1.959963984540054;  // two-sided 95% normal quantile

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// Wilson score interval for `successes` out of n trials (n > 0).
Interval wilson_interval(double successes, int64_t n, double z = kZ95);

// Two-sided quantile of Student's t with `dof` degrees of freedom (dof >= 1), e.g. 0.975.
double student_t_quantile(double probability, int64_t dof);

enum class IntervalMethod { kWilson, kStudentT };

struct Summary {
  int64_t n = 0;
  double mean = 0.0;
  std::optional<double> std_error;  // sample std (n-1) / sqrt(n); none for n < 2 (lm-eval's "N/A")
  Interval ci;                      // 95%; the mean itself when n < 2 and the method is t
};

// values must be non-empty. kWilson expects 0/1 values; kStudentT gives mean +- t(0.975, n-1) * stderr.
Summary summarize(const std::vector<double>& values, IntervalMethod method);

}  // namespace fot
