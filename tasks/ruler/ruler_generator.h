// RULER's synthetic samples (NVIDIA/RULER scripts/data/synthetic/*.py at commit c3f5e3b, as
// prepare.py runs them for a base model): the first `num_samples` lines of the validation.jsonl its
// generator writes for one max_seq_length, byte for byte, given the same tokenizer. Sample t does
// not depend on num_samples. docs/ruler.md says what each task tests. No LibTorch.
#pragma once

#include <cstdint>
#include <vector>

#include "tasks/ruler/ruler_settings.h"

namespace fot::ruler {

// Throws fot::InputError for settings RULER's code would reject or loop on for ever, and when a
// file the settings need is missing from data_dir.
std::vector<Sample> generate_samples(const Settings& settings, const TokenCounter& count_tokens,
                                     int64_t max_seq_length, int64_t num_samples);

}  // namespace fot::ruler
