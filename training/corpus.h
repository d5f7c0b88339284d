// Text for training the tokenizer (spm_train): passkey prompts in the C.1 format with short filler,
// so the description, needle and question words are frequent enough to become whole pieces.
#pragma once

#include <cstdint>
#include <string>

namespace fot::train {

void write_tokenizer_corpus(const std::string& path, int64_t documents, uint64_t seed);

}  // namespace fot::train
