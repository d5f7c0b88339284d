// Statistics for result rows: mean, closed-form standard error, Wilson interval.
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

struct Summary {
  int64_t n = 0;
  double mean = 0.0;
  std::optional<double> std_error;  // sample std (n-1) / sqrt(n); none for n < 2 (lm-eval's "N/A")
  Interval ci;                      // Wilson for 0/1 values, mean +- z * std_error otherwise
};

// values must be non-empty.
Summary summarize(const std::vector<double>& values);

}  // namespace fot
