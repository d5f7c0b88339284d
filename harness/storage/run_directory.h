// The run directory: where a run's files go, and what may happen to an earlier run's files there
// (continued with --resume, deleted with --overwrite, otherwise refused).
#pragma once

#include <string>
#include <vector>

namespace fot {

// The files a run writes into its output directory (plots/ is a folder).
const std::vector<std::string>& run_file_names();

// Creates `dir` if needed and checks it is writable. An earlier run's files there are fot::InputError
// unless `resume` (kept) or `overwrite` (deleted); both at once is fot::InputError too.
void open_run_directory(const std::string& dir, bool resume, bool overwrite);

}  // namespace fot
