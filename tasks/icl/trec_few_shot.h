// TREC few-shot pieces for one tokenizer and label set: every train row as a demonstration (its
// gold label verbalized), every test question as a prompt, every label as a candidate.
#pragma once

#include <vector>

#include "tasks/icl/few_shot_layout.h"
#include "tasks/icl/trec_data.h"
#include "tasks/icl/trec_labels.h"

namespace fot::icl {

EncodedFewShot encode_trec(const TextCodec& codec, const TrecSplits& splits, TrecVariant variant);

// The gold label index (into trec_labels(variant)) of each question.
std::vector<int> trec_gold_labels(const std::vector<TrecQuestion>& questions, TrecVariant variant);

}  // namespace fot::icl
