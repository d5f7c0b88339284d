#include "tasks/icl/trec_few_shot.h"

#include <stdexcept>

#include "tasks/icl/few_shot_text.h"

namespace fot::icl {

std::vector<int> trec_gold_labels(const std::vector<TrecQuestion>& questions, TrecVariant variant) {
  std::vector<int> gold;
  gold.reserve(questions.size());
  for (const auto& q : questions) {
    const int index = trec_label_index(variant, q.coarse, q.fine);
    if (index < 0) throw std::runtime_error("TREC label " + q.coarse + ":" + q.fine + " is not in the label set");
    gold.push_back(index);
  }
  return gold;
}

EncodedFewShot encode_trec(const TextCodec& codec, const TrecSplits& splits, TrecVariant variant) {
  const auto& labels = trec_labels(variant);
  const auto train_gold = trec_gold_labels(splits.train, variant);
  std::vector<std::string> demonstrations, prompts, candidates;
  for (size_t i = 0; i < splits.train.size(); ++i)
    demonstrations.push_back(trec_demonstration(splits.train[i].text, labels[train_gold[i]].verbalizer));
  for (const auto& q : splits.test) prompts.push_back(trec_test_prompt(q.text));
  for (const auto& label : labels) candidates.push_back(label.verbalizer);
  return encode_few_shot(codec, demonstrations, prompts, candidates);
}

}  // namespace fot::icl
