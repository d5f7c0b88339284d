// One loglikelihood request of lm-evaluation-harness v0.3.0: log p(continuation | context).
#pragma once

#include <string>
#include <vector>

namespace fot::zeroshot {

struct Request {
  std::string context;
  std::string continuation;
  bool operator==(const Request& other) const {
    return context == other.context && continuation == other.continuation;
  }
};

// The request list as v0.3.0's tests/test_version_stable.py hashes it (docs/lmeval-v03-parity.md
// section 2, "Self-check"): json.dumps([[context, continuation], ...], sort_keys=True) with ", " /
// ": " separators and ensure_ascii escaping (\uXXXX lower-case hex, surrogate pairs above U+FFFF).
// Hash it with sha256.
std::string python_json_dumps(const std::vector<Request>& requests);

// One string as Python's json.dumps(s) (ensure_ascii=True) writes it, quotes included.
std::string python_json_string(const std::string& utf8);

}  // namespace fot::zeroshot
