// What a model's samples depend on, by content rather than by path: a checkpoint spelled
// `zoo/x`, `./zoo/x` or as an absolute path is one model, and a retrained checkpoint in the same
// place is another. No LibTorch.
#pragma once

#include <string>

#include "models/model_factory.h"

namespace fot {

// sha256 of a file's size and contents. Files up to 4 MiB are hashed whole; larger ones (weights)
// by their size and 64 blocks of 64 KiB at evenly spaced offsets, first and last included: weights
// of two different trainings differ in every block, and a 7 GB checkpoint is fingerprinted in
// milliseconds instead of the minute a full hash takes. Throws fot::InputError naming a missing or
// unreadable file.
std::string file_fingerprint(const std::string& path);

// Fingerprint of a checkpoint (an HF directory: config.json and every weights or index file in it;
// or a single weights file with, for HF, the config.json beside it) together with the tokenizer the
// spec implies (spec.tokenizer or <checkpoint dir>/tokenizer.model). Paths do not enter it, only
// file names within the checkpoint and contents. Mock specs have no files: "".
std::string model_content_fingerprint(const ModelSpec& spec);

}  // namespace fot
