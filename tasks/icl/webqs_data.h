// The original WebQuestions release files (Berant et al. 2013, SEMPRE): one JSON array of
// {"url", "targetValue", "utterance"} objects. The answers come from `targetValue`, a SEMPRE list
// `(list (description X) ...)`, in list order, read exactly as the HF `datasets` web_questions
// loader's regular expression reads it (docs/few-shot-protocol.md section 1), quirks included: a quoted answer
// that itself holds a quote is taken, quotes and all, up to the next ')'.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fot::icl {

struct WebqsQuestion {
  std::string utterance;             // verbatim: "what is the name of justin bieber brother?"
  std::vector<std::string> answers;  // in targetValue order; the last one answers a demonstration
  int64_t line = 0;                  // 1-based line of the object's opening brace
};

// The answers of one targetValue (the HF regex: drop a leading "(list " and one trailing ")", then
// every (description "X") or (description X)).
std::vector<std::string> parse_target_value(const std::string& target_value);

// fot::InputError naming the file and line for malformed JSON, a missing or non-string field, or a
// targetValue without answers; a missing file is named.
std::vector<WebqsQuestion> read_webqs_file(const std::string& path);

struct WebqsSplits {
  std::vector<WebqsQuestion> train;  // <data_dir>/webquestions/webquestions.examples.train.json
  std::vector<WebqsQuestion> test;   // <data_dir>/webquestions/webquestions.examples.test.json
};

WebqsSplits load_webqs(const std::string& data_dir);

}  // namespace fot::icl
