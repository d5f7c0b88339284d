// Final output files appear whole or not at all: written to a temporary file beside the target,
// flushed to disk, then renamed over it.
#pragma once

#include <string>

namespace fot {

// Throws std::runtime_error naming the path when writing fails.
void write_file_atomic(const std::string& path, const std::string& content);

// "<path>.tmp.<pid>", the temporary name used for `path`.
std::string temporary_path(const std::string& path);

// Renames tmp over path (throws std::runtime_error on failure).
void commit_file(const std::string& tmp, const std::string& path);

}  // namespace fot
