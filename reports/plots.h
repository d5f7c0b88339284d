// Plots through gnuplot, PNG and SVG, under <results dir>/plots/:
//   accuracy_<task>_<variant>: accuracy vs context length (log x), one line per model/memory
//     configuration, 95% CI bars, from the rows pooled over depths;
//   heatmap_<model>_<task>_<variant>: depth x length grid of accuracy, from the per-depth rows.
// Each plot keeps its .dat and .gp beside the images, so `gnuplot <name>.gp` redraws it.
#pragma once

#include <string>
#include <vector>

#include "reports/result_row.h"

namespace fot {

struct PlotOutput {
  std::vector<std::string> images;    // PNG paths relative to the results dir
  std::vector<std::string> files;     // every file written, relative to the results dir
  std::vector<std::string> warnings;  // e.g. gnuplot missing: data and scripts written, no images
};

// Plots the "acc" rows. Images are written atomically (temporary name, then rename).
PlotOutput write_plots(const std::string& results_dir, const std::vector<ResultRow>& rows);

}  // namespace fot
