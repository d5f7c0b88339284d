#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "harness/cli/command.h"
#include "harness/cli/flags.h"
#include "harness/results/compare/compare_runs.h"
#include "common/atomic_file.h"

namespace fot::cli {

int run_compare(const std::vector<std::string>& args) {
  po::options_description flags("compare options");
  po::positional_options_description positional;
  std::string baseline, candidate, output, json_path, markdown_path;
  std::vector<std::string> tolerances;
  CompareOptions options;
  flags.add_options()("baseline", po::value(&baseline)->required(), "the baseline run directory (first argument)")(
      "candidate", po::value(&candidate)->required(), "the candidate run directory (second argument)")(
      "tolerance", po::value(&tolerances)->composing(),
      "METRIC=X: the metric may fall by X (absolute) or X% (of the baseline) before a significant fall is a "
      "regression; repeatable (default: 0.05 for 0/1 metrics, 5% for continuous ones)")(
      "level", po::value(&options.level)->default_value(0.05), "significance level of the paired tests")(
      "seed", po::value(&options.seed)->default_value(options.seed), "bootstrap seed")(
      "resamples", po::value(&options.resamples)->default_value(options.resamples), "bootstrap resamples")(
      "output,o", po::value(&output), "write comparison.md and comparison.json into this directory")(
      "json", po::value(&json_path), "write the JSON comparison to this file")(
      "markdown", po::value(&markdown_path), "write the Markdown comparison to this file");
  positional.add("baseline", 1).add("candidate", 1);
  po::variables_map values;
  if (!parse_flags(args, flags, "compare BASELINE CANDIDATE [options]", values, &positional)) return kExitOk;
  if (!(options.level > 0.0 && options.level < 1.0))
    throw BadInput(fmt::format("--level {}: must lie strictly between 0 and 1", options.level));
  if (options.resamples < 1) throw BadInput("--resamples must be at least 1");
  for (const auto& t : tolerances) options.tolerances.insert_or_assign(parse_tolerance(t).first, parse_tolerance(t).second);

  Comparison comparison;
  try {
    comparison = compare_runs(baseline, candidate, options);
  } catch (const nlohmann::json::exception& error) {  // a sample field of the wrong type
    throw BadInput(fmt::format("cannot compare {} with {}: {}", baseline, candidate, error.what()));
  }
  const std::string markdown = comparison_markdown(comparison);
  const std::string json = comparison_json(comparison).dump(2) + "\n";
  if (!output.empty()) {
    std::filesystem::create_directories(output);
    write_file_atomic((std::filesystem::path(output) / "comparison.md").string(), markdown);
    write_file_atomic((std::filesystem::path(output) / "comparison.json").string(), json);
  }
  if (!json_path.empty()) write_file_atomic(json_path, json);
  if (!markdown_path.empty()) write_file_atomic(markdown_path, markdown);
  if (output.empty() && json_path.empty() && markdown_path.empty()) std::cout << markdown;
  const size_t regressed = comparison.regressed();
  const std::string lines = regression_lines(comparison);
  std::cout << lines;
  std::cerr << lines;
  const size_t not_comparable = comparison.not_comparable();
  std::cout << fmt::format("compare: {} of {} rows regressed (level {}){}{}\n", regressed, comparison.rows.size(),
                           options.level,
                           not_comparable ? fmt::format(", {} not comparable (NaN or infinite samples)", not_comparable) : "",
                           output.empty() ? "" : ", wrote " + output);
  return regressed > 0 ? kExitRegressed : kExitOk;
}

}  // namespace fot::cli
