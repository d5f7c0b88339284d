// WebQS few-shot pieces for one tokenizer: every train row as a demonstration answered with its
// LAST gold answer (Hao et al.'s label = -1), every test question as a prompt, and the 50-token
// answer reserve of the budget rule.
#pragma once

#include "tasks/icl/few_shot_layout.h"
#include "tasks/icl/webqs_data.h"

namespace fot::icl {

constexpr int64_t kWebqsAnswerReserve = 50;

EncodedFewShot encode_webqs(const TextCodec& codec, const WebqsSplits& splits);

}  // namespace fot::icl
