#include "tasks/zeroshot/winogrande.h"

#include "tasks/common/python/text.h"

namespace fot::zeroshot {

std::string winogrande_partial_context(const std::string& sentence, const std::string& option) {
  return sentence.substr(0, sentence.find('_')) + option;
}

std::string winogrande_partial_target(const std::string& sentence) {
  return " " + python::strip(sentence.substr(sentence.find('_') + 1));
}

namespace {

// "\n\n".join([*pieces, partial]) if pieces else partial, where pieces = ctx.split("\n\n")[:-1].
// Python's split finds separators left to right without overlap, so in "a\n\n\nb" the last piece is
// "\nb": the kept prefix ends at the last separator of that scan, not at rfind's.
std::string append_context(const std::string& ctx, const std::string& partial) {
  size_t last = std::string::npos;
  for (size_t hit = ctx.find("\n\n"); hit != std::string::npos; hit = ctx.find("\n\n", hit + 2)) last = hit;
  if (last == std::string::npos) return partial;
  return ctx.substr(0, last) + "\n\n" + partial;
}

}  // namespace

std::vector<Request> winogrande_requests(const Doc& doc) {
  const std::string& sentence = doc.field("sentence");
  const std::string ctx = winogrande_partial_context(sentence, doc.choices.at(doc.gold));  // doc_to_text
  const std::string target = winogrande_partial_target(sentence);
  std::vector<Request> requests;
  for (const auto& option : doc.choices)
    requests.push_back({append_context(ctx, winogrande_partial_context(sentence, option)), target});
  return requests;
}

}  // namespace fot::zeroshot
