#include "tasks/icl/webqs_few_shot.h"

#include "tasks/icl/few_shot_text.h"

namespace fot::icl {

EncodedFewShot encode_webqs(const TextCodec& codec, const WebqsSplits& splits) {
  std::vector<std::string> demonstrations, prompts;
  for (const auto& q : splits.train) demonstrations.push_back(webqs_demonstration(q.utterance, q.answers.back()));
  for (const auto& q : splits.test) prompts.push_back(webqs_test_prompt(q.utterance));
  return encode_few_shot(codec, demonstrations, prompts, {}, kWebqsAnswerReserve);
}

}  // namespace fot::icl
