// Plots through gnuplot, PNG and SVG, under <results dir>/plots/, of each task's main metric:
//   accuracy_<task>_<variant> (or <metric>_<task>_<variant>): the metric vs context length (log x)
//     for tasks with a length axis, one line per model/memory configuration in config order, 95% CI
//     bars, from the rows pooled over depths and draws;
//   bars_main_metric: a grouped bar chart of model x task, with CI bars, for tasks without one;
//   heatmap_<model>_<task>_<variant>: depth x length grid, from the per-depth rows.
// Each plot keeps its .dat and .gp beside the images, so `gnuplot <name>.gp` redraws it.
#pragma once

#include <string>
#include <vector>

#include "harness/results/result_row.h"

namespace fot {

struct PlotOutput {
  std::vector<std::string> images;    // PNG paths relative to the results dir
  std::vector<std::string> files;     // every file written, relative to the results dir
  std::vector<std::string> warnings;  // e.g. gnuplot missing: data and scripts written, no images
};

// Plots the rows of each task's main metric. Images are written atomically (temporary name, then rename).
PlotOutput write_plots(const std::string& results_dir, const std::vector<ResultRow>& rows);

}  // namespace fot
