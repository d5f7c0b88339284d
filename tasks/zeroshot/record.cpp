#include "tasks/zeroshot/record.h"

#include "tasks/common/python/text.h"

namespace fot::zeroshot {

std::string record_context(const std::string& passage) {
  const std::string text = python::strip(passage);
  const std::string separator = "\n@highlight\n";
  std::vector<std::string> pieces;
  size_t start = 0;
  for (size_t hit; (hit = text.find(separator, start)) != std::string::npos; start = hit + separator.size())
    pieces.push_back(text.substr(start, hit - start));
  pieces.push_back(text.substr(start));
  std::string context = pieces[0] + "\n\n";
  for (size_t i = 1; i < pieces.size(); ++i) context += "  - " + pieces[i] + ".\n";
  return context;
}

std::string record_continuation(const std::string& query, const std::string& entity) {
  const std::string text = "  - " + query;
  const std::string placeholder = "@placeholder";
  std::string out;
  size_t start = 0;
  for (size_t hit; (hit = text.find(placeholder, start)) != std::string::npos; start = hit + placeholder.size())
    out += text.substr(start, hit - start) + entity;
  return out + text.substr(start);
}

std::vector<Request> record_requests(const Doc& doc) {
  const std::string context = record_context(doc.field("passage"));
  std::vector<Request> requests;
  for (const auto& entity : doc.choices) requests.push_back({context, record_continuation(doc.field("query"), entity)});
  return requests;
}

}  // namespace fot::zeroshot
