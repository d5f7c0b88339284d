// The demonstration and test-prompt texts of docs/few-shot-protocol.md section 3 (Hao et al.'s templates). A
// demonstration is the test prompt followed by " " and its answer; the answer's leading space comes
// from SentencePiece's dummy prefix when the answer is encoded on its own.
#pragma once

#include <string>

namespace fot::icl {

std::string trec_test_prompt(const std::string& question);  // "Question: {question} Type:"
std::string trec_demonstration(const std::string& question, const std::string& verbalizer);

std::string webqs_test_prompt(const std::string& utterance);  // "Question: {utterance} Answer:"
std::string webqs_demonstration(const std::string& utterance, const std::string& answer);

}  // namespace fot::icl
