// What a model's samples depend on, by content rather than by path: a checkpoint spelled
// `zoo/x`, `./zoo/x` or as an absolute path is one model, and a retrained checkpoint in the same
// place is another. No LibTorch.
#pragma once

#include <string>

#include "models/model_factory.h"

namespace fot {

// The SHA-256 of every byte of a file (what `sha256sum` prints), so that an edit anywhere (one norm
// weight, an ablated head) is another identity. Computed once per file and remembered in the
// identity cache (common/file_hash_cache.h); hashing a large file the first time reports progress
// and an ETA on stderr. Throws fot::InputError naming a missing or unreadable file.
std::string file_fingerprint(const std::string& path);

// Fingerprint of a checkpoint (an HF directory: config.json and every weights or index file in it;
// or a single weights file with, for HF, the config.json beside it) together with the tokenizer the
// spec implies (spec.tokenizer or <checkpoint dir>/tokenizer.model). Paths do not enter it, only
// file names within the checkpoint and contents. Mock specs have no files: "".
std::string model_content_fingerprint(const ModelSpec& spec);

}  // namespace fot
