// Aggregation as lm-eval v0.3.0's metrics.py does it (every row of the LongLLaMA table: mean with
// mean_stderr, no bootstrap), and the paper's average over its 21 rows.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fot::zeroshot {

// metrics.py: mean = sum/n; sample_stddev with n-1; mean_stderr = sample_stddev / sqrt(n).
double mean(const std::vector<double>& values);
double sample_stddev(const std::vector<double>& values);
double mean_stderr(const std::vector<double>& values);

// The 21 (task, metric) rows of the LongLLaMA zero-shot table, in its order.
const std::vector<std::pair<std::string, std::string>>& paper_rows();
// The paper's "Avg": the mean of the 21 rows. Throws std::invalid_argument naming a missing row.
double paper_average(const std::map<std::pair<std::string, std::string>, double>& results);

}  // namespace fot::zeroshot
