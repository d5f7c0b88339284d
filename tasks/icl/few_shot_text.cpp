#include "tasks/icl/few_shot_text.h"

namespace fot::icl {

std::string trec_test_prompt(const std::string& question) { return "Question: " + question + " Type:"; }

std::string trec_demonstration(const std::string& question, const std::string& verbalizer) {
  return trec_test_prompt(question) + " " + verbalizer;
}

std::string webqs_test_prompt(const std::string& utterance) { return "Question: " + utterance + " Answer:"; }

std::string webqs_demonstration(const std::string& utterance, const std::string& answer) {
  return webqs_test_prompt(utterance) + " " + answer;
}

}  // namespace fot::icl
